package web

import (
	"net/http"
	"slices"
	"strings"

	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/service"
)

type serviceAccountsPage struct {
	Accounts []domain.ServiceAccount
	Offices  []*domain.Unit
	Names    map[int64]string // office ID → name
	Scopes   []string
	NewToken string // shown once, on the answer that made the account
	NewName  string
}

func (s *Server) serviceAccounts(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	return s.renderServiceAccounts(w, r, a, http.StatusOK, newForm(map[string][]string{"scopes": {domain.ScopeRead}}), "", "")
}

func (s *Server) renderServiceAccounts(w http.ResponseWriter, r *http.Request, a authz.Actor, status int, f *form, token, name string) error {
	list, err := s.svc.ServiceAccounts(r.Context(), a)
	if err != nil {
		return err
	}
	c, err := s.svc.OrgChart(r.Context(), a)
	if err != nil {
		return err
	}
	d := serviceAccountsPage{Accounts: list, Names: map[int64]string{}, Scopes: domain.Scopes, NewToken: token, NewName: name}
	for _, u := range c.Units {
		if u.Kind == domain.UnitOffice && authz.InScope(a, c, u.ID) {
			d.Offices = append(d.Offices, u)
		}
		d.Names[u.ID] = u.Name
	}
	slices.SortFunc(d.Offices, func(x, y *domain.Unit) int { return strings.Compare(x.Code, y.Code) })
	s.renderForm(w, r, status, "service_accounts", langOf(r).T("svc.title"), d, f)
	return nil
}

func (s *Server) serviceAccountCreate(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	if err := parseForm(r); err != nil {
		return err
	}
	in := service.ServiceAccountInput{Name: strings.TrimSpace(r.PostFormValue("name")), OfficeID: formID(r, "office"), Scopes: r.PostForm["scopes"]}
	tok, sa, err := s.svc.CreateServiceAccount(r.Context(), a, in)
	if err != nil {
		f := newForm(r.PostForm)
		if !f.absorb(langOf(r), err) {
			return err
		}
		return s.renderServiceAccounts(w, r, a, http.StatusUnprocessableEntity, f, "", "")
	}
	// The token is shown on this answer only; only its hash is kept.
	return s.renderServiceAccounts(w, r, a, http.StatusOK, newForm(nil), tok, sa.Name)
}

func (s *Server) serviceAccountDelete(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.svc.DeleteServiceAccount(r.Context(), a, id); err != nil {
		return err
	}
	s.addFlash(r, "ok", langOf(r).T("svc.deleted"))
	redirect(w, r, "/service-accounts")
	return nil
}
