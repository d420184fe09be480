package service_test

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kinerja/kinerja/internal/auth"
	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/calc"
	"github.com/kinerja/kinerja/internal/demo"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/mail"
	"github.com/kinerja/kinerja/internal/service"
	"github.com/kinerja/kinerja/internal/store"
	"github.com/kinerja/kinerja/internal/store/storetest"
)

// sentMail is one message the fake mail sender was given.
type sentMail struct{ to, subject, body string }

// fakeMailer records messages instead of sending them.
type fakeMailer struct {
	mu   sync.Mutex
	sent []sentMail
}

func (m *fakeMailer) Send(_ context.Context, to, subject, body string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.sent = append(m.sent, sentMail{to, subject, body})
	return nil
}

func (m *fakeMailer) take() []sentMail {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := m.sent
	m.sent = nil
	return out
}

// demoOffice is the demo office seeded on one engine with a settable clock
// standing at 27 November 2026, 10:00 WIB (Q3 being reported, Q1 and Q2 closed).
type demoOffice struct {
	st   *store.Store
	svc  *service.Service
	clk  *clock
	mail *fakeMailer
	off  *demo.Office
	c    *domain.Chart
}

func seedDemo(t *testing.T, st *store.Store) *demoOffice {
	t.Helper()
	clk := &clock{now: time.Date(2026, 10, 7, 10, 0, 0, 0, wib)}
	mail := &fakeMailer{}
	svc := service.New(st, service.Options{PasswordParams: &auth.TestParams, Now: clk.Now, Location: wib, Mailer: mail})
	off, err := demo.Seed(context.Background(), st, svc)
	if err != nil {
		t.Fatal(err)
	}
	c, err := svc.Chart(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return &demoOffice{st: st, svc: svc, clk: clk, mail: mail, off: off, c: c}
}

// actor signs in as a demo employee.
func (d *demoOffice) actor(t *testing.T, employeeID int64) authz.Actor {
	t.Helper()
	a, err := d.svc.ActorOfEmployee(context.Background(), employeeID, "")
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// named signs in as a demo account that is not an employee.
func (d *demoOffice) named(t *testing.T, username string) authz.Actor {
	t.Helper()
	u, err := d.st.GetUserByUsername(context.Background(), username)
	if err != nil {
		t.Fatal(err)
	}
	a, err := d.svc.Actor(context.Background(), u.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// planOf returns an employee's plan of the demo year.
func (d *demoOffice) planOf(t *testing.T, employeeID int64) domain.Plan {
	t.Helper()
	plans, err := d.svc.PlansOf(context.Background(), sys, d.off.Year, employeeID)
	if err != nil || len(plans) == 0 {
		t.Fatalf("plans of %d: %v", employeeID, err)
	}
	return plans[len(plans)-1]
}

// kinds counts inbox items by kind.
func kinds(items []service.InboxItem) map[service.InboxKind]int {
	out := map[service.InboxKind]int{}
	for _, it := range items {
		out[it.Kind]++
	}
	return out
}

// has reports whether an inbox holds an item of kind whose link is link.
func has(items []service.InboxItem, kind service.InboxKind, link string) bool {
	for _, it := range items {
		if it.Kind == kind && it.Link == link {
			return true
		}
	}
	return false
}

// TestDashboards reads the demo office's dashboards and inboxes as each
// person of the story, on SQLite and PostgreSQL. The cases share one seeded
// office and run in order; the later ones change it.
func TestDashboards(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		d := seedDemo(t, st)
		for _, c := range []struct {
			name string
			fn   func(t *testing.T, d *demoOffice)
		}{
			{"HeadDashboard", testHeadDashboard},
			{"DashboardPermissions", testDashboardPermissions},
			{"TeamView", testTeamView},
			{"MyHome", testMyHome},
			{"Console", testConsole},
			{"Inbox", testInbox},
			{"Digest", testDigest},
			{"DigestTwoServers", testDigestTwoServers},
			{"Overview", testOverview},
			{"ClosedQuarterFrozen", testClosedQuarterFrozen},
		} {
			t.Run(c.name, func(t *testing.T) { c.fn(t, d) })
		}
	})
}

func testHeadDashboard(t *testing.T, d *demoOffice) {
	ctx := context.Background()
	hd, err := d.svc.HeadDashboard(ctx, d.actor(t, d.off.Head), d.off.Year, d.off.OfficeID)
	if err != nil {
		t.Fatal(err)
	}
	if hd.Quarter != 3 || !hd.HasPK || len(hd.IKUs) != 14 {
		t.Fatalf("quarter %d, PK %v, %d IKUs", hd.Quarter, hd.HasPK, len(hd.IKUs))
	}
	// Q1 and Q2 are verified and closed: official; Q3 is validated only: provisional; Q4 has nothing.
	for q, want := range []string{"official", "official", "provisional", "none"} {
		v := hd.Trend[q]
		got := map[bool]string{true: "official"}[v.Official]
		if got == "" && v.Provisional {
			got = "provisional"
		} else if got == "" {
			got = "none"
		}
		if got != want {
			t.Errorf("Q%d NKO is %s, want %s", q+1, got, want)
		}
	}
	// The dashboard's trend, made from the office's data, is the NKO of every quarter.
	trend, err := d.svc.NKOTrend(ctx, d.actor(t, d.off.Head), d.off.Year, d.off.OfficeID)
	if err != nil {
		t.Fatal(err)
	}
	for q := range trend {
		a, b := hd.Trend[q], trend[q]
		if a.Official != b.Official || a.Provisional != b.Provisional || calc.Round2(a.Result.NKO) != calc.Round2(b.Result.NKO) ||
			a.Result.Predicate != b.Result.Predicate || len(a.Objectives) != len(b.Objectives) {
			t.Errorf("Q%d: dashboard NKO %v %q (official %v), NKO %v %q (official %v)", q+1, a.Result.NKO, a.Result.Predicate, a.Official,
				b.Result.NKO, b.Result.Predicate, b.Official)
		}
		for i := range a.Objectives {
			if a.Objectives[i].Status != b.Objectives[i].Status {
				t.Errorf("Q%d objective %s: %s, want %s", q+1, a.Objectives[i].Objective.Code, a.Objectives[i].Status, b.Objectives[i].Status)
			}
		}
	}
	if hd.NKO.Quarter != 3 || !hd.NKO.Provisional || calc.Round2(hd.NKO.Result.NKO) <= 0 || hd.NKO.Result.Predicate == "" {
		t.Errorf("Q3 NKO = %+v", hd.NKO.Result)
	}
	// Attention: the yellow and red IKUs of the quarter, worst first, each with the actions of the head's reports.
	prev := -1.0
	for _, r := range hd.Attention {
		f := r.Track.ToDate[2]
		if f.Status != calc.StatusYellow && f.Status != calc.StatusRed {
			t.Errorf("%s is %s but needs attention", r.Track.Line.Code, f.Status)
		}
		if f.Achievement.V < prev {
			t.Errorf("attention not worst first at %s", r.Track.Line.Code)
		}
		prev = f.Achievement.V
	}
	if len(hd.Attention) == 0 {
		t.Error("no IKU needs attention in Q3")
	}
	overdue, steps := 0, 0
	for _, r := range hd.IKUs {
		overdue += r.Overdue
		if r.Track.Projection.Trend != calc.TrendUnknown {
			steps += len(r.Track.Projection.Steps)
		}
		for q := 0; q < 2; q++ {
			if r.Track.ToDate[q].Achievement.OK && !r.Track.Frozen[q] {
				t.Errorf("%s Q%d is verified but not frozen", r.Track.Line.Code, q+1)
			}
		}
	}
	if overdue == 0 || steps == 0 {
		t.Errorf("%d overdue actions, %d projection steps", overdue, steps)
	}
	// Reporting per unit: the office and its five sections, everyone counted once.
	people := 0
	for _, u := range hd.Progress.Units {
		people += len(u.Rows)
	}
	if len(hd.Progress.Units) != 6 || people != len(d.c.OfficeEmployees(d.off.OfficeID)) {
		t.Errorf("%d units with %d people", len(hd.Progress.Units), people)
	}
}

func testDashboardPermissions(t *testing.T, d *demoOffice) {
	ctx := context.Background()
	staff := d.actor(t, d.off.Staff["BANK"][0])
	kasi := d.actor(t, d.off.SectionLed["BANK"])
	for who, a := range map[string]authz.Actor{"staff": staff, "section head": kasi} {
		if _, err := d.svc.HeadDashboard(ctx, a, d.off.Year, d.off.OfficeID); !errors.Is(err, domain.ErrForbidden) {
			t.Errorf("%s opens the head's dashboard: %v", who, err)
		}
		if _, err := d.svc.Console(ctx, a, d.off.Year, 3, d.off.OfficeID); !errors.Is(err, domain.ErrForbidden) {
			t.Errorf("%s opens the console: %v", who, err)
		}
	}
	if _, err := d.svc.Console(ctx, d.actor(t, d.off.Head), d.off.Year, 3, d.off.OfficeID); !errors.Is(err, domain.ErrForbidden) {
		t.Errorf("the head opens the pengelola's console: %v", err)
	}
	for _, who := range []string{"pemeriksa", "admin"} {
		if _, err := d.svc.HeadDashboard(ctx, d.named(t, who), d.off.Year, d.off.OfficeID); err != nil {
			t.Errorf("the %s cannot read the office's dashboard: %v", who, err)
		}
	}
	if _, err := d.svc.HeadDashboard(ctx, d.actor(t, d.off.Head), d.off.Year, d.off.Sections["BANK"]); !errors.Is(err, domain.ErrNotFound) {
		t.Errorf("a section's dashboard: %v, want not found", err)
	}
	// A staff member has no team and sees no colleague's figures.
	tv, err := d.svc.TeamView(ctx, staff, d.off.Year, 3)
	if err != nil || tv.HasTeam || len(tv.Rows) != 0 || len(tv.NotSent) != 0 || len(tv.Overdue) != 0 {
		t.Errorf("staff team view: has %v, %d rows, %d not sent, %d overdue (%v)", tv.HasTeam, len(tv.Rows), len(tv.NotSent), len(tv.Overdue), err)
	}
	// The employee home holds only one's own plan.
	h, err := d.svc.MyHome(ctx, staff, d.off.Year)
	if err != nil || h.Plan == nil || h.Plan.EmployeeID != staff.EmployeeID() {
		t.Fatalf("staff home: %+v (%v)", h.Plan, err)
	}
	for _, x := range h.Actions {
		if x.Action.OwnerID != staff.EmployeeID() {
			t.Errorf("staff home lists %d's action", x.Action.OwnerID)
		}
	}
}

func testTeamView(t *testing.T, d *demoOffice) {
	ctx := context.Background()
	lead := d.off.SectionLed["PD"]
	tv, err := d.svc.TeamView(ctx, d.actor(t, lead), d.off.Year, 3)
	if err != nil {
		t.Fatal(err)
	}
	if !tv.HasTeam || len(tv.Columns) == 0 || len(tv.Rows) != len(d.off.Staff["PD"]) {
		t.Fatalf("PD team: %d columns, %d rows", len(tv.Columns), len(tv.Rows))
	}
	// Only the chain below the supervisor, each cell on its column.
	for _, r := range tv.Rows {
		if !d.c.IsAbove(lead, r.Employee.ID) {
			t.Errorf("%s is not below the head of PD", r.Employee.Name)
		}
		if len(r.Cells) != len(tv.Columns) {
			t.Errorf("%s has %d cells for %d columns", r.Employee.Name, len(r.Cells), len(tv.Columns))
		}
	}
	// PD has returned sheets and a returned SKP: they have not sent; submitted ones wait for validation.
	if len(tv.NotSent) == 0 || len(tv.ToValidate) == 0 {
		t.Errorf("PD: %d not sent, %d to validate", len(tv.NotSent), len(tv.ToValidate))
	}
	for _, r := range tv.ToValidate {
		if r.SheetStatus != string(domain.SheetSubmitted) || !d.c.IsSupervisor(lead, r.Employee.ID) {
			t.Errorf("%s waits for validation in state %s", r.Employee.Name, r.SheetStatus)
		}
	}
	// The head's heat map reaches every person of the office through the cascade.
	tv, err = d.svc.TeamView(ctx, d.actor(t, d.off.Head), d.off.Year, 2)
	if err != nil {
		t.Fatal(err)
	}
	reached := 0
	for _, r := range tv.Rows {
		for _, c := range r.Cells {
			if c.LineID != 0 && c.Achievement.OK {
				reached++
				break
			}
		}
	}
	// Everyone below the head, and the clerk moved on 1 July once more with
	// the SKP of Seksi Bank. Without a figure: the returned and the missing
	// SKP, the moved clerk's new draft, and the newcomer's own indicators.
	if len(tv.Rows) != len(d.c.OfficeEmployees(d.off.OfficeID)) || reached < len(tv.Rows)-4 {
		t.Errorf("head's Q2 heat map: %d rows, %d with a figure", len(tv.Rows), reached)
	}
}

func testMyHome(t *testing.T, d *demoOffice) {
	ctx := context.Background()
	// The PD staff member whose Q3 sheet came back sees it with the reason.
	var who int64
	for _, id := range d.off.Staff["PD"] {
		sv, err := d.svc.GetSheet(ctx, service.SystemActor(), d.planOf(t, id).ID, 3)
		if err == nil && sv.Sheet.Status == domain.SheetReturned {
			who = id
			break
		}
	}
	if who == 0 {
		t.Fatal("no returned Q3 sheet in PD")
	}
	h, err := d.svc.MyHome(ctx, d.actor(t, who), d.off.Year)
	if err != nil {
		t.Fatal(err)
	}
	if len(h.Returned) != 1 || h.Returned[0].Comment == "" || !strings.Contains(h.Returned[0].Link, "/quarters/3") {
		t.Errorf("returned: %+v", h.Returned)
	}
	// Three days before the Q3 deadline the sheet is due, not overdue; five
	// days later it is overdue.
	due := func(h service.MyHome) (left int, overdue bool) {
		t.Helper()
		left = -99
		for _, dl := range h.Deadlines {
			if dl.Done {
				t.Errorf("a met deadline is listed: %+v", dl)
			}
			if strings.Contains(dl.Link, "/quarters/3") {
				left, overdue = dl.DaysLeft, dl.Overdue
			}
		}
		return left, overdue
	}
	if left, overdue := due(h); left != 3 || overdue || !h.Approved || len(h.Lines) < 3 {
		t.Errorf("deadlines %+v, approved %v, %d lines", h.Deadlines, h.Approved, len(h.Lines))
	}
	d.clk.Add(5 * 24 * time.Hour)
	defer d.clk.Add(-5 * 24 * time.Hour)
	if h, err = d.svc.MyHome(ctx, d.actor(t, who), d.off.Year); err != nil {
		t.Fatal(err)
	}
	if left, overdue := due(h); left != -2 || !overdue {
		t.Errorf("after the deadline: deadlines %+v", h.Deadlines)
	}
}

func testConsole(t *testing.T, d *demoOffice) {
	ctx := context.Background()
	cs, err := d.svc.Console(ctx, d.actor(t, d.off.Pengelola), d.off.Year, 3, d.off.OfficeID)
	if err != nil {
		t.Fatal(err)
	}
	if cs.People != len(d.c.OfficeEmployees(d.off.OfficeID)) || cs.PlansApproved != cs.People-3 || len(cs.PlansLate) != 3 {
		t.Errorf("%d people, %d approved, %d without", cs.People, cs.PlansApproved, len(cs.PlansLate))
	}
	if len(cs.Corrections) != 1 || len(cs.Reports) != 6 || cs.K3Low == 0 {
		t.Errorf("%d corrections, %d reports, K3 low %d", len(cs.Corrections), len(cs.Reports), cs.K3Low)
	}
	// Q3 is before its deadline; one Q2 sheet went in after it.
	if q2, err := d.svc.Console(ctx, d.actor(t, d.off.Pengelola), d.off.Year, 2, d.off.OfficeID); err != nil || len(cs.LateSheets) != 0 || len(q2.LateSheets) == 0 {
		t.Errorf("late sheets: Q3 %d, Q2 %d (%v)", len(cs.LateSheets), len(q2.LateSheets), err)
	}
	if _, err := d.svc.Console(ctx, d.named(t, "pemeriksa"), d.off.Year, 3, d.off.OfficeID); err != nil {
		t.Errorf("the pemeriksa cannot read the console: %v", err)
	}
}

func testInbox(t *testing.T, d *demoOffice) {
	ctx := context.Background()
	head, pengelola := d.actor(t, d.off.Head), d.actor(t, d.off.Pengelola)
	leadPD := d.actor(t, d.off.SectionLed["PD"])
	leadBank := d.actor(t, d.off.SectionLed["BANK"])

	// A section head submits the Q3 report; the head reviews it.
	bankPlan := d.planOf(t, d.off.SectionLed["BANK"])
	if _, err := d.svc.SubmitReport(ctx, leadBank, bankPlan.ID, 3, -1); err != nil {
		t.Fatalf("submit the Bank report: %v", err)
	}
	// The head submits the PK's report; the pengelola kinerja reviews it.
	pk := d.planOf(t, d.off.Head)
	if _, err := d.svc.SubmitReport(ctx, head, pk.ID, 3, -1); err != nil {
		t.Fatalf("submit the PK report: %v", err)
	}
	// The staff member whose SKP came back sends it again.
	returnedSKP := d.planOf(t, d.off.Staff["PD"][3])
	if _, err := d.svc.SubmitPlan(ctx, d.actor(t, d.off.Staff["PD"][3]), returnedSKP.ID, -1); err != nil {
		t.Fatalf("resubmit the returned SKP: %v", err)
	}
	// The pengelola kinerja asks to correct a locked figure of their own.
	own := d.planOf(t, d.off.Pengelola)
	sv, err := d.svc.GetSheet(ctx, pengelola, own.ID, 1)
	if err != nil {
		t.Fatal(err)
	}
	line := sv.Lines[0]
	for _, l := range sv.Lines {
		if l.Realisation.Value.OK {
			line = l
			break
		}
	}
	if _, err := d.svc.RequestCorrection(ctx, pengelola, own.ID, 1, line.Indicator.LineID, calc.Some(line.Realisation.Value.V+0.5), "", "Rekap Maret salah ketik.", false); err != nil {
		t.Fatalf("request a correction: %v", err)
	}

	items, err := d.svc.Inbox(ctx, head)
	if err != nil {
		t.Fatal(err)
	}
	if !has(items, "report_review", fmt.Sprintf("/reports/%d/3", bankPlan.ID)) {
		t.Errorf("the head does not see the Bank report to review: %v", kinds(items))
	}
	if has(items, "report_review", fmt.Sprintf("/reports/%d/3", pk.ID)) {
		t.Error("the head reviews their own report")
	}
	if kinds(items)["sheet_validate"] == 0 {
		t.Errorf("the head has no section head's sheet to validate: %v", kinds(items))
	}

	items, err = d.svc.Inbox(ctx, leadPD)
	if err != nil {
		t.Fatal(err)
	}
	k := kinds(items)
	if k["sheet_validate"] == 0 || !has(items, "plan_approve", fmt.Sprintf("/plans/%d", returnedSKP.ID)) {
		t.Errorf("the head of PD: %v", k)
	}
	for _, it := range items {
		if it.Kind == "sheet_validate" && strings.Contains(it.What.String(), d.c.Employees[d.off.Staff["BANK"][0]].Name) {
			t.Errorf("the head of PD validates Bank's sheet: %s", it.What)
		}
	}

	items, err = d.svc.Inbox(ctx, pengelola)
	if err != nil {
		t.Fatal(err)
	}
	k = kinds(items)
	if k["sheet_verify"] == 0 || !has(items, "report_review", fmt.Sprintf("/reports/%d/3", pk.ID)) || k["correction"] != 1 {
		t.Errorf("the pengelola kinerja: %v", k)
	}
	for _, it := range items {
		if it.Kind == "correction" && strings.Contains(it.What.String(), d.c.Employees[d.off.Pengelola].Name) {
			t.Error("the pengelola kinerja decides their own correction")
		}
	}

	var staffPD authz.Actor
	for _, id := range d.off.Staff["PD"] {
		a := d.actor(t, id)
		if items, _ := d.svc.Inbox(ctx, a); kinds(items)["returned"] > 0 {
			staffPD = a
		}
	}
	if staffPD.User.ID == 0 {
		t.Error("no PD staff member sees their returned sheet")
	}
	if items, _ := d.svc.Inbox(ctx, d.named(t, "pemeriksa")); len(items) != 0 {
		t.Errorf("the pemeriksa has %d things to do", len(items))
	}
	// The count for the menu agrees with the list.
	if n, err := d.svc.InboxCount(ctx, pengelola); err != nil || n != len(items) {
		t.Errorf("inbox count %d, list %d (%v)", n, len(items), err)
	}
}

// slowMailer holds its first message until released, like a slow mail
// server, and records what it is given.
type slowMailer struct {
	fakeMailer
	once     sync.Once
	started  chan struct{}
	release  chan struct{}
	failWith error
}

func (m *slowMailer) Send(ctx context.Context, to, subject, body string) error {
	m.once.Do(func() {
		close(m.started)
		<-m.release
	})
	if m.failWith != nil {
		return m.failWith
	}
	return m.fakeMailer.Send(ctx, to, subject, body)
}

// Two servers sending the day's digests at once send each one once; a
// digest that could not be sent is not counted as sent.
func testDigestTwoServers(t *testing.T, d *demoOffice) {
	ctx := context.Background()
	d.clk.Add(24 * time.Hour)
	server := func(m mail.Sender) *service.Service {
		return service.New(d.st, service.Options{PasswordParams: &auth.TestParams, Now: d.clk.Now, Location: wib, Mailer: m})
	}
	// Server one stalls on its first message until server two has gone
	// through the whole list.
	slow := &slowMailer{started: make(chan struct{}), release: make(chan struct{})}
	done := make(chan error, 1)
	go func() {
		_, err := server(slow).SendDigests(ctx, "https://kinerja.example")
		done <- err
	}()
	<-slow.started
	if _, err := server(d.mail).SendDigests(ctx, "https://kinerja.example"); err != nil {
		t.Fatal(err)
	}
	close(slow.release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	to := map[string]int{}
	for _, m := range append(slow.take(), d.mail.take()...) {
		to[m.to]++
	}
	if len(to) < 2 {
		t.Fatalf("digests to %v", to)
	}
	for addr, k := range to {
		if k != 1 {
			t.Errorf("%s got %d digests from two servers", addr, k)
		}
	}

	// The next day the mail server refuses: nobody's day is taken.
	d.clk.Add(24 * time.Hour)
	failing := &slowMailer{started: make(chan struct{}), release: make(chan struct{}), failWith: errors.New("421 service not available")}
	close(failing.release)
	if n, err := server(failing).SendDigests(ctx, "https://kinerja.example"); err != nil || n != 0 {
		t.Fatalf("digests through a refusing mail server: %d (%v)", n, err)
	}
	u, err := d.st.GetUserByEmployee(ctx, d.off.Head)
	if err != nil {
		t.Fatal(err)
	}
	if v, err := d.st.GetSetting(ctx, "digest:"+strconv.FormatInt(u.ID, 10)); err != nil || v == d.svc.Today().Format("2006-01-02") {
		t.Errorf("the head's digest is recorded as sent on %q (%v) although the mail server refused it", v, err)
	}
}

func testDigest(t *testing.T, d *demoOffice) {
	ctx := context.Background()
	pengelola := d.actor(t, d.off.Pengelola)
	if err := d.svc.SetEmailDigest(ctx, pengelola, false); err != nil {
		t.Fatal(err)
	}
	// Before seven in the morning nothing goes out.
	d.clk.mu.Lock()
	d.clk.now = time.Date(2026, 11, 28, 6, 30, 0, 0, wib)
	d.clk.mu.Unlock()
	if n, err := d.svc.SendDigests(ctx, "https://kinerja.example"); err != nil || n != 0 {
		t.Fatalf("digest at 06:30: %d sent (%v)", n, err)
	}
	d.clk.Add(time.Hour)
	n, err := d.svc.SendDigests(ctx, "https://kinerja.example")
	sent := d.mail.take()
	if err != nil || n == 0 || n != len(sent) {
		t.Fatalf("digest at 07:30: %d sent, %d mails (%v)", n, len(sent), err)
	}
	to := map[string]int{}
	for _, m := range sent {
		to[m.to]++
		if !strings.Contains(m.body, "https://kinerja.example/account") || m.subject == "" {
			t.Errorf("digest to %s lacks the opt-out link or a subject", m.to)
		}
	}
	head := d.c.Employees[d.off.Head]
	if to[head.Email] != 1 {
		t.Errorf("the head got %d digests", to[head.Email])
	}
	if to[d.c.Employees[d.off.Pengelola].Email] != 0 {
		t.Error("the pengelola kinerja opted out but got a digest")
	}
	for addr, k := range to {
		if k > 1 {
			t.Errorf("%s got %d digests", addr, k)
		}
	}
	// Later the same day nobody gets a second one; the next day they do.
	d.clk.Add(5 * time.Hour)
	if n, err := d.svc.SendDigests(ctx, "https://kinerja.example"); err != nil || n != 0 || len(d.mail.take()) != 0 {
		t.Errorf("second digest the same day: %d (%v)", n, err)
	}
	d.clk.Add(19 * time.Hour)
	if n, err := d.svc.SendDigests(ctx, "https://kinerja.example"); err != nil || n == 0 {
		t.Errorf("digest the next day: %d (%v)", n, err)
	}
	if got := d.mail.take(); len(got) == 0 {
		t.Error("no mail the next day")
	}
}
