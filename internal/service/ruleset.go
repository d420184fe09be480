package service

import (
	"context"
	"errors"
	"sort"
	"sync"
	"time"

	"github.com/kinerja/kinerja/internal/audit"
	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/calc"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/store"
)

// MaxRuleSetSize is the largest rule-set file accepted; the embedded one is
// under 10 KB.
const MaxRuleSetSize = 256 << 10

// installedRules caches the parsed installed rule sets by id. An installed
// set never changes, so an entry never goes stale; a miss reads the
// database, which also finds sets another process installed.
type installedRules struct {
	mu   sync.RWMutex
	sets map[string]*calc.RuleSet
}

func (c *installedRules) get(id string) *calc.RuleSet {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.sets[id]
}

func (c *installedRules) put(rs *calc.RuleSet) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.sets == nil {
		c.sets = map[string]*calc.RuleSet{}
	}
	c.sets[rs.ID()] = rs
}

// RuleSetInfo describes an embedded or installed rule set.
type RuleSetInfo struct {
	ID, Title   string
	Digest      string
	Installed   bool // false: built into the program
	InstalledAt time.Time
	InstalledBy int64
	Years       []int // the years computed by it
}

// RuleSetDetail is one rule set with its file and, for an installed set,
// its differences from an embedded one.
type RuleSetDetail struct {
	RuleSetInfo
	Source []byte
	Base   string           // the embedded set compared with; "" for an embedded set
	Diff   []calc.FieldDiff // Base → this set
}

// ruleSetByID returns an embedded or installed rule set; an unknown id is
// the calc engine's error naming the sets available.
func (s *Service) ruleSetByID(ctx context.Context, id string) (*calc.RuleSet, error) {
	// The cache first: an installed id is never an embedded one, and a miss
	// of calc.GetRuleSet builds an error the hot path should not pay for.
	if rs := s.rules.get(id); rs != nil {
		return rs, nil
	}
	if rs, err := calc.GetRuleSet(id); err == nil {
		return rs, nil
	} else if err := calc.Check(); err != nil {
		return nil, err
	}
	r, err := s.store.GetRuleSet(ctx, id)
	if errors.Is(err, domain.ErrNotFound) {
		return calc.GetRuleSet(id) // the unknown-id error
	}
	if err != nil {
		return nil, err
	}
	rs, err := calc.ParseRuleSet(r.Source)
	if err != nil {
		return nil, err // stored only after the same checks; a later build may check more
	}
	s.rules.put(rs)
	return rs, nil
}

// RuleSetByID returns an embedded or installed rule set by id, for pages
// and answers that show the rules a stored figure was computed by.
func (s *Service) RuleSetByID(ctx context.Context, id string) (*calc.RuleSet, error) {
	return s.ruleSetByID(ctx, id)
}

// RuleSetIDs lists every rule set a year may name, embedded and installed,
// sorted.
func (s *Service) RuleSetIDs(ctx context.Context) ([]string, error) {
	ids := calc.RuleSetIDs()
	list, err := s.store.ListRuleSets(ctx)
	if err != nil {
		return nil, err
	}
	for _, r := range list {
		ids = append(ids, r.ID)
	}
	sort.Strings(ids)
	return ids, nil
}

// ListRuleSets returns the embedded rule sets and then the installed ones,
// each with the years computed by it (admins and the pengelola kinerja).
func (s *Service) ListRuleSets(ctx context.Context, a authz.Actor) ([]RuleSetInfo, error) {
	if err := require(a, authz.RuleSetRead); err != nil {
		return nil, err
	}
	years, err := s.listYears(ctx)
	if err != nil {
		return nil, err
	}
	byID := map[string][]int{}
	for i := len(years) - 1; i >= 0; i-- {
		byID[years[i].RuleSet] = append(byID[years[i].RuleSet], years[i].Year)
	}
	var out []RuleSetInfo
	for _, id := range calc.RuleSetIDs() {
		rs, err := calc.GetRuleSet(id)
		if err != nil {
			return nil, err
		}
		out = append(out, RuleSetInfo{ID: id, Title: rs.Title(), Digest: rs.Digest(), Years: byID[id]})
	}
	list, err := s.store.ListRuleSets(ctx)
	if err != nil {
		return nil, err
	}
	for _, r := range list {
		out = append(out, installedInfo(r, byID[r.ID]))
	}
	return out, nil
}

func installedInfo(r domain.InstalledRuleSet, years []int) RuleSetInfo {
	return RuleSetInfo{ID: r.ID, Title: r.Title, Digest: r.Digest, Installed: true, InstalledAt: r.InstalledAt,
		InstalledBy: r.InstalledBy, Years: years}
}

// GetRuleSetDetail returns one rule set with its file; an installed one
// comes with its differences from the embedded set base (the default rule
// set when base is ""). Admins and the pengelola kinerja.
func (s *Service) GetRuleSetDetail(ctx context.Context, a authz.Actor, id, base string) (RuleSetDetail, error) {
	if err := require(a, authz.RuleSetRead); err != nil {
		return RuleSetDetail{}, err
	}
	all, err := s.ListRuleSets(ctx, a)
	if err != nil {
		return RuleSetDetail{}, err
	}
	var d RuleSetDetail
	for _, info := range all {
		if info.ID == id {
			d.RuleSetInfo = info
		}
	}
	if d.ID == "" {
		return d, domain.ErrNotFound
	}
	rs, err := s.ruleSetByID(ctx, id)
	if err != nil {
		return d, err
	}
	d.Source = rs.Source()
	if !d.Installed {
		return d, nil
	}
	if base == "" {
		base = calc.DefaultRuleSetID
	}
	emb, err := calc.GetRuleSet(base)
	if err != nil {
		return d, domain.Invalid("base", "ruleset.base_unknown", "id", base)
	}
	d.Base = base
	d.Diff, err = calc.DiffRuleSets(emb.Source(), d.Source)
	return d, err
}

// InstallRuleSet checks a rule-set file with the checks of the embedded
// ones and stores it (admins). A file with any error is refused whole, the
// error naming the field in both languages. Installing a set stored
// already (the same content) changes nothing and reports created false;
// an id of an embedded or installed set with other content is a conflict.
func (s *Service) InstallRuleSet(ctx context.Context, a authz.Actor, data []byte) (info RuleSetInfo, created bool, err error) {
	if err := require(a, authz.RuleSetManage); err != nil {
		return info, false, err
	}
	if len(data) > MaxRuleSetSize {
		return info, false, domain.Invalid("", "ruleset.too_large", "max", MaxRuleSetSize>>10)
	}
	rs, err := calc.ParseRuleSet(data)
	if err != nil {
		return info, false, ruleSetInvalid(err)
	}
	if emb, err := calc.GetRuleSet(rs.ID()); err == nil {
		if emb.Digest() != rs.Digest() {
			return info, false, domain.Conflict("ruleset.id_embedded", "id", rs.ID())
		}
		return RuleSetInfo{ID: emb.ID(), Title: emb.Title(), Digest: emb.Digest()}, false, nil
	}
	r := domain.InstalledRuleSet{ID: rs.ID(), Title: rs.Title(), Digest: rs.Digest(), Source: rs.Source(), InstalledBy: a.User.ID}
	err = s.store.InTx(ctx, func(tx *store.Store) error {
		old, err := tx.GetRuleSet(ctx, r.ID)
		switch {
		case err == nil && old.Digest == r.Digest:
			r = old
			return nil
		case err == nil:
			return domain.Conflict("ruleset.id_taken", "id", r.ID)
		case !errors.Is(err, domain.ErrNotFound):
			return err
		}
		r.InstalledAt = s.now()
		if err := tx.CreateRuleSet(ctx, &r); err != nil {
			return err
		}
		created = true
		return audit.Record(ctx, tx, s.act(a), "ruleset.install", "rule_set", 0, nil,
			map[string]any{"id": r.ID, "title": r.Title, "digest": r.Digest})
	})
	if err != nil {
		return info, false, err
	}
	if created {
		s.rules.put(rs) // an existing set keeps the file it was installed from
	}
	return installedInfo(r, nil), created, nil
}

// ruleSetInvalid turns the calc engine's refusal into a validation error on
// the field it names, in both languages.
func ruleSetInvalid(err error) error {
	var rse *calc.RuleSetError
	if !errors.As(err, &rse) {
		return err
	}
	v := &domain.ValidationError{}
	m := domain.M("ruleset.invalid", "text", rse.Text("en"))
	m.Texts = map[string]string{"id": rse.Text("id"), "en": rse.Text("en")}
	v.Add(rse.Field, m)
	return v
}

// AssignRuleSet makes a year compute by another rule set (the pengelola
// kinerja and admins), only while the year has no official figure: no
// verified line, no closed quarter, no NKP decree. Every office's figures
// are recomputed by the new rules.
func (s *Service) AssignRuleSet(ctx context.Context, a authz.Actor, year int, id string) (domain.Year, error) {
	if err := require(a, authz.YearManage); err != nil {
		return domain.Year{}, err
	}
	y, err := s.yearNumbered(ctx, year)
	if err != nil {
		return y, err
	}
	if _, err := s.ruleSetByID(ctx, id); err != nil {
		return y, domain.Invalid("rule_set", "err.choose")
	}
	if id == y.RuleSet {
		return y, nil
	}
	if m, err := s.ruleSetLock(ctx, y); err != nil {
		return y, err
	} else if m != nil {
		return y, &domain.StateError{Msg: *m}
	}
	before := y
	y.RuleSet = id
	err = s.store.InTx(ctx, func(tx *store.Store) error {
		if err := tx.UpdateYear(ctx, &y); err != nil {
			return err
		}
		if err := tx.FiguresChanged(ctx, 0); err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.act(a), "year.rule_set", "year", y.Year, before, y)
	})
	return y, err
}

// ruleSetLock says why a year's rule set can no longer change, or nil
// when it still can: official figures are final (SPEC §12), and new rules
// would give them other values than the ones made official.
func (s *Service) ruleSetLock(ctx context.Context, y domain.Year) (*domain.Msg, error) {
	o, err := s.store.YearOfficialFigures(ctx, y)
	if err != nil || !o.Any() {
		return nil, err
	}
	m := domain.M("year.rule_set_official", "year", y.Year, "verified", o.VerifiedLines, "closed", o.ClosedQuarters, "decrees", o.Decrees)
	return &m, nil
}
