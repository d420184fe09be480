// Package service holds Kinerja's use cases. Each method that changes data
// checks the actor's permission, validates the input, writes, and records an
// audit event, all in one transaction. Handlers (web, api, cli) only translate.
package service

import (
	"context"
	"log/slog"
	"os"
	"sync"
	"time"

	"github.com/kinerja/kinerja/internal/audit"
	"github.com/kinerja/kinerja/internal/auth"
	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/blob"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/mail"
	"github.com/kinerja/kinerja/internal/store"
)

// Options configure a Service.
type Options struct {
	Location *time.Location   // office time zone for deadlines and "today"
	Now      func() time.Time // clock; time.Now when nil
	Log      *slog.Logger
	// PasswordParams override the argon2id cost (tests use cheap ones).
	PasswordParams *auth.Params
	// Blobs stores evidence files; StagingDir holds uploads while they are
	// checked; MaxUpload is the largest file accepted in bytes.
	Blobs      blob.Store
	StagingDir string
	MaxUpload  int64
	// Mailer sends the daily digest; none is sent when nil.
	Mailer mail.Sender
}

// Service is the application's use-case layer.
type Service struct {
	store *store.Store
	loc   *time.Location
	now   func() time.Time
	log   *slog.Logger
	pwp   auth.Params
	// dummyHash is checked for unknown user names, at the same cost as a
	// real check, so that response time does not reveal which names exist.
	// It is made at the first login, not at start, which commands that
	// never log anyone in would pay for.
	dummyOnce sync.Once
	dummyHash string

	blobs     blob.Store
	staging   string
	maxUpload int64
	mailer    mail.Sender

	inbox  inboxCounts
	scores scoreCache
	bases  baseCache
	ended  endedCache
	rules  *installedRules // shared with WithClock copies

	chartMu      sync.Mutex
	chart        *domain.Chart
	chartVersion int64
	dayCharts    map[time.Time]*domain.Chart // charts of other days, at chartVersion

	yearsMu      sync.Mutex
	years        []domain.Year // every year, newest first, at yearsVersion
	yearsVersion int64
	yearsOK      bool
}

// New returns a Service over a migrated store.
func New(st *store.Store, opt Options) *Service {
	s := &Service{store: st, loc: opt.Location, now: opt.Now, log: opt.Log, pwp: auth.DefaultParams,
		blobs: opt.Blobs, staging: opt.StagingDir, maxUpload: opt.MaxUpload, mailer: opt.Mailer, rules: &installedRules{}}
	if s.maxUpload <= 0 {
		s.maxUpload = 20 << 20
	}
	if s.blobs == nil {
		s.blobs = blob.NewMemory() // tests and tools that do not keep files
	}
	if s.staging == "" {
		s.staging = os.TempDir()
	}
	if opt.PasswordParams != nil {
		s.pwp = *opt.PasswordParams
	}
	if s.loc == nil {
		s.loc = time.UTC
	}
	if s.now == nil {
		s.now = time.Now
	}
	s.store = st.WithClock(s.now)
	if s.log == nil {
		s.log = slog.Default()
	}
	return s
}

// WithClock returns a service sharing everything with s but the clock; the
// demo uses it to lay out a year of history with plausible dates.
func (s *Service) WithClock(now func() time.Time) *Service {
	return &Service{store: s.store.WithClock(now), loc: s.loc, now: now, log: s.log, pwp: s.pwp, blobs: s.blobs, staging: s.staging, maxUpload: s.maxUpload, mailer: s.mailer, rules: s.rules}
}

// Location returns the office time zone.
func (s *Service) Location() *time.Location { return s.loc }

// Now returns the current time in the office zone.
func (s *Service) Now() time.Time { return s.now().In(s.loc) }

// Today returns the current calendar date in the office zone.
func (s *Service) Today() time.Time { return domain.Day(s.Now()) }

func (s *Service) hashPassword(pw string) (string, error) { return auth.HashWith(pw, s.pwp) }

// auditActor converts the acting user for the audit log.
func auditActor(a authz.Actor) audit.Actor {
	if a.User.ID == 0 {
		return audit.System
	}
	return audit.Actor{UserID: a.User.ID, Name: a.Name(), IP: a.IP}
}

// act is the audit actor of a change made now, by the service's clock.
func (s *Service) act(a authz.Actor) audit.Actor {
	x := auditActor(a)
	x.At = s.now()
	return x
}

// SystemActor acts for the program itself (CLI administration, demo data).
func SystemActor() authz.Actor {
	return authz.Actor{User: domain.User{Username: "system", Role: domain.RoleAdmin, Active: true}}
}

// orgVersionKey is the counter bumped on every org-chart change, so that
// every server process reloads its cached chart.
const orgVersionKey = "org_version"

// Chart returns the org chart of today, cached until the org chart changes
// (in any process) or the day turns.
func (s *Service) Chart(ctx context.Context) (*domain.Chart, error) {
	v, err := s.orgVersion(ctx)
	if err != nil {
		return nil, err
	}
	today := s.Today()
	s.chartMu.Lock()
	defer s.chartMu.Unlock()
	if s.chart != nil && s.chartVersion == v && s.chart.Day.Equal(today) {
		return s.chart, nil
	}
	c, err := s.loadChart(ctx, s.store, today)
	if err != nil {
		return nil, err
	}
	if s.chartVersion != v {
		s.dayCharts = nil
	}
	s.chart, s.chartVersion = c, v
	return c, nil
}

// ChartOn returns the org chart of another day. The charts of a few days
// are cached with today's: plans of past periods ask for the days they ended.
func (s *Service) ChartOn(ctx context.Context, day time.Time) (*domain.Chart, error) {
	day = domain.Day(day)
	if day.Equal(s.Today()) {
		return s.Chart(ctx)
	}
	v, err := s.orgVersion(ctx)
	if err != nil {
		return nil, err
	}
	s.chartMu.Lock()
	if s.chartVersion != v || s.dayCharts == nil || len(s.dayCharts) >= 16 {
		if s.chartVersion != v {
			s.chart = nil
		}
		s.dayCharts, s.chartVersion = map[time.Time]*domain.Chart{}, v
	}
	c := s.dayCharts[day]
	s.chartMu.Unlock()
	if c != nil {
		return c, nil
	}
	if c, err = s.loadChart(ctx, s.store, day); err != nil {
		return nil, err
	}
	s.chartMu.Lock()
	if s.chartVersion == v {
		s.dayCharts[day] = c
	}
	s.chartMu.Unlock()
	return c, nil
}

func (s *Service) loadChart(ctx context.Context, st *store.Store, day time.Time) (*domain.Chart, error) {
	units, err := st.ListUnits(ctx)
	if err != nil {
		return nil, err
	}
	positions, err := st.ListPositions(ctx)
	if err != nil {
		return nil, err
	}
	emps, err := st.ListEmployees(ctx, store.EmployeeFilter{})
	if err != nil {
		return nil, err
	}
	asg, err := st.ListAssignments(ctx)
	if err != nil {
		return nil, err
	}
	return domain.NewChart(day, units, positions, emps, asg), nil
}

// orgChanged marks the org chart changed inside a transaction.
func orgChanged(ctx context.Context, tx *store.Store) error {
	_, err := tx.BumpCounter(ctx, orgVersionKey)
	return err
}

// MarkOrgChanged marks the org chart changed inside a transaction of a
// writer outside the services (the generator of large organisations), so
// that every server reloads it.
func MarkOrgChanged(ctx context.Context, tx *store.Store) error { return orgChanged(ctx, tx) }

// require returns ErrForbidden unless the actor holds p.
func require(a authz.Actor, p authz.Permission) error {
	if !authz.Can(a, p) {
		return domain.ErrForbidden
	}
	return nil
}
