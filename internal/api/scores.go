package api

import (
	"context"
	"fmt"
	"mime"
	"net/http"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"github.com/kinerja/kinerja/internal/calc"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/i18n"
	"github.com/kinerja/kinerja/internal/service"
)

// scoreErrors are the refusals every score operation may answer.
var scoreErrors = []int{http.StatusUnauthorized, http.StatusForbidden, http.StatusNotFound}

func (a *API) scoreRoutes() {
	tags := []string{"Scores"}
	register(a, huma.Operation{OperationID: "get-score", Method: http.MethodGet, Path: "/plans/{id}/scores/{period}",
		Summary: "The NKP of a plan's owner", Tags: tags,
		Description: "The scores of a plan's owner for a quarter (1–4) or the year (0), as `get-quarter-score` answers them. Confidential: " +
			"only the employee, the supervisor chain, the pengelola kinerja and admins read it; service accounts never do.",
		Errors: []int{http.StatusForbidden, http.StatusNotFound, http.StatusUnprocessableEntity}}, a.getPlanScore)
	huma.Register(a.h, huma.Operation{OperationID: "get-quarter-score", Method: http.MethodGet, Path: "/employees/{id}/scores/{year}/{quarter}",
		Summary: "An employee's score (NKP) of a quarter", Tags: tags, Errors: scoreErrors,
		Description: "NHK, NPK and NKP with their calibrated and adjusted values, the adjustments, the ratings and the predicate " +
			"(SPEC §10.6, §14). Confidential: the employee, their supervisor chain, the pengelola kinerja and admins; anyone else gets 403. " +
			"The 360° assessment appears only as counts and means per rater group: no peer's or subordinate's name or score. " +
			"A quarter whose NKP decree is set answers the decreed figures (`official`)."}, a.getQuarterScore)
	huma.Register(a.h, huma.Operation{OperationID: "get-year-score", Method: http.MethodGet, Path: "/employees/{id}/scores/{year}",
		Summary: "An employee's score (NKP) of a year", Tags: tags, Errors: scoreErrors,
		Description: "As the quarter, for the year: `npk` is the mean of the quarterly NPKs listed in `quarters`; NHK is the year's."}, a.getYearScore)
	huma.Register(a.h, huma.Operation{OperationID: "get-decree", Method: http.MethodGet, Path: "/years/{year}/quarters/{quarter}/decree",
		Summary: "The NKP decree (SKEP NKP) of an office's quarter", Tags: tags, Errors: scoreErrors,
		Description: "One row per employee in `items`, as frozen when the head set the decree; 404 while none is set. " +
			"For the office's head, its TPK members, the pengelola kinerja and admins."}, a.getDecree)
	huma.Register(a.h, huma.Operation{OperationID: "set-decree", Method: http.MethodPost, Path: "/years/{year}/quarters/{quarter}/decree",
		Summary: "Set the NKP decree of an office's quarter", Tags: tags, DefaultStatus: http.StatusCreated,
		Errors: []int{http.StatusUnauthorized, http.StatusForbidden, http.StatusNotFound, http.StatusConflict, http.StatusUnprocessableEntity},
		Description: "The head of the office freezes every employee's score of the quarter. Refused (409, naming them) while anyone " +
			"cannot be scored. A later decree is a new version."}, a.setDecree)
	huma.Register(a.h, huma.Operation{OperationID: "get-distribution", Method: http.MethodGet, Path: "/years/{year}/distribution",
		Summary: "The predicate distribution guide of an office", Tags: tags, Errors: scoreErrors,
		Description: "The organisation's predicate (from the NKO predicate), the count and share of each employee predicate, the guide's " +
			"bounds and whether the office is within them, with the departures named (SPEC §14.8). It advises and never blocks."}, a.getDistribution)
	huma.Register(a.h, huma.Operation{OperationID: "get-ekinerja-export", Method: http.MethodGet, Path: "/years/{year}/ekinerja-export",
		Summary: "The BKN e-Kinerja reconciliation export of an office's year", Tags: tags, Errors: scoreErrors,
		Description: "One row per employee and plan, keyed by `nip`, with the columns of SPEC §14.10 (`" + strings.Join(service.ExportColumns, "`, `") + "`), " +
			"as CSV or XLSX. For the pengelola kinerja and admins.",
		Responses: map[string]*huma.Response{"200": {Description: "The export", Content: map[string]*huma.MediaType{
			"text/csv": {}, service.ContentXLSX: {}}}}}, a.getEKinerja)
}

type ekinerjaIn struct {
	Year   int    `path:"year" minimum:"2000" maximum:"2100"`
	Office int64  `query:"office" doc:"the office (default: the caller's own)"`
	Format string `query:"format" enum:"csv,xlsx" default:"csv"`
}

func (a *API) getEKinerja(ctx context.Context, in *ekinerjaIn) (*fileOut, error) {
	office, err := a.officeOf(ctx, in.Office)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	x, err := a.svc.EKinerja(ctx, actorOf(ctx), office, in.Year)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	name := fmt.Sprintf("e-kinerja-%s-%d.%s", x.Office.Code, in.Year, in.Format)
	data, ct := []byte(nil), "text/csv; charset=utf-8"
	if in.Format == "xlsx" {
		data, ct = nil, service.ContentXLSX
		data, err = x.XLSX()
	} else {
		data, err = x.CSV()
	}
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &fileOut{ContentType: ct, ContentDisposition: mime.FormatMediaType("attachment", map[string]string{"filename": name}), Body: data}, nil
}

// RaterCounts counts the raters who scored, per group.
type RaterCounts struct {
	Supervisor   int `json:"supervisor"`
	Peers        int `json:"peers"`
	Subordinates int `json:"subordinates"`
}

// AspectScore is one BerAKHLAK value: its score and each group's mean.
type AspectScore struct {
	Aspect       string   `json:"aspect"`
	Score        float64  `json:"score" doc:"the weighted mean of the groups present"`
	Supervisor   *float64 `json:"supervisor" doc:"the supervisor's score"`
	Peers        *float64 `json:"peers" doc:"the peers' mean; no individual peer's score is given"`
	Subordinates *float64 `json:"subordinates" doc:"the subordinates' mean"`
}

// ScoreAdjustments are what the TPK's session changed.
type ScoreAdjustments struct {
	Discipline float64 `json:"discipline" doc:"the discipline penalty in force, computed from the penalties entered"`
	Impact     float64 `json:"impact" doc:"the superior's impact of the subordinates' penalties"`
	Correction float64 `json:"correction" doc:"the TPK's correction, within ±5"`
	Reason     string  `json:"reason"`
}

// Ratings are the work-result and behaviour ratings.
type Ratings struct {
	Reading        string  `json:"reading" doc:"tabel_47 (KMK 127/2026), or the older nkp or nhk reading of the rule set"`
	Work           string  `json:"work" enum:"above,meets,below"`
	Behaviour      string  `json:"behaviour" enum:"above,meets,below"`
	WorkValue      float64 `json:"work_value" doc:"the value the work result is rated by"`
	BehaviourValue float64 `json:"behaviour_value" doc:"the value behaviour is rated by"`
}

// QuarterNPK is a quarter's NPK in a year's score.
type QuarterNPK struct {
	Quarter int      `json:"quarter"`
	NPK     *float64 `json:"npk" doc:"null when the quarter has no behaviour assessment"`
}

// Score is an employee's NKP of a quarter or a year.
type Score struct {
	EmployeeID    int64            `json:"employee_id"`
	Name          string           `json:"name"`
	PlanID        int64            `json:"plan_id"`
	Year          int              `json:"year"`
	Quarter       int              `json:"quarter" doc:"1–4; 0 for the year"`
	NHK           *float64         `json:"nhk" doc:"null while it cannot be computed"`
	NHKCalibrated *float64         `json:"nhk_calibrated"`
	NPK           *float64         `json:"npk" doc:"for the year, the mean of the quarterly NPKs"`
	NPKCalibrated *float64         `json:"npk_calibrated"`
	NKPInitial    *float64         `json:"nkp_initial" doc:"NKP awal"`
	NKPAdjusted   *float64         `json:"nkp_adjusted"`
	NKP           *float64         `json:"nkp"`
	NKO           *float64         `json:"nko"`
	NKOOfficial   bool             `json:"nko_official"`
	Adjustments   ScoreAdjustments `json:"adjustments"`
	Ratings       *Ratings         `json:"ratings"`
	Predicate     *string          `json:"predicate"`
	Raters        RaterCounts      `json:"raters"`
	Behaviour     []AspectScore    `json:"behaviour"`
	Quarters      []QuarterNPK     `json:"quarters,omitempty" doc:"the year: each quarter's NPK"`
	Provisional   bool             `json:"provisional" doc:"some figure is not verified yet"`
	Official      bool             `json:"official" doc:"frozen by the quarter's NKP decree"`
	Missing       []string         `json:"missing" doc:"why no NKP can be computed yet"`
	Explanation   []string         `json:"explanation"`
}

func scoreOf(v service.ScoreView, lang string) Score {
	tr := func(m domain.Msg) string { return i18n.Text(lang, m.Key, m.Args, m.Texts) }
	out := Score{EmployeeID: v.Employee.ID, Name: v.Employee.Name, PlanID: v.Plan.ID, Year: v.Year.Year, Quarter: v.Period,
		NPK: opt(v.NPK, true), NKO: opt(v.NKO, true), NKOOfficial: v.NKOOfficial, Provisional: v.Provisional && v.Decree == nil,
		Official: v.Decree != nil, Missing: []string{}, Explanation: v.Explanation(lang), Behaviour: []AspectScore{},
		Adjustments: ScoreAdjustments{Discipline: calc.Round2(v.Discipline), Impact: calc.Round2(v.Impact),
			Correction: calc.Round2(v.Adjustment.Correction), Reason: v.Adjustment.Reason},
		Raters: RaterCounts{Supervisor: v.RaterCounts[calc.GroupSupervisor], Peers: v.RaterCounts[calc.GroupPeer], Subordinates: v.RaterCounts[calc.GroupSubordinate]}}
	if out.Explanation == nil {
		out.Explanation = []string{}
	}
	for _, m := range v.Missing {
		out.Missing = append(out.Missing, tr(m))
	}
	if r := v.Result; r != nil {
		f := func(x float64) *float64 { return opt(calc.Some(x), true) }
		out.NHK, out.NHKCalibrated, out.NPK, out.NPKCalibrated = f(r.NHK), f(r.NHKCalibrated), f(r.NPK), f(r.NPKCalibrated)
		out.NKPInitial, out.NKPAdjusted, out.NKP = f(r.NKPInitial), f(r.NKPAdjusted), f(r.NKP)
		out.Ratings = &Ratings{Reading: r.Reading, Work: string(r.WorkRating), Behaviour: string(r.BehaviourRating),
			WorkValue: calc.Round2(r.WorkValue), BehaviourValue: calc.Round2(r.BehaviourValue)}
		p := r.Predicate
		out.Predicate = &p
	}
	for i, asp := range domain.BehaviourAspects {
		if i >= len(v.Aspects) {
			break
		}
		as := AspectScore{Aspect: asp, Score: calc.Round2(v.Aspects[i])}
		for g, dst := range map[string]**float64{calc.GroupSupervisor: &as.Supervisor, calc.GroupPeer: &as.Peers, calc.GroupSubordinate: &as.Subordinates} {
			if m, ok := v.Groups[g]; ok && i < len(m) {
				*dst = opt(calc.Some(m[i]), true)
			}
		}
		out.Behaviour = append(out.Behaviour, as)
	}
	for i, q := range v.QuarterNPK {
		out.Quarters = append(out.Quarters, QuarterNPK{Quarter: i + 1, NPK: opt(q, true)})
	}
	return out
}

type planScoreIn struct {
	ID     int64 `path:"id"`
	Period int   `path:"period" minimum:"0" maximum:"4"`
}

func (a *API) getPlanScore(ctx context.Context, in *planScoreIn) (*bodyOut[Score], error) {
	v, err := a.svc.EmployeeScore(ctx, actorOf(ctx), in.ID, in.Period)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &bodyOut[Score]{Body: scoreOf(v, langOf(ctx))}, nil
}

type quarterScoreIn struct {
	ID      int64 `path:"id" doc:"the employee"`
	Year    int   `path:"year" minimum:"2000" maximum:"2100"`
	Quarter int   `path:"quarter" minimum:"1" maximum:"4"`
}

func (a *API) getQuarterScore(ctx context.Context, in *quarterScoreIn) (*bodyOut[Score], error) {
	v, err := a.svc.EmployeeScoreIn(ctx, actorOf(ctx), in.ID, in.Year, in.Quarter)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &bodyOut[Score]{Body: scoreOf(v, langOf(ctx))}, nil
}

type yearScoreIn struct {
	ID   int64 `path:"id" doc:"the employee"`
	Year int   `path:"year" minimum:"2000" maximum:"2100"`
}

func (a *API) getYearScore(ctx context.Context, in *yearScoreIn) (*bodyOut[Score], error) {
	v, err := a.svc.EmployeeScoreIn(ctx, actorOf(ctx), in.ID, in.Year, service.Year)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &bodyOut[Score]{Body: scoreOf(v, langOf(ctx))}, nil
}

// officeOf is the office asked for, or the caller's own.
func (a *API) officeOf(ctx context.Context, office int64) (int64, error) {
	if office != 0 {
		return office, nil
	}
	act := actorOf(ctx)
	c, err := a.svc.OrgChart(ctx, act)
	if err != nil {
		return 0, err
	}
	if office = c.EmployeeOffice(act.EmployeeID()); office == 0 {
		return 0, domain.Invalid("office", "err.required")
	}
	return office, nil
}

// DecreeItem is one employee's row of an NKP decree.
type DecreeItem struct {
	EmployeeID int64   `json:"employee_id"`
	NIP        string  `json:"nip"`
	Name       string  `json:"name"`
	Position   string  `json:"position"`
	NHK        float64 `json:"nhk" doc:"calibrated"`
	NPK        float64 `json:"npk" doc:"calibrated"`
	NKP        float64 `json:"nkp"`
	Predicate  string  `json:"predicate"`
}

// Decree is the SKEP NKP of an office's quarter.
type Decree struct {
	OfficeID int64        `json:"office_id"`
	Year     int          `json:"year"`
	Quarter  int          `json:"quarter"`
	Version  int          `json:"version" doc:"a later decree of the same quarter is a new version"`
	Number   string       `json:"number"`
	SetAt    string       `json:"set_at"`
	Items    []DecreeItem `json:"items"`
	Total    int          `json:"total"`
}

func decreeOf(d domain.Decree) Decree {
	out := Decree{OfficeID: d.OfficeID, Year: d.Year, Quarter: d.Quarter, Version: d.Version, Number: d.Number,
		SetAt: d.SetAt.UTC().Format("2006-01-02T15:04:05Z"), Items: []DecreeItem{}, Total: len(d.Items)}
	for _, it := range d.Items {
		out.Items = append(out.Items, DecreeItem{EmployeeID: it.EmployeeID, NIP: it.NIP, Name: it.Name, Position: it.Position,
			NHK: calc.Round2(it.NHKCalibrated), NPK: calc.Round2(it.NPKCalibrated), NKP: calc.Round2(it.NKP), Predicate: it.Predicate})
	}
	return out
}

type decreeIn struct {
	Year    int   `path:"year" minimum:"2000" maximum:"2100"`
	Quarter int   `path:"quarter" minimum:"1" maximum:"4"`
	Office  int64 `query:"office" doc:"the office (default: the caller's own)"`
}

func (a *API) getDecree(ctx context.Context, in *decreeIn) (*bodyOut[Decree], error) {
	office, err := a.officeOf(ctx, in.Office)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	d, err := a.svc.Decree(ctx, actorOf(ctx), office, in.Year, in.Quarter)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &bodyOut[Decree]{Body: decreeOf(d)}, nil
}

type setDecreeIn struct {
	Year    int   `path:"year" minimum:"2000" maximum:"2100"`
	Quarter int   `path:"quarter" minimum:"1" maximum:"4"`
	Office  int64 `query:"office" doc:"the office (default: the caller's own)"`
	Body    struct {
		Number string `json:"number" minLength:"1" maxLength:"200" doc:"the decree's number"`
	}
}

type decreeCreated struct {
	Location string `header:"Location"`
	Body     Decree
}

func (a *API) setDecree(ctx context.Context, in *setDecreeIn) (*decreeCreated, error) {
	office, err := a.officeOf(ctx, in.Office)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	d, err := a.svc.SetDecree(ctx, actorOf(ctx), office, in.Year, in.Quarter, in.Body.Number)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &decreeCreated{Location: fmt.Sprintf("%s/years/%d/quarters/%d/decree?office=%d", Prefix, in.Year, in.Quarter, office), Body: decreeOf(d)}, nil
}

// PredicateCount is the count and share of one employee predicate.
type PredicateCount struct {
	Predicate string  `json:"predicate"`
	Count     int     `json:"count"`
	Share     float64 `json:"share" doc:"percent of the employees scored"`
}

// GuideBound is one bound of the distribution guide, read against the office.
type GuideBound struct {
	Predicates []string `json:"predicates"`
	MinShare   *float64 `json:"min_share"`
	MaxShare   *float64 `json:"max_share"`
	MinCount   int      `json:"min_count"`
	Count      int      `json:"count"`
	Share      float64  `json:"share"`
	Within     bool     `json:"within"`
}

// Distribution is the predicate distribution guide of an office.
type Distribution struct {
	OfficeID              int64            `json:"office_id"`
	Year                  int              `json:"year"`
	Quarter               int              `json:"quarter" doc:"the quarter read; 0 for the year"`
	NKO                   *float64         `json:"nko"`
	NKOPredicate          string           `json:"nko_predicate"`
	OrganisationPredicate string           `json:"organisation_predicate"`
	Total                 int              `json:"total" doc:"employees scored"`
	Unassessed            int              `json:"unassessed" doc:"employees without a score yet, not counted"`
	Predicates            []PredicateCount `json:"predicates"`
	Bounds                []GuideBound     `json:"bounds"`
	WithinGuide           bool             `json:"within_guide"`
	Departures            []string         `json:"departures" doc:"the bounds the office departs from, in words"`
}

type distributionIn struct {
	Year    int   `path:"year" minimum:"2000" maximum:"2100"`
	Office  int64 `query:"office" doc:"the office (default: the caller's own)"`
	Quarter int   `query:"quarter" minimum:"-1" maximum:"4" default:"-1" doc:"1–4, 0 for the year; default the latest ended quarter with an NKO"`
}

func (a *API) getDistribution(ctx context.Context, in *distributionIn) (*bodyOut[Distribution], error) {
	office, err := a.officeOf(ctx, in.Office)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	v, err := a.svc.Distribution(ctx, actorOf(ctx), office, in.Year, in.Quarter)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &bodyOut[Distribution]{Body: distributionOf(v, langOf(ctx))}, nil
}

func distributionOf(v service.DistributionView, lang string) Distribution {
	g := v.Guide
	out := Distribution{OfficeID: v.Office.ID, Year: v.Year, Quarter: v.Quarter, NKO: opt(v.NKO, true), NKOPredicate: g.NKOPredicate,
		OrganisationPredicate: g.OrganisationPredicate, Total: g.Total, Unassessed: v.Unassessed, WithinGuide: g.WithinGuide,
		Predicates: []PredicateCount{}, Bounds: []GuideBound{}, Departures: []string{}}
	for _, p := range service.PredicateOrder(g) {
		share := 0.0
		if g.Total > 0 {
			share = calc.Round2(float64(g.Counts[p]) * 100 / float64(g.Total))
		}
		out.Predicates = append(out.Predicates, PredicateCount{Predicate: p, Count: g.Counts[p], Share: share})
	}
	for _, b := range g.Bounds {
		gb := GuideBound{Predicates: b.Predicates, MinShare: opt(b.MinShare, false), MaxShare: opt(b.MaxShare, false), MinCount: b.MinCount,
			Count: b.Count, Share: calc.Round2(b.Share), Within: b.Within}
		out.Bounds = append(out.Bounds, gb)
		if !b.Within {
			out.Departures = append(out.Departures, service.BoundText(b, lang))
		}
	}
	return out
}
