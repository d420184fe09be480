package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/service"
)

// People move in the demo year (SPEC §13): someone joins Seksi Pencairan
// Dana on 1 March, the Kepala Subbagian Umum is Plt of the Kepala Seksi
// Pencairan Dana's post during May, and a Seksi Bank clerk (not one of the
// README's accounts) moves to Seksi Pencairan Dana on 1 July. Each is
// recorded a few days ahead, before the quarter it falls in is reported.

// newcomer joins on 1 March.
var newcomer = person{"Rizky Ramadhan, A.Md.", '1', "Pengatur (II/c)"}

// seedPeople records what happens before quarter q is reported; it reports
// whether the office's plans changed.
func seedPeople(ctx context.Context, svc *service.Service, clk *clock, off *Office, q int) (bool, error) {
	switch q {
	case 1:
		return true, seedNewcomer(ctx, svc, clk, off)
	case 2:
		return false, seedPlt(ctx, svc, clk, off)
	case 3:
		return true, seedTransfer(ctx, svc, clk, off)
	}
	return false, nil
}

// postOf returns an employee's definitive position.
func postOf(ctx context.Context, svc *service.Service, emp int64) (*domain.Position, error) {
	c, err := svc.Chart(ctx)
	if err != nil {
		return nil, err
	}
	pos, ok := c.Primary(emp)
	if !ok {
		return nil, fmt.Errorf("employee %d holds no post", emp)
	}
	return pos, nil
}

func seedNewcomer(ctx context.Context, svc *service.Service, clk *clock, off *Office) error {
	sys := service.SystemActor()
	lead, err := postOf(ctx, svc, off.SectionLed["PD"])
	if err != nil {
		return err
	}
	clk.at(time.February, 23, 9)
	pos, err := svc.CreatePosition(ctx, sys, service.PositionInput{UnitID: off.Sections["PD"], Title: "Pelaksana Seksi Pencairan Dana",
		Kind: domain.PosPelaksana, ReportsToID: lead.ID})
	if err != nil {
		return err
	}
	first := time.Date(off.Year, time.March, 1, 0, 0, 0, 0, time.UTC)
	e, err := svc.CreateEmployeeIn(ctx, sys, service.EmployeeInput{NIP: nipFor(90, newcomer.sex), Name: newcomer.name, Grade: newcomer.grade,
		Email: username(newcomer.name) + "@kemenkeu.go.id"}, pos.ID, first)
	if err != nil {
		return fmt.Errorf("newcomer: %w", err)
	}
	off.Staff["PD"] = append(off.Staff["PD"], e.ID)
	if _, err := svc.CreateUser(ctx, sys, service.UserInput{Username: username(e.Name), Password: Password, Role: domain.RoleEmployee,
		EmployeeID: e.ID, Lang: "id", Active: true}); err != nil {
		return err
	}
	// The draft SKP opened from the first day is drawn up in the first week.
	owner, err := actorOf(ctx, svc, e.ID)
	if err != nil {
		return err
	}
	p, err := svc.MyPlan(ctx, owner, off.Year)
	if err != nil {
		return fmt.Errorf("newcomer's SKP: %w", err)
	}
	clk.at(time.March, 3, 10)
	for i := range 3 {
		if _, err := svc.SaveLine(ctx, owner, p.ID, 0, -1, staffIKI("PD", i)); err != nil {
			return fmt.Errorf("newcomer's IKI: %w", err)
		}
	}
	if _, err := svc.SubmitPlan(ctx, owner, p.ID, -1); err != nil {
		return err
	}
	la, err := actorOf(ctx, svc, off.SectionLed["PD"])
	if err != nil {
		return err
	}
	clk.at(time.March, 5, 14)
	_, err = svc.ApprovePlan(ctx, la, p.ID, -1)
	return err
}

func seedPlt(ctx context.Context, svc *service.Service, clk *clock, off *Office) error {
	pd, err := postOf(ctx, svc, off.SectionLed["PD"])
	if err != nil {
		return err
	}
	peng, err := actorOf(ctx, svc, off.Pengelola)
	if err != nil {
		return err
	}
	clk.at(time.April, 28, 9)
	_, err = svc.Assign(ctx, peng, service.AssignInput{EmployeeID: off.SectionLed["UMUM"], PositionID: pd.ID, Acting: domain.ActingPlt,
		StartDate: time.Date(off.Year, time.May, 1, 0, 0, 0, 0, time.UTC), EndDate: time.Date(off.Year, time.May, 31, 0, 0, 0, 0, time.UTC),
		Note: "Kepala Seksi Pencairan Dana menjalani diklat kepemimpinan"})
	if err != nil {
		return fmt.Errorf("acting appointment: %w", err)
	}
	return nil
}

func seedTransfer(ctx context.Context, svc *service.Service, clk *clock, off *Office) error {
	lead, err := postOf(ctx, svc, off.SectionLed["PD"])
	if err != nil {
		return err
	}
	peng, err := actorOf(ctx, svc, off.Pengelola)
	if err != nil {
		return err
	}
	clk.at(time.June, 24, 9)
	pos, err := svc.CreatePosition(ctx, peng, service.PositionInput{UnitID: off.Sections["PD"], Title: "Pelaksana Seksi Pencairan Dana",
		Kind: domain.PosPelaksana, ReportsToID: lead.ID})
	if err != nil {
		return err
	}
	who := off.Staff["BANK"][1]
	if _, err := svc.Assign(ctx, peng, service.AssignInput{EmployeeID: who, PositionID: pos.ID,
		StartDate: time.Date(off.Year, time.July, 1, 0, 0, 0, 0, time.UTC), Note: "Mutasi antarseksi"}); err != nil {
		return fmt.Errorf("transfer: %w", err)
	}
	off.Moved = who
	off.Staff["BANK"] = append(off.Staff["BANK"][:1:1], off.Staff["BANK"][2:]...)
	off.Staff["PD"] = append(off.Staff["PD"], who)
	return nil
}
