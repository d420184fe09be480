package service

import (
	"cmp"
	"context"
	"errors"
	"slices"
	"strings"

	"github.com/kinerja/kinerja/internal/audit"
	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/report/plandoc"
	"github.com/kinerja/kinerja/internal/store"
)

// Party is one side of a PK (SPEC §7): the head of the office (first) or
// the head of the unit above (second). EmployeeID is 0 when the person is
// not in the system (the top of the installed tree).
type Party struct {
	EmployeeID int64
	Name       string
	NIP        string
	Position   string
}

// Signatories are the two parties of a PK.
type Signatories struct {
	First, Second Party
}

// pkSignatories names both parties of a PK version. An approved version
// names its second party as signed; before that, whoever holds the head post
// of the office above today (a Plt as Plt), or at the top of the installed
// tree the head recorded for the year.
func (s *Service) pkSignatories(ctx context.Context, c *domain.Chart, view PlanView) (Signatories, error) {
	var sg Signatories
	first := docPerson(c, view.Employee, view.Position, domain.ActingNone)
	if h, ok := holdingOf(c, view.Employee.ID, view.Position.ID); ok {
		first = docPerson(c, view.Employee, view.Position, h.Acting)
	}
	sg.First = Party{EmployeeID: view.Employee.ID, Name: first.Name, NIP: first.NIP, Position: plandoc.FullTitle(first.Position, first.Unit)}
	second, err := s.upperParty(ctx, c, view.Year.ID, view.Plan.OfficeID)
	if err != nil {
		return sg, err
	}
	v := view.Version
	if v.Status != domain.PlanApproved {
		sg.Second = second
		return sg, nil
	}
	// As signed; a version approved before posts were kept shows today's.
	sg.Second = Party{Name: v.ApproverName, NIP: v.ApproverNIP, Position: v.ApproverPosition}
	if sg.Second.Position == "" {
		sg.Second.Position = second.Position
	}
	if v.ApproverNIP != "" {
		for _, e := range c.Employees {
			if e.NIP == v.ApproverNIP {
				sg.Second.EmployeeID = e.ID
			}
		}
	}
	return sg, nil
}

// upperParty is today's second party of an office's PK: the holder of the
// head post of the office above, else the head recorded for the year, else
// only the post (the name is left for the document's blank).
func (s *Service) upperParty(ctx context.Context, c *domain.Chart, yearID, officeID int64) (Party, error) {
	up := c.UpperOffice(officeID)
	if authz.UpperHeadApproves(c, officeID) {
		return headParty(c, up, 0), nil
	}
	g, err := s.store.GetSignatory(ctx, yearID, officeID)
	if err == nil {
		return Party{Name: g.Name, NIP: g.NIP, Position: g.Position}, nil
	}
	if !errors.Is(err, domain.ErrNotFound) {
		return Party{}, err
	}
	if u := c.Units[c.Units[officeID].ParentID]; u != nil {
		if strings.HasPrefix(strings.ToLower(u.Name), "kantor") {
			return Party{Position: plandoc.FullTitle("Kepala Kantor", u.Name)}, nil
		}
		return Party{Position: "Pimpinan " + u.Name}, nil
	}
	return Party{}, nil
}

// headParty names who holds an office's head post: emp when they hold it
// (the approver signing), else its first holder; the post is named as a
// document names it, "Plt." for an acting holder.
func headParty(c *domain.Chart, officeID, emp int64) Party {
	pos := c.Positions[c.HeadPosition(officeID)]
	if pos == nil {
		return Party{}
	}
	hs := c.Holders(pos.ID)
	var h domain.Holding
	for _, x := range hs {
		if x.EmployeeID == emp || h.EmployeeID == 0 {
			h = x
		}
	}
	e := c.Employees[h.EmployeeID]
	if e == nil {
		p := docPerson(c, domain.Employee{}, *pos, domain.ActingNone)
		return Party{Position: plandoc.FullTitle(p.Position, p.Unit)}
	}
	p := docPerson(c, *e, *pos, h.Acting)
	return Party{EmployeeID: e.ID, Name: e.Name, NIP: e.NIP, Position: plandoc.FullTitle(p.Position, p.Unit)}
}

// SignatoryInput is the second party recorded for an office at the top of
// the installed tree.
type SignatoryInput struct {
	Name, NIP, Position string
}

// SetSignatory records for a year the head of the unit above an office that
// is not in the system (a Kanwil's Direktur Jenderal), the second party of
// the office's PK. An office whose upper head is in the system has none: that
// head approves in person.
func (s *Service) SetSignatory(ctx context.Context, a authz.Actor, year int, officeID int64, in SignatoryInput) (domain.Signatory, error) {
	c, err := s.Chart(ctx)
	if err != nil {
		return domain.Signatory{}, err
	}
	if !c.Working(officeID) {
		return domain.Signatory{}, domain.ErrNotFound
	}
	if !authz.CanInScope(a, c, authz.YearManage, officeID) || authz.ReadOnly(a) {
		return domain.Signatory{}, domain.ErrForbidden
	}
	y, err := s.yearNumbered(ctx, year)
	if err != nil {
		return domain.Signatory{}, err
	}
	if authz.UpperHeadApproves(c, officeID) {
		return domain.Signatory{}, domain.Refuse("hier.signatory_in_system")
	}
	v := &domain.ValidationError{}
	g := domain.Signatory{YearID: y.ID, OfficeID: officeID}
	g.Name = textField(v, "name", in.Name, true, 200)
	g.Position = textField(v, "position", in.Position, true, 400)
	if nip := domain.NormalizeNIP(in.NIP); nip != "" {
		if key := domain.ValidateNIP(nip, s.Today()); key != "" {
			v.Addf("nip", key)
		}
		g.NIP = nip
	}
	if err := v.Err(); err != nil {
		return g, err
	}
	before, err := s.store.GetSignatory(ctx, y.ID, officeID)
	var b any
	if err == nil {
		b = signatoryAudit(before)
	} else if !errors.Is(err, domain.ErrNotFound) {
		return g, err
	}
	err = s.store.InTx(ctx, func(tx *store.Store) error {
		if err := tx.SaveSignatory(ctx, &g); err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.act(a), "year.signatory", "unit", officeID, b, signatoryAudit(g))
	})
	return g, err
}

func signatoryAudit(g domain.Signatory) map[string]any {
	return map[string]any{"year_id": g.YearID, "name": g.Name, "nip": g.NIP, "position": g.Position}
}

// SignatoryOffice is an office at the top of the installed tree that the
// actor manages, with the second party recorded for the year (zero when
// none is).
type SignatoryOffice struct {
	OfficeID  int64
	Office    string
	Signatory domain.Signatory
}

// SignatoryOffices lists the offices whose second party the actor may record
// for a year: those they manage whose upper head is not in the system.
func (s *Service) SignatoryOffices(ctx context.Context, a authz.Actor, year int) ([]SignatoryOffice, error) {
	c, err := s.Chart(ctx)
	if err != nil {
		return nil, err
	}
	y, err := s.yearNumbered(ctx, year)
	if err != nil {
		return nil, err
	}
	if authz.ReadOnly(a) {
		return nil, nil
	}
	var out []SignatoryOffice
	for id, u := range c.Units {
		if !c.Working(id) || authz.UpperHeadApproves(c, id) || !authz.CanInScope(a, c, authz.YearManage, id) {
			continue
		}
		o := SignatoryOffice{OfficeID: id, Office: u.Name}
		g, err := s.store.GetSignatory(ctx, y.ID, id)
		if err != nil && !errors.Is(err, domain.ErrNotFound) {
			return nil, err
		}
		o.Signatory = g
		out = append(out, o)
	}
	slices.SortFunc(out, func(x, y SignatoryOffice) int { return cmp.Compare(x.Office, y.Office) })
	return out, nil
}
