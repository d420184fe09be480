package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/service"
	"github.com/kinerja/kinerja/internal/store"
)

// genKanwil is the Kanwil generated offices go under (GenerateOptions.Kanwil).
type genKanwil struct {
	off *Office // its IDs, as the demo's Kanwil fills them
	svc *service.Service
	clk *clock
}

// generateKanwil makes a Kanwil worked as an office, as the demo's is
// (kanwil.go), under the organisation: its head, the Bagian Umum with the
// pengelola kinerja and the Bidang PAPK, accounts for its people, and its
// map and PK of the demo's Kanwil IKUs, through the services. The generated
// offices' IKUs then cascade from its lines and its head approves their PKs.
func (g *generator) kanwil(ctx context.Context, st *store.Store, base *service.Service, orgID int64, password string) (*genKanwil, *UpperOffice, error) {
	y, seed := g.y, g.seed
	clk := &clock{year: y.Year, cap: base.Now(), loc: base.Location()}
	clk.at(time.January, 2, 8)
	svc := base.WithClock(clk.Now)
	sys := service.SystemActor()
	city := provinces[0]
	name := "Kantor Wilayah Sintetis " + city
	k, err := svc.CreateUnit(ctx, sys, service.UnitInput{ParentID: orgID, Code: fmt.Sprintf("GEN-%d-KANWIL", seed), Name: name, Kind: domain.UnitRegion, City: city})
	if err != nil {
		return nil, nil, err
	}
	off := &Office{KanwilID: k.ID, Year: y.Year}
	start := time.Date(y.Year-1, 1, 2, 0, 0, 0, 0, time.UTC)
	seq := 900 // NIPs apart from the demo office's
	hire := func(p person, unitID, reportsTo int64, title string, kind domain.PositionKind, role domain.Role) (int64, int64, error) {
		seq++
		pos, err := svc.CreatePosition(ctx, sys, service.PositionInput{UnitID: unitID, Title: title, Kind: kind, ReportsToID: reportsTo})
		if err != nil {
			return 0, 0, err
		}
		e, err := svc.CreateEmployeeIn(ctx, sys, service.EmployeeInput{NIP: nipFor(seq, p.sex), Name: p.name, Grade: p.grade,
			Email: username(p.name) + "@kemenkeu.go.id"}, pos.ID, start)
		if err != nil {
			return 0, 0, fmt.Errorf("%s: %w", p.name, err)
		}
		if _, err := svc.CreateUser(ctx, sys, service.UserInput{Username: username(p.name), Password: password, Role: role, EmployeeID: e.ID,
			Lang: "id", Active: true}); err != nil {
			return 0, 0, fmt.Errorf("account of %s: %w", p.name, err)
		}
		return e.ID, pos.ID, nil
	}
	headPos := int64(0)
	if off.KanwilHead, headPos, err = hire(kanwilHead, k.ID, 0, "Kepala Kantor", domain.PosHead, domain.RoleEmployee); err != nil {
		return nil, nil, err
	}
	for _, sec := range kanwilUnits {
		u, err := svc.CreateUnit(ctx, sys, service.UnitInput{ParentID: k.ID, Code: fmt.Sprintf("GEN-%d-KANWIL-%s", seed, sec.code), Name: sec.name,
			Kind: domain.UnitSection})
		if err != nil {
			return nil, nil, err
		}
		_, leadPos, err := hire(sec.head, u.ID, headPos, sec.headTitle, domain.PosAdministrator, domain.RoleEmployee)
		if err != nil {
			return nil, nil, err
		}
		for _, p := range sec.staff {
			role := domain.RoleEmployee
			if off.KanwilPengelola == 0 {
				role = domain.RolePengelola
			}
			id, _, err := hire(p, u.ID, leadPos, sec.staffTitle, domain.PosPelaksana, role)
			if err != nil {
				return nil, nil, err
			}
			if off.KanwilPengelola == 0 {
				off.KanwilPengelola = id
			}
		}
	}
	// A Kanwil line consolidated by location needs an office below it: the
	// first office's unit is made now, the rest of it with the others.
	err = st.InTx(ctx, func(tx *store.Store) error {
		u, _ := g.officeUnit(0, k.ID)
		if u.ID, err = tx.ReserveIDs(ctx, "units", 1); err != nil {
			return err
		}
		g.made = map[int]int64{0: u.ID}
		if err := tx.InsertUnits(ctx, []domain.Unit{u}); err != nil {
			return err
		}
		return service.MarkOrgChanged(ctx, tx)
	})
	if err != nil {
		return nil, nil, err
	}
	if err := seedKanwilPlan(ctx, svc, clk, off); err != nil {
		return nil, nil, err
	}
	c, err := svc.Chart(ctx)
	if err != nil {
		return nil, nil, err
	}
	head, err := actorOf(ctx, svc, off.KanwilHead)
	if err != nil {
		return nil, nil, err
	}
	e := c.Employees[off.KanwilHead]
	up := &UpperOffice{HeadUser: head.User.ID, HeadName: e.Name, HeadNIP: e.NIP, HeadPosition: "Kepala " + name, Lines: off.KanwilLines}
	return &genKanwil{off: off, svc: svc, clk: clk}, up, nil
}

// quarters reports the Kanwil's closed quarters from the offices' verified
// figures, once they are all in.
func (k *genKanwil) quarters(ctx context.Context) error {
	return seedKanwilQuarters(ctx, k.svc, k.clk, k.off)
}
