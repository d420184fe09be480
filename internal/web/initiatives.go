package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/i18n"
	"github.com/kinerja/kinerja/internal/service"
)

// blankMilestones is how many empty milestone rows the form offers beyond
// those the initiative has.
const blankMilestones = 3

type initiativesPage struct {
	Scope    planScope
	View     service.InitiativesView
	Quarters []int
	Begun    map[int]bool // the quarters whose progress may be reported
}

// initiatives lists an office's strategic initiatives with their milestones
// and progress by quarter.
func (s *Server) initiatives(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	sc, err := s.planScope(r, a)
	if err != nil {
		return err
	}
	l := langOf(r)
	d := initiativesPage{Scope: sc, Quarters: []int{1, 2, 3, 4}, Begun: map[int]bool{}}
	for _, q := range d.Quarters {
		d.Begun[q] = sc.Year != 0 && s.svc.QuarterBegun(sc.Year, q)
	}
	if sc.Ready() {
		if d.View, err = s.svc.Initiatives(r.Context(), a, sc.Year, sc.Office.ID); err != nil {
			return err
		}
	}
	s.renderForm(w, r, http.StatusOK, "initiatives", l.T("ini.title_year", "year", sc.Year), d, nil)
	return nil
}

type initiativeFormPage struct {
	Scope      planScope
	View       service.InitiativesView
	Initiative *service.InitiativeItem
	Rows       []int // indexes of the milestone rows
}

// initiativeContext loads the scope and the office's initiatives, which the
// viewer must manage, and on edit routes the initiative.
func (s *Server) initiativeContext(r *http.Request, a authz.Actor, manage bool) (planScope, service.InitiativesView, *service.InitiativeItem, error) {
	var v service.InitiativesView
	sc, err := s.planScope(r, a)
	if err != nil {
		return sc, v, nil, err
	}
	if !sc.Ready() {
		return sc, v, nil, errBadRequest
	}
	if v, err = s.svc.Initiatives(r.Context(), a, sc.Year, sc.Office.ID); err != nil {
		return sc, v, nil, err
	}
	if manage && !v.CanManage {
		return sc, v, nil, domain.ErrForbidden
	}
	if r.PathValue("id") == "" {
		return sc, v, nil, nil
	}
	id, err := pathID(r, "id")
	if err != nil {
		return sc, v, nil, err
	}
	it, ok := v.Item(id)
	if !ok {
		return sc, v, nil, domain.ErrNotFound
	}
	return sc, v, &it, nil
}

func (s *Server) initiativeForm(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	sc, v, it, err := s.initiativeContext(r, a, true)
	if err != nil {
		return err
	}
	f := newForm(nil)
	if it != nil {
		f.Values.Set("revision", strconv.Itoa(it.Revision))
		f.Values.Set("code", it.Code)
		f.Values.Set("name", it.Name)
		f.Values.Set("description", it.Description)
		f.Values.Set("owner", strconv.FormatInt(it.OwnerID, 10))
		f.Values.Set("link", linkValue(it.ObjectiveID, it.LineID))
		for i, m := range it.Milestones {
			p := "milestones." + strconv.Itoa(i) + "."
			f.Values.Set(p+"name", m.Name)
			f.Values.Set(p+"due", m.Due.Format(time.DateOnly))
			if !m.Done.IsZero() {
				f.Values.Set(p+"done", m.Done.Format(time.DateOnly))
			}
		}
	} else {
		f.Values.Set("code", "IS-"+strconv.Itoa(len(v.Items)+1))
		if o := r.URL.Query().Get("objective"); o != "" {
			f.Values.Set("link", "o:"+o)
		}
	}
	return s.renderInitiativeForm(w, r, sc, v, it, http.StatusOK, f)
}

func linkValue(objectiveID, lineID int64) string {
	if lineID != 0 {
		return "l:" + strconv.FormatInt(lineID, 10)
	}
	if objectiveID != 0 {
		return "o:" + strconv.FormatInt(objectiveID, 10)
	}
	return ""
}

func (s *Server) renderInitiativeForm(w http.ResponseWriter, r *http.Request, sc planScope, v service.InitiativesView, it *service.InitiativeItem, status int, f *form) error {
	l := langOf(r)
	title := l.T("ini.new")
	if it != nil {
		title = l.T("ini.edit", "code", it.Code)
	}
	n := 0
	for ; f.Get("milestones."+strconv.Itoa(n)+".name") != "" || f.Get("milestones."+strconv.Itoa(n)+".due") != ""; n++ {
	}
	d := initiativeFormPage{Scope: sc, View: v, Initiative: it}
	for i := range min(n+blankMilestones, domain.MilestonesMax) {
		d.Rows = append(d.Rows, i)
	}
	s.renderForm(w, r, status, "initiative_form", title, d, f)
	return nil
}

// initiativeInput reads the initiative form; dates that are no dates are
// the form's errors.
func initiativeInput(f *form, l i18n.Lang) service.InitiativeInput {
	in := service.InitiativeInput{Code: f.Get("code"), Name: f.Get("name"), Description: f.Get("description")}
	in.OwnerID, _ = strconv.ParseInt(f.Get("owner"), 10, 64)
	kind, id, _ := strings.Cut(f.Get("link"), ":")
	n, _ := strconv.ParseInt(id, 10, 64)
	switch kind {
	case "o":
		in.ObjectiveID = n
	case "l":
		in.LineID = n
	}
	for i := range domain.MilestonesMax {
		p := "milestones." + strconv.Itoa(i) + "."
		name, due, done := strings.TrimSpace(f.Get(p+"name")), strings.TrimSpace(f.Get(p+"due")), strings.TrimSpace(f.Get(p+"done"))
		if name == "" && due == "" && done == "" {
			continue
		}
		m := service.MilestoneInput{Name: name}
		var err error
		if due != "" {
			if m.Due, err = time.Parse(time.DateOnly, due); err != nil {
				f.Errors[p+"due"] = l.T("err.date")
			}
		}
		if done != "" {
			if m.Done, err = time.Parse(time.DateOnly, done); err != nil {
				f.Errors[p+"done"] = l.T("err.date")
			}
		}
		in.Milestones = append(in.Milestones, m)
	}
	return in
}

func (s *Server) initiativeSave(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	sc, v, it, err := s.initiativeContext(r, a, true)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	l := langOf(r)
	f := newForm(r.PostForm)
	in := initiativeInput(f, l)
	var id int64
	revision := -1
	if it != nil {
		id = it.ID
		if rev, err := strconv.Atoi(f.Get("revision")); err == nil {
			revision = rev
		}
	}
	status := http.StatusUnprocessableEntity
	if !f.HasErrors() {
		x, err := s.svc.SaveInitiative(r.Context(), a, sc.Year, sc.Office.ID, id, revision, in)
		if err == nil {
			s.addFlash(r, "ok", l.T("ini.saved", "code", x.Code))
			redirect(w, r, "/strategy/initiatives?"+sc.Query()+"#is-"+strconv.FormatInt(x.ID, 10))
			return nil
		}
		if !f.absorb(l, err) {
			return err
		}
		status = refusedStatus(err)
		for _, k := range []string{"objective", "line"} {
			if msg, ok := f.Errors[k]; ok {
				f.Errors["link"] = msg
			}
		}
	}
	return s.renderInitiativeForm(w, r, sc, v, it, status, f)
}

func (s *Server) initiativeDelete(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	sc, _, it, err := s.initiativeContext(r, a, true)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	revision, err := strconv.Atoi(r.PostFormValue("revision"))
	if err != nil {
		revision = -1
	}
	if err := s.svc.DeleteInitiative(r.Context(), a, sc.Year, sc.Office.ID, it.ID, revision); err != nil {
		return err
	}
	s.addFlash(r, "ok", langOf(r).T("ini.deleted", "code", it.Code))
	redirect(w, r, "/strategy/initiatives?"+sc.Query())
	return nil
}

type progressFormPage struct {
	Scope      planScope
	Initiative service.InitiativeItem
	Quarter    int
	Progress   domain.InitiativeProgress
}

func progressQuarter(r *http.Request) (int, error) {
	q, err := strconv.Atoi(r.URL.Query().Get("q"))
	if err != nil || q < 1 || q > 4 {
		return 0, errBadRequest
	}
	return q, nil
}

func (s *Server) progressForm(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	sc, _, it, err := s.initiativeContext(r, a, false)
	if err != nil {
		return err
	}
	if !it.CanReport {
		return domain.ErrForbidden
	}
	q, err := progressQuarter(r)
	if err != nil {
		return err
	}
	f := newForm(nil)
	f.Values.Set("revision", strconv.Itoa(it.Revision))
	p, ok := it.ProgressOf(q)
	if ok {
		f.Values.Set("percent", formNumber(langOf(r), p.Percent))
		f.Values.Set("note", p.Note)
	} else if it.Latest != nil {
		f.Values.Set("percent", formNumber(langOf(r), it.Latest.Percent))
	}
	return s.renderProgressForm(w, r, sc, *it, q, http.StatusOK, f)
}

func (s *Server) renderProgressForm(w http.ResponseWriter, r *http.Request, sc planScope, it service.InitiativeItem, q, status int, f *form) error {
	l := langOf(r)
	p, _ := it.ProgressOf(q)
	d := progressFormPage{Scope: sc, Initiative: it, Quarter: q, Progress: p}
	s.renderForm(w, r, status, "initiative_progress", l.T("ini.progress_title", "code", it.Code, "q", q), d, f)
	return nil
}

// progressSave records a quarter's progress with at most one new document,
// read as a stream as the sheet's documents are.
func (s *Server) progressSave(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	sc, _, it, err := s.initiativeContext(r, a, false)
	if err != nil {
		return err
	}
	q, qerr := progressQuarter(r)
	if qerr != nil {
		return qerr
	}
	up := newUpload()
	defer up.Close()
	err = up.read(r, s.cfg.MaxUpload)
	l := langOf(r)
	f := newForm(up.Values)
	if s.tooLarge(l, f, up, err) {
		return s.renderProgressForm(w, r, sc, *it, q, http.StatusRequestEntityTooLarge, f)
	}
	if err != nil {
		return err
	}
	revision, rerr := strconv.Atoi(f.Get("revision"))
	if rerr != nil {
		revision = -1
	}
	pct := formFloat(f, l, "percent", true)
	in := service.ProgressInput{Quarter: q, Percent: pct.V, Note: f.Get("note")}
	doc := service.EvidenceInput{URL: f.Get("url"), Body: f.Get("body")}
	doc.Reader, doc.Filename = up.File("file")
	if doc.Reader != nil || strings.TrimSpace(doc.URL) != "" || strings.TrimSpace(doc.Body) != "" {
		in.Evidence = append(in.Evidence, doc)
	}
	if !f.HasErrors() {
		_, err := s.svc.ReportProgress(r.Context(), a, sc.Year, sc.Office.ID, it.ID, revision, in)
		if err == nil {
			s.addFlash(r, "ok", l.T("ini.progress_saved", "code", it.Code, "q", q))
			redirect(w, r, "/strategy/initiatives?"+sc.Query()+"#is-"+strconv.FormatInt(it.ID, 10))
			return nil
		}
		if !f.absorb(l, err) {
			return err
		}
		fileAgain(l, f, up)
		return s.renderProgressForm(w, r, sc, *it, q, refusedStatus(err), f)
	}
	fileAgain(l, f, up)
	return s.renderProgressForm(w, r, sc, *it, q, http.StatusUnprocessableEntity, f)
}

// initiativeDocument hands out a file of an initiative's progress to those
// who may read its office.
func (s *Server) initiativeDocument(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	e, rc, err := s.svc.OpenInitiativeEvidence(r.Context(), a, r.PathValue("id"))
	if err != nil {
		return err
	}
	return sendStored(w, r, rc, e.Filename, e.MIME, e.SHA256, e.Size)
}
