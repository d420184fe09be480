package service_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/kinerja/kinerja/internal/auth"
	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/calc"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/service"
	"github.com/kinerja/kinerja/internal/store"
	"github.com/kinerja/kinerja/internal/store/storetest"
)

// kppn is a small office (a KPPN) for planning tests, built through the services:
//
//	Kepala Kantor (head)
//	├── Kasubag Umum ── pengelola kinerja (pelaksana)
//	├── Kasi Bank ───── bank1, bank2 (pelaksana)
//	└── Kasi PD (vacant) ── pd1, pd2 (pelaksana), so they report to the head
//
// The clock starts on 10 January of the performance year, before the plan
// deadline of 31 January, and tests move it with at.
type kppn struct {
	t    *testing.T
	ctx  context.Context
	svc  *service.Service
	st   *store.Store
	now  time.Time
	year int

	officeID, umum, bank, pd         int64 // units
	posKasiPD, posKasiBank           int64 // positions
	head, kasiUmum, pengelola        int64 // employees
	kasiBank, bank1, bank2, pd1, pd2 int64

	who              map[int64]authz.Actor // by employee
	admin, pemeriksa authz.Actor
}

// eachKPPN runs fn on every database engine with a fresh office.
func eachKPPN(t *testing.T, fn func(t *testing.T, o *kppn)) {
	t.Helper()
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) { fn(t, newKPPN(t, st)) })
}

func newKPPN(t *testing.T, st *store.Store) *kppn {
	t.Helper()
	o := &kppn{t: t, ctx: context.Background(), st: st, year: 2027, now: time.Date(2027, 1, 10, 9, 0, 0, 0, time.UTC), who: map[int64]authz.Actor{}}
	o.svc = service.New(st, service.Options{PasswordParams: &auth.TestParams, Now: func() time.Time { return o.now }})
	sys := service.SystemActor()
	unit := func(parent int64, code string, kind domain.UnitKind) int64 {
		u, err := o.svc.CreateUnit(o.ctx, sys, service.UnitInput{ParentID: parent, Code: code, Name: "Unit " + code, Kind: kind})
		o.must(err)
		return u.ID
	}
	region := unit(0, "KANWIL", domain.UnitRegion)
	o.officeID = unit(region, "KPPN", domain.UnitOffice)
	o.umum, o.bank, o.pd = unit(o.officeID, "UMUM", domain.UnitSection), unit(o.officeID, "BANK", domain.UnitSection), unit(o.officeID, "PD", domain.UnitSection)
	position := func(unitID, reportsTo int64, title string, kind domain.PositionKind) int64 {
		p, err := o.svc.CreatePosition(o.ctx, sys, service.PositionInput{UnitID: unitID, Title: title, Kind: kind, ReportsToID: reportsTo})
		o.must(err)
		return p.ID
	}
	seq := 0
	hire := func(posID int64, name string, role domain.Role) int64 {
		seq++
		e, err := o.svc.CreateEmployeeIn(o.ctx, sys, service.EmployeeInput{NIP: fmt.Sprintf("19800101200501%d%03d", 1+seq%2, seq), Name: name},
			posID, time.Date(2020, 1, 2, 0, 0, 0, 0, time.UTC))
		o.must(err)
		u, err := o.svc.CreateUser(o.ctx, sys, service.UserInput{Username: fmt.Sprintf("user%d", seq), Password: password, Role: role,
			EmployeeID: e.ID, Lang: "en", Active: true})
		o.must(err)
		a, err := o.svc.Actor(o.ctx, u.ID, "127.0.0.1")
		o.must(err)
		o.who[e.ID] = a
		return e.ID
	}
	posHead := position(o.officeID, 0, "Kepala Kantor", domain.PosHead)
	o.head = hire(posHead, "Kepala", domain.RoleEmployee)
	posUmum := position(o.umum, posHead, "Kepala Subbagian Umum", domain.PosPengawas)
	o.kasiUmum = hire(posUmum, "Kasubag Umum", domain.RoleEmployee)
	o.pengelola = hire(position(o.umum, posUmum, "Pelaksana Umum", domain.PosPelaksana), "Pengelola Kinerja", domain.RolePengelola)
	o.posKasiBank = position(o.bank, posHead, "Kepala Seksi Bank", domain.PosPengawas)
	o.kasiBank = hire(o.posKasiBank, "Kasi Bank", domain.RoleEmployee)
	posBank := position(o.bank, o.posKasiBank, "Pelaksana Bank", domain.PosPelaksana)
	o.bank1, o.bank2 = hire(posBank, "Bank Satu", domain.RoleEmployee), hire(posBank, "Bank Dua", domain.RoleEmployee)
	o.posKasiPD = position(o.pd, posHead, "Kepala Seksi PD", domain.PosPengawas)
	posPD := position(o.pd, o.posKasiPD, "Pelaksana PD", domain.PosPelaksana)
	o.pd1, o.pd2 = hire(posPD, "PD Satu", domain.RoleEmployee), hire(posPD, "PD Dua", domain.RoleEmployee)
	for _, r := range []domain.Role{domain.RoleAdmin, domain.RolePemeriksa} {
		u, err := o.svc.CreateUser(o.ctx, sys, service.UserInput{Username: string(r), Password: password, Role: r, Lang: "en", Active: true})
		o.must(err)
		a, err := o.svc.Actor(o.ctx, u.ID, "127.0.0.1")
		o.must(err)
		if r == domain.RoleAdmin {
			o.admin = a
		} else {
			o.pemeriksa = a
		}
	}
	_, err := o.svc.CreateYear(o.ctx, sys, o.year, "")
	o.must(err)
	return o
}

func (o *kppn) must(err error) {
	o.t.Helper()
	if err != nil {
		o.t.Fatal(err)
	}
}

// at sets the clock to a day of the performance year.
func (o *kppn) at(month time.Month, day int) {
	o.now = time.Date(o.year, month, day, 9, 0, 0, 0, time.UTC)
}

// as returns the actor of an employee.
func (o *kppn) as(emp int64) authz.Actor { return o.who[emp] }

// objectives gives the office's map SS-1 (stakeholder), SS-2 (customer,
// supporting SS-1) and SS-3 (internal process).
func (o *kppn) objectives() (ss1, ss2, ss3 int64) {
	o.t.Helper()
	save := func(kind domain.PerspectiveKind, code string, supports ...int64) int64 {
		x, err := o.svc.SaveObjective(o.ctx, o.as(o.head), o.year, o.officeID, 0, service.ObjectiveInput{PerspectiveKind: kind, Code: code, Name: "Sasaran " + code, Supports: supports})
		o.must(err)
		return x.ID
	}
	ss1 = save(domain.PerspStakeholder, "SS-1")
	return ss1, save(domain.PerspCustomer, "SS-2", ss1), save(domain.PerspInternal, "SS-3")
}

// goodManual is a complete manual of a sum, maximize indicator whose K3 can
// be computed.
func goodManual() domain.Manual {
	return domain.Manual{Formula: "jumlah dokumen selesai", Unit: "dokumen", Validity: "proxy", Control: "moderate",
		PeriodConsolidation: "sum", Polarity: "maximize", PrevTarget: calc.Some(10), PrevRealisation: calc.Some(12),
		Evidence: []domain.EvidenceItem{{Kind: "raw_data", Name: "Daftar dokumen"}}}
}

func targets(v ...float64) [4]calc.Opt {
	var out [4]calc.Opt
	for i, x := range v {
		out[i] = calc.Some(x)
	}
	return out
}

// iku is a complete IKU line.
func iku(code string, objective int64, t ...float64) service.LineInput {
	return service.LineInput{Code: code, Name: "Indikator " + code, ObjectiveID: objective, Targets: targets(t...), Manual: goodManual()}
}

// iki is a complete IKI line cascaded from parent.
func iki(code string, parent int64, method string, t ...float64) service.LineInput {
	return service.LineInput{Code: code, Name: "Indikator " + code, ParentLineID: parent, CascadeMethod: method, Targets: targets(t...), Manual: goodManual()}
}

// plan opens an employee's plan as that employee.
func (o *kppn) plan(emp int64) domain.Plan {
	o.t.Helper()
	p, err := o.svc.OpenPlan(o.ctx, o.as(emp), o.year, emp)
	o.must(err)
	return p
}

// view reads the newest version of a plan as the system.
func (o *kppn) view(planID int64) service.PlanView {
	o.t.Helper()
	v, err := o.svc.GetPlan(o.ctx, service.SystemActor(), planID, 0)
	o.must(err)
	return v
}

// add saves a new line as a, checking the newest revision.
func (o *kppn) add(a authz.Actor, planID int64, in service.LineInput) domain.Indicator {
	o.t.Helper()
	ind, err := o.svc.SaveLine(o.ctx, a, planID, 0, o.view(planID).Version.Revision, in)
	o.must(err)
	return ind
}

// pk opens the head's PK with three IKUs (targets 4, 5, 4, 5) on SS-1.
func (o *kppn) pk(ss1 int64) (domain.Plan, []domain.Indicator) {
	o.t.Helper()
	p := o.plan(o.head)
	var lines []domain.Indicator
	for _, code := range []string{"1a", "1b", "1c"} {
		lines = append(lines, o.add(o.as(o.head), p.ID, iku(code, ss1, 4, 5, 4, 5)))
	}
	return p, lines
}

// submit submits the newest version as a.
func (o *kppn) submit(a authz.Actor, planID int64) domain.PlanVersion {
	o.t.Helper()
	v, err := o.svc.SubmitPlan(o.ctx, a, planID, o.view(planID).Version.Revision)
	o.must(err)
	return v
}

// approve approves the newest version as a.
func (o *kppn) approve(a authz.Actor, planID int64) domain.PlanVersion {
	o.t.Helper()
	v, err := o.svc.ApprovePlan(o.ctx, a, planID, o.view(planID).Version.Revision)
	o.must(err)
	return v
}

// approvedPK is the head's PK, submitted and approved.
func (o *kppn) approvedPK(ss1 int64) (domain.Plan, []domain.Indicator) {
	o.t.Helper()
	p, lines := o.pk(ss1)
	o.submit(o.as(o.head), p.ID)
	o.approve(o.as(o.pengelola), p.ID)
	return p, lines
}

// fieldOf returns the validation message key of a field ("" when the error
// is not a validation error or the field is fine).
func fieldOf(err error, field string) string {
	var ve *domain.ValidationError
	if !errors.As(err, &ve) {
		return ""
	}
	m, ok := ve.Fields[field]
	if !ok {
		return ""
	}
	if m.Key == "" {
		return "calc"
	}
	return m.Key
}

// refusal returns the message key of a refused state change ("" otherwise).
func refusal(err error) string {
	var se *domain.StateError
	if errors.As(err, &se) {
		return se.Msg.Key
	}
	return ""
}
