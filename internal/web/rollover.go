package web

import (
	"net/http"
	"strconv"

	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/service"
)

type rolloverPage struct {
	Year    int
	Offices []service.RolloverOffice
	Summary *service.RolloverSummary
}

// Counts returns the summary's counts in the order the page lists them.
func (p rolloverPage) Counts() []rolloverCount {
	if p.Summary == nil {
		return nil
	}
	c := p.Summary.Copied
	return []rolloverCount{{"rollover.count.perspectives", c.Perspectives}, {"rollover.count.objectives", c.Objectives},
		{"rollover.count.objective_links", c.ObjectiveLinks}, {"rollover.count.plans", c.Plans}, {"rollover.count.iku", c.IKU},
		{"rollover.count.iki", c.IKI}, {"rollover.count.cascade_links", c.CascadeLinks}, {"rollover.count.prev_official", c.PrevOfficial},
		{"rollover.count.prev_provisional", c.PrevProvisional}, {"rollover.count.prev_missing", c.PrevMissing}}
}

type rolloverCount struct {
	Key string
	N   int
}

// rollover shows the form that rolls a year over from the one before.
func (s *Server) rollover(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	year, err := strconv.Atoi(r.PathValue("year"))
	if err != nil || year < 2000 || year > 2100 {
		return domain.ErrNotFound
	}
	f := newForm(nil)
	f.Values.Set("from", strconv.Itoa(year-1))
	return s.renderRollover(w, r, a, year, http.StatusOK, f, nil)
}

func (s *Server) renderRollover(w http.ResponseWriter, r *http.Request, a authz.Actor, year, status int, f *form, sum *service.RolloverSummary) error {
	offices, err := s.svc.RolloverOffices(r.Context(), a)
	if err != nil {
		return err
	}
	if len(offices) == 0 {
		return domain.ErrForbidden
	}
	if f.Get("office") == "" {
		f.Values.Set("office", strconv.FormatInt(offices[0].ID, 10))
	}
	d := rolloverPage{Year: year, Offices: offices, Summary: sum}
	s.renderForm(w, r, status, "rollover", langOf(r).T("rollover.title", "year", year), d, f)
	return nil
}

// rolloverRun previews (action=preview) or runs a rollover and shows its summary.
func (s *Server) rolloverRun(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	year, err := strconv.Atoi(r.PathValue("year"))
	if err != nil || year < 2000 || year > 2100 {
		return domain.ErrNotFound
	}
	if err := parseForm(r); err != nil {
		return err
	}
	l := langOf(r)
	f := newForm(r.PostForm)
	from, err := strconv.Atoi(r.PostFormValue("from"))
	if err != nil {
		f.Errors["from"] = l.T("rollover.from_previous", "year", year, "from", year-1)
		return s.renderRollover(w, r, a, year, http.StatusUnprocessableEntity, f, nil)
	}
	office, _ := strconv.ParseInt(r.PostFormValue("office"), 10, 64)
	sum, err := s.svc.Rollover(r.Context(), a, service.RolloverInput{Year: year, From: from, OfficeID: office, DryRun: r.PostFormValue("action") == "preview"})
	if err != nil {
		if f.absorb(l, err) {
			return s.renderRollover(w, r, a, year, http.StatusUnprocessableEntity, f, nil)
		}
		return err
	}
	return s.renderRollover(w, r, a, year, http.StatusOK, f, &sum)
}
