package web

import (
	"io"
	"net/http"
	"net/url"
	"sort"

	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/calc"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/service"
)

type ruleSetsPage struct {
	Sets       []service.RuleSetInfo
	CanInstall bool
	File       string   // the file refused
	Problems   []string // why it was refused
	Default    string
}

func (s *Server) ruleSets(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	return s.renderRuleSets(w, r, a, http.StatusOK, ruleSetsPage{})
}

func (s *Server) renderRuleSets(w http.ResponseWriter, r *http.Request, a authz.Actor, status int, d ruleSetsPage) error {
	list, err := s.svc.ListRuleSets(r.Context(), a)
	if err != nil {
		return err
	}
	d.Sets, d.CanInstall, d.Default = list, authz.Can(a, authz.RuleSetManage), calc.DefaultRuleSetID
	s.render(w, r, status, "rule_sets", langOf(r).T("ruleset.title"), d)
	return nil
}

func (s *Server) ruleSetInstall(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	if !authz.Can(a, authz.RuleSetManage) {
		return domain.ErrForbidden
	}
	if err := parseForm(r); err != nil {
		return err
	}
	l := langOf(r)
	file, hdr, err := r.FormFile("file")
	if err != nil {
		return s.renderRuleSets(w, r, a, http.StatusUnprocessableEntity, ruleSetsPage{Problems: []string{l.T("ruleset.no_file")}})
	}
	defer file.Close()
	data, err := io.ReadAll(io.LimitReader(file, service.MaxRuleSetSize+1))
	if err != nil {
		return err
	}
	info, created, err := s.svc.InstallRuleSet(r.Context(), a, data)
	if err != nil {
		f := newForm(nil)
		if !f.absorb(l, err) {
			return err
		}
		d := ruleSetsPage{File: hdr.Filename, Problems: f.General}
		fields := make([]string, 0, len(f.Errors))
		for k := range f.Errors {
			fields = append(fields, k)
		}
		sort.Strings(fields)
		for _, k := range fields {
			d.Problems = append(d.Problems, f.Errors[k])
		}
		return s.renderRuleSets(w, r, a, http.StatusUnprocessableEntity, d)
	}
	if created {
		s.addFlash(r, "ok", l.T("ruleset.installed", "id", info.ID))
	} else {
		s.addFlash(r, "ok", l.T("ruleset.same", "id", info.ID))
	}
	redirect(w, r, "/rule-sets/"+url.PathEscape(info.ID))
	return nil
}

type ruleSetPage struct {
	service.RuleSetDetail
	Embedded []string // the sets an installed one can be compared with
}

func (s *Server) ruleSetDetail(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	d, err := s.svc.GetRuleSetDetail(r.Context(), a, r.PathValue("id"), r.URL.Query().Get("base"))
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "rule_set", d.ID, ruleSetPage{RuleSetDetail: d, Embedded: calc.RuleSetIDs()})
	return nil
}

// ruleSetFile sends a rule set's file, to correct it into a new one.
func (s *Server) ruleSetFile(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	d, err := s.svc.GetRuleSetDetail(r.Context(), a, r.PathValue("id"), "")
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Disposition", `attachment; filename="`+url.PathEscape(d.ID)+`.json"`)
	_, err = w.Write(d.Source)
	return err
}
