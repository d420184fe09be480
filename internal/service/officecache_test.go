package service_test

import (
	"context"
	"fmt"
	"maps"
	"reflect"
	"testing"

	"github.com/kinerja/kinerja/internal/auth"
	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/service"
	"github.com/kinerja/kinerja/internal/store"
	"github.com/kinerja/kinerja/internal/store/storetest"
)

// An office's plans, sheet states, reports and actions are kept between
// requests; a change made by another server on the same database (plan,
// sheet, report) shows at the next read, and the kept data always agrees
// with a fresh read, for the whole office and for one person's part of it.
func TestOfficeDataCache(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		d := seedDemo(t, st)
		ctx := context.Background()
		other := service.New(st, service.Options{PasswordParams: &auth.TestParams, Now: d.clk.Now, Location: wib, Mailer: &fakeMailer{}})
		actorOn := func(svc *service.Service, emp int64) authz.Actor {
			t.Helper()
			a, err := svc.ActorOfEmployee(ctx, emp, "")
			if err != nil {
				t.Fatal(err)
			}
			return a
		}
		peng := d.actor(t, d.off.Pengelola)
		console := func() service.Console {
			t.Helper()
			cs, err := d.svc.Console(ctx, peng, d.off.Year, 3, d.off.OfficeID)
			if err != nil {
				t.Fatal(err)
			}
			fresh, err := d.svc.QuarterProgress(ctx, peng, d.off.Year, 3, d.off.OfficeID)
			if err != nil {
				t.Fatal(err)
			}
			if !maps.Equal(cs.Progress.Totals, fresh.Totals) {
				t.Errorf("kept sheet states %v, in the database %v", cs.Progress.Totals, fresh.Totals)
			}
			return cs
		}
		statusOf := func(cs service.Console, emp int64) string {
			for _, g := range cs.PlansLate {
				if g.EmployeeID == emp {
					return g.Status
				}
			}
			return "approved"
		}

		// A plan sent again by its owner.
		staff := d.off.Staff["PD"][3]
		if s := statusOf(console(), staff); s != "returned" {
			t.Fatalf("the returned SKP is %q", s)
		}
		if _, err := other.SubmitPlan(ctx, actorOn(other, staff), d.planOf(t, staff).ID, -1); err != nil {
			t.Fatal(err)
		}
		before := console()
		if s := statusOf(before, staff); s != "submitted" {
			t.Errorf("after another server's change the SKP is %q", s)
		}

		// A sheet returned by the section head.
		var returned bool
		for code, people := range d.off.Staff {
			for _, emp := range people {
				sv, err := d.svc.GetSheet(ctx, d.actor(t, emp), d.planOf(t, emp).ID, 3)
				if err != nil || sv.Sheet.Status != domain.SheetSubmitted {
					continue
				}
				lead := actorOn(other, d.off.SectionLed[code])
				if _, err := other.ReturnSheet(ctx, lead, sv.Sheet.PlanID, 3, -1, "Lengkapi data dukung."); err != nil {
					t.Fatalf("return the sheet of %d: %v", emp, err)
				}
				returned = true
				break
			}
			if returned {
				break
			}
		}
		if !returned {
			t.Fatal("no submitted Q3 sheet")
		}
		after := console()
		if after.Progress.Totals["returned"] != before.Progress.Totals["returned"]+1 {
			t.Errorf("returned sheets %d, then %d", before.Progress.Totals["returned"], after.Progress.Totals["returned"])
		}

		// A report sent for review reaches the pengelola's inbox.
		pk := d.planOf(t, d.off.Head)
		link := fmt.Sprintf("/reports/%d/3", pk.ID)
		items, err := d.svc.Inbox(ctx, peng)
		if err != nil || has(items, "report_review", link) {
			t.Fatalf("the PK report is to review before it is sent (%v)", err)
		}
		if _, err := other.SubmitReport(ctx, actorOn(other, d.off.Head), pk.ID, 3, -1); err != nil {
			t.Fatal(err)
		}
		if items, err = d.svc.Inbox(ctx, peng); err != nil || !has(items, "report_review", link) {
			t.Errorf("the PK report sent by another server is not in the inbox (%v): %v", err, kinds(items))
		}

		// After all these changes, people's pages from the office kept whole.
		checkKeptParts(t, d)
	})
}

// checkKeptParts: a person's page takes their part of an office kept whole
// (after any page of the whole office) instead of reading it; home, inbox
// and team must come out exactly as read cold.
func checkKeptParts(t *testing.T, d *demoOffice) {
	t.Helper()
	st, ctx := d.st, context.Background()
	{
		// warm has the whole office kept: the pengelola's console read it.
		warm := service.New(st, service.Options{PasswordParams: &auth.TestParams, Now: d.clk.Now, Location: wib, Mailer: &fakeMailer{}})
		if _, err := warm.Console(service.WithOfficeMemo(ctx), d.actor(t, d.off.Pengelola), d.off.Year, 3, d.off.OfficeID); err != nil {
			t.Fatal(err)
		}
		type pages struct {
			Home  service.MyHome
			Inbox []service.InboxItem
			Team  service.TeamView
		}
		read := func(svc *service.Service, a authz.Actor) pages {
			t.Helper()
			var p pages
			var err error
			if p.Home, err = svc.MyHome(service.WithOfficeMemo(ctx), a, d.off.Year); err != nil {
				t.Fatal(err)
			}
			if p.Inbox, err = svc.Inbox(service.WithOfficeMemo(ctx), a); err != nil {
				t.Fatal(err)
			}
			if p.Team, err = svc.TeamView(service.WithOfficeMemo(ctx), a, d.off.Year, 3); err != nil {
				t.Fatal(err)
			}
			return p
		}
		// The head, the pengelola, the section heads, two staff members of
		// each section and the one who moved: every kind of page.
		people := []int64{d.off.Head, d.off.Pengelola, d.off.Moved}
		for code, lead := range d.off.SectionLed {
			people = append(people, lead)
			people = append(people, d.off.Staff[code][:min(2, len(d.off.Staff[code]))]...)
		}
		var withActions, withTeam int
		for _, emp := range people {
			a := d.actor(t, emp)
			// Cold for each person: the head's home reads the whole office.
			cold := service.New(st, service.Options{PasswordParams: &auth.TestParams, Now: d.clk.Now, Location: wib, Mailer: &fakeMailer{}})
			want, got := read(cold, a), read(warm, a)
			for _, part := range []struct {
				name      string
				got, want any
			}{{"home", got.Home, want.Home}, {"inbox", got.Inbox, want.Inbox}, {"team", got.Team, want.Team}} {
				if !reflect.DeepEqual(part.got, part.want) {
					t.Errorf("employee %d's %s from the kept office differs from the one read cold", emp, part.name)
				}
			}
			if len(want.Home.Actions) > 0 {
				withActions++
			}
			if len(want.Team.Rows) > 0 {
				withTeam++
			}
		}
		if withActions == 0 || withTeam == 0 {
			t.Errorf("nobody with open actions (%d) or a team (%d): the comparison proves little", withActions, withTeam)
		}
	}
}
