package service_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kinerja/kinerja/internal/auth"
	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/service"
	"github.com/kinerja/kinerja/internal/store"
)

// wib is the office zone of the tests (UTC+7, as Asia/Jakarta).
var wib = time.FixedZone("WIB", 7*3600)

// password is the password of every test account.
const password = "correct horse battery"

// clock is a settable clock, safe for concurrent use.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// newService returns a service over s with cheap password hashing and a
// clock standing at 27 November 2026, 10:00 WIB.
func newService(s *store.Store) (*service.Service, *clock) {
	clk := &clock{now: time.Date(2026, 11, 27, 10, 0, 0, 0, wib)}
	return service.New(s, service.Options{PasswordParams: &auth.TestParams, Now: clk.Now, Location: wib}), clk
}

var sys = service.SystemActor()

// office is one office of the test organisation with its people.
type office struct {
	Unit, Section                                   domain.Unit
	HeadPos, SecHeadPos, StaffPos, PengelolaPos     domain.Position
	Head, SecHead, Staff, Pengelola                 domain.Employee
	HeadActor, SecHeadActor, StaffActor, PengActor  authz.Actor
	headUser, secHeadUser, staffUser, pengelolaUser string
}

// org is a small organisation: a region with two offices, each with a head,
// one section with its head, a staff member and a pengelola kinerja, plus an
// admin and a pemeriksa who are not employees.
type org struct {
	svc       *service.Service
	st        *store.Store
	clock     *clock
	region    domain.Unit
	A, B      office
	admin     authz.Actor
	pemeriksa authz.Actor
}

var nipSeq atomic.Int64

// nextNIP returns a valid NIP not used before in this test binary.
func nextNIP() string {
	n := nipSeq.Add(1)
	return fmt.Sprintf("198001%02d200501%d%03d", 1+(n/1998)%28, 1+(n/999)%2, n%999+1)
}

func must[T any](t testing.TB) func(T, error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

func newOrg(t testing.TB, s *store.Store) *org {
	t.Helper()
	ctx := context.Background()
	svc, clk := newService(s)
	o := &org{svc: svc, st: s, clock: clk}
	unit := must[domain.Unit](t)
	o.region = unit(svc.CreateUnit(ctx, sys, service.UnitInput{Code: "KANWIL", Name: "Kantor Wilayah", Kind: domain.UnitRegion}))
	o.A = newOffice(t, svc, o.region.ID, "A")
	o.B = newOffice(t, svc, o.region.ID, "B")
	o.admin = o.account(t, "admin", domain.RoleAdmin, 0)
	o.pemeriksa = o.account(t, "pemeriksa", domain.RolePemeriksa, 0)
	return o
}

func newOffice(t testing.TB, svc *service.Service, parent int64, code string) office {
	t.Helper()
	ctx := context.Background()
	unit := must[domain.Unit](t)
	pos := must[domain.Position](t)
	emp := must[domain.Employee](t)
	start := time.Date(2025, 1, 2, 0, 0, 0, 0, time.UTC)
	var f office
	f.Unit = unit(svc.CreateUnit(ctx, sys, service.UnitInput{ParentID: parent, Code: "OFF-" + code, Name: "Kantor " + code, Kind: domain.UnitOffice}))
	f.Section = unit(svc.CreateUnit(ctx, sys, service.UnitInput{ParentID: f.Unit.ID, Code: "OFF-" + code + "-UMUM", Name: "Subbagian Umum " + code, Kind: domain.UnitSection}))
	f.HeadPos = pos(svc.CreatePosition(ctx, sys, service.PositionInput{UnitID: f.Unit.ID, Title: "Kepala Kantor " + code, Kind: domain.PosHead}))
	f.SecHeadPos = pos(svc.CreatePosition(ctx, sys, service.PositionInput{UnitID: f.Section.ID, Title: "Kepala Subbagian " + code, Kind: domain.PosPengawas, ReportsToID: f.HeadPos.ID}))
	f.StaffPos = pos(svc.CreatePosition(ctx, sys, service.PositionInput{UnitID: f.Section.ID, Title: "Pelaksana " + code, Kind: domain.PosPelaksana, ReportsToID: f.SecHeadPos.ID}))
	f.PengelolaPos = pos(svc.CreatePosition(ctx, sys, service.PositionInput{UnitID: f.Section.ID, Title: "Pengelola Kinerja " + code, Kind: domain.PosPelaksana, ReportsToID: f.SecHeadPos.ID}))
	hire := func(name string, p domain.Position) domain.Employee {
		return emp(svc.CreateEmployeeIn(ctx, sys, service.EmployeeInput{NIP: nextNIP(), Name: name}, p.ID, start))
	}
	f.Head = hire("Kepala "+code, f.HeadPos)
	f.SecHead = hire("Kasubbag "+code, f.SecHeadPos)
	f.Staff = hire("Staf "+code, f.StaffPos)
	f.Pengelola = hire("Pengelola "+code, f.PengelolaPos)
	lc := map[string]string{"A": "a", "B": "b"}[code]
	f.headUser, f.secHeadUser, f.staffUser, f.pengelolaUser = "head."+lc, "sechead."+lc, "staff."+lc, "pengelola."+lc
	f.HeadActor = accountOf(t, svc, f.headUser, domain.RoleEmployee, f.Head.ID)
	f.SecHeadActor = accountOf(t, svc, f.secHeadUser, domain.RoleEmployee, f.SecHead.ID)
	f.StaffActor = accountOf(t, svc, f.staffUser, domain.RoleEmployee, f.Staff.ID)
	f.PengActor = accountOf(t, svc, f.pengelolaUser, domain.RolePengelola, f.Pengelola.ID)
	return f
}

func (o *org) account(t testing.TB, username string, role domain.Role, emp int64) authz.Actor {
	t.Helper()
	return accountOf(t, o.svc, username, role, emp)
}

func accountOf(t testing.TB, svc *service.Service, username string, role domain.Role, emp int64) authz.Actor {
	t.Helper()
	ctx := context.Background()
	u, err := svc.CreateUser(ctx, sys, service.UserInput{Username: username, Password: password, Role: role, EmployeeID: emp, Lang: "id", Active: true})
	if err != nil {
		t.Fatalf("account %s: %v", username, err)
	}
	a, err := svc.Actor(ctx, u.ID, "198.51.100.1")
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// fieldError checks that err is a validation error with key on field.
func fieldError(t *testing.T, err error, field, key string) {
	t.Helper()
	var ve *domain.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("error = %v, want a validation error on %q", err, field)
	}
	m, ok := ve.Fields[field]
	if !ok {
		t.Fatalf("validation error %v has nothing on %q", ve, field)
	}
	if key != "" && m.Key != key {
		t.Errorf("field %q: key %q, want %q", field, m.Key, key)
	}
}

// auditCount returns the number of events in the chain.
func auditCount(t *testing.T, s *store.Store) int64 {
	t.Helper()
	seq, _, err := s.LastAuditEvent(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return seq
}

// lastEvent returns the newest audit event.
func lastEvent(t *testing.T, s *store.Store) domain.AuditEvent {
	t.Helper()
	evs, err := s.ListAuditEvents(context.Background(), store.AuditFilter{Limit: 1})
	if err != nil || len(evs) == 0 {
		t.Fatalf("last audit event: %v (%d events)", err, len(evs))
	}
	return evs[0]
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
