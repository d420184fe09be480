package demo

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"github.com/kinerja/kinerja/internal/audit"
	"github.com/kinerja/kinerja/internal/auth"
	"github.com/kinerja/kinerja/internal/calc"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/service"
	"github.com/kinerja/kinerja/internal/store"
)

// GenerateOptions size a synthetic organisation.
type GenerateOptions struct {
	Offices            int   // offices to make, under one organisation and a region per 20 offices
	EmployeesPerOffice int   // people per office, the head included (at least 5)
	Seed               int64 // the same seed makes the same organisation
	// Year is the performance year to fill (created when missing); the
	// current year when zero.
	Year int
	// Password of every generated account; Password (the demo's) when empty.
	Password string
	// Progress, when set, is told after each office how many are made.
	Progress func(done, total int)
	// Region, when set, is the existing unit the offices are placed under;
	// no organisation, regions or administrator are made then.
	Region int64
	// Names, when set, name the first offices instead of synthetic names.
	Names []OfficeName
	// Upper, when set, is the office above the generated ones (the Kanwil
	// of Region): its head approves their PKs and their IKUs cascade from it.
	Upper *UpperOffice
	// Kanwil, without Region, puts every office under one Kanwil worked as
	// an office, as the demo's (a head whose home is the region of them all,
	// a PK their IKUs cascade from); otherwise regions of 20 offices are
	// names only.
	Kanwil bool
}

// UpperOffice is the office above generated offices: its head, second party
// of their PKs, and its lines by the code of the IKU cascaded from each.
type UpperOffice struct {
	HeadUser                        int64
	HeadName, HeadNIP, HeadPosition string
	Lines                           map[string]int64
}

// OfficeName is the code, name and city of a generated office.
type OfficeName struct{ Code, Name, City string }

// Generated is what Generate made.
type Generated struct {
	Year    int
	Offices []GeneratedOffice
	// Admin is the user name of an administrator of the whole organisation
	// (no employee), who sees every office.
	Admin string
	// KanwilHead is the employee heading the Kanwil (with GenerateOptions.Kanwil).
	KanwilHead int64
}

// GeneratedOffice is one generated office and the people worth signing in as.
type GeneratedOffice struct {
	ID         int64
	Head       int64 // employee IDs
	Pengelola  int64
	SectionLed int64 // the head of the first section
	Staff      int64 // a staff member of the first section
	People     int
}

// Generate makes a large synthetic organisation for benchmarks: offices with
// a realistic tree (the head; divisions in offices of 150 people or more;
// sections of about a dozen), an account for everyone, and for the year a
// strategy map, an approved PK of the demo's IKUs, SKPs cascaded down the
// chain and approved, four quarters of realisation (Q1 and Q2 verified,
// locked and closed, Q3 in every state with most verified, Q4 in draft),
// and the structural officials' IIAA reports.
//
// Rows are written directly, set-based: per office one transaction with a
// few multi-row inserts per table and IDs reserved up front, so a ministry
// of 80,000 people takes minutes, not hours. The services would record an
// audit event per row; instead each office gets one "demo.generate" event
// with what was made, in the same transaction. Everything depends on the
// seed alone, except the IDs, which follow what the database holds. Writing
// rows directly is why Generate takes the store: it must be the one svc runs on.
func Generate(ctx context.Context, st *store.Store, svc *service.Service, opt GenerateOptions) (*Generated, error) {
	if opt.Offices < 1 || opt.EmployeesPerOffice < 5 {
		return nil, errors.New("demo: generate at least one office of five people")
	}
	if opt.Password == "" {
		opt.Password = Password
	}
	if opt.Year == 0 {
		opt.Year = svc.Today().Year()
	}
	y, err := st.GetYear(ctx, opt.Year)
	if errors.Is(err, domain.ErrNotFound) {
		y, err = svc.CreateYear(ctx, service.SystemActor(), opt.Year, "")
	}
	if err != nil {
		return nil, fmt.Errorf("demo: year: %w", err)
	}
	rs, err := svc.RuleSet(y)
	if err != nil {
		return nil, err
	}
	hash, err := auth.HashWith(opt.Password, auth.DefaultParams)
	if err != nil {
		return nil, err
	}
	g := &generator{y: y, rs: rs, hash: hash, seed: opt.Seed, loc: svc.Location(), out: &Generated{Year: y.Year}, upper: opt.Upper}
	var orgID int64
	var regions []int64
	g.names = opt.Names
	nRegions := (opt.Offices + 19) / 20
	if opt.Kanwil && opt.Region == 0 {
		nRegions = 0
	}
	err = st.InTx(ctx, func(tx *store.Store) error {
		if opt.Region != 0 {
			for range nRegions {
				regions = append(regions, opt.Region)
			}
			return nil
		}
		ids, err := tx.ReserveIDs(ctx, "units", 1+nRegions)
		if err != nil {
			return err
		}
		at := g.day(time.January, 2)
		orgID = ids
		units := []domain.Unit{{ID: orgID, Code: fmt.Sprintf("GEN-%d", opt.Seed), Name: "Organisasi Sintetis " + fmt.Sprint(opt.Seed),
			Kind: domain.UnitOrganisation, CreatedAt: at, UpdatedAt: at}}
		for i := 0; i < nRegions; i++ {
			id := orgID + 1 + int64(i)
			regions = append(regions, id)
			units = append(units, domain.Unit{ID: id, ParentID: orgID, Code: fmt.Sprintf("GEN-%d-W%02d", opt.Seed, i+1),
				Name: "Kantor Wilayah " + provinces[i%len(provinces)], Kind: domain.UnitRegion, City: provinces[i%len(provinces)], CreatedAt: at, UpdatedAt: at})
		}
		if err := tx.InsertUnits(ctx, units); err != nil {
			return err
		}
		uid, err := tx.ReserveIDs(ctx, "users", 1)
		if err != nil {
			return err
		}
		g.out.Admin = fmt.Sprintf("admin.gen%d", opt.Seed)
		if err := tx.InsertUsers(ctx, []domain.User{{ID: uid, Username: g.out.Admin, PasswordHash: g.hash, Role: domain.RoleAdmin,
			Lang: "id", Active: true, CreatedAt: at, UpdatedAt: at}}); err != nil {
			return err
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("demo: generate: %w", err)
	}
	var kanwil *genKanwil
	if nRegions == 0 {
		if kanwil, g.upper, err = g.kanwil(ctx, st, svc, orgID, opt.Password); err != nil {
			return nil, fmt.Errorf("demo: generate the Kanwil: %w", err)
		}
		g.out.KanwilHead = kanwil.off.KanwilHead
		for range (opt.Offices + 19) / 20 {
			regions = append(regions, kanwil.off.KanwilID)
		}
	}
	for k := 0; k < opt.Offices; k++ {
		err := st.InTx(ctx, func(tx *store.Store) error {
			return g.office(ctx, tx, regions[k/20], k, opt.EmployeesPerOffice)
		})
		if err != nil {
			return nil, fmt.Errorf("demo: generate office %d: %w", k+1, err)
		}
		if opt.Progress != nil {
			opt.Progress(k+1, opt.Offices)
		}
	}
	// Servers reload the org chart, now that every office is in.
	if err := st.InTx(ctx, func(tx *store.Store) error { return service.MarkOrgChanged(ctx, tx) }); err != nil {
		return nil, fmt.Errorf("demo: generate: %w", err)
	}
	// Statistics before reading what was written: without them PostgreSQL
	// scans every realisation for one plan's values (the freezing and the
	// Kanwil's quarters read a sheet per office).
	if err := st.Analyze(ctx); err != nil {
		return nil, fmt.Errorf("demo: generate: %w", err)
	}
	if kanwil != nil {
		if err := kanwil.quarters(ctx); err != nil {
			return nil, fmt.Errorf("demo: generate the Kanwil's quarters: %w", err)
		}
	}
	// Closed quarters keep the score they closed with, as in real use.
	if _, err := svc.FreezeClosedQuarters(ctx); err != nil {
		return nil, fmt.Errorf("demo: generate: %w", err)
	}
	return g.out, nil
}

// generator holds what every office of one run shares.
type generator struct {
	y     domain.Year
	rs    *calc.RuleSet
	hash  string
	seed  int64
	loc   *time.Location
	out   *Generated
	names []OfficeName
	upper *UpperOffice
	made  map[int]int64 // offices whose unit was made before the rest, by index
}

// day is a working moment of the generated year.
func (g *generator) day(m time.Month, d int) time.Time {
	return time.Date(g.y.Year, m, d, 9, 0, 0, 0, g.loc)
}

var provinces = []string{"Jawa Barat", "Jawa Tengah", "Jawa Timur", "Sumatera Utara", "Sulawesi Selatan", "Kalimantan Timur", "Bali", "Papua",
	"Aceh", "Riau", "Lampung", "Banten", "Nusa Tenggara Barat", "Maluku", "Sulawesi Utara", "Kalimantan Barat"}

var firstNames = []string{"Agus", "Budi", "Citra", "Dewi", "Eko", "Fitri", "Gita", "Hadi", "Indah", "Joko", "Kartika", "Lestari", "Made", "Nur",
	"Putu", "Rina", "Sari", "Teguh", "Utami", "Wahyu", "Yudi", "Zainal", "Ayu", "Bayu", "Dian", "Fajar", "Hendra", "Ika", "Rudi", "Wulan"}

var lastNames = []string{"Santoso", "Wijaya", "Pratama", "Lestari", "Hidayat", "Saputra", "Kusuma", "Nugroho", "Permana", "Rahmawati",
	"Setiawan", "Siregar", "Nasution", "Harahap", "Simanjuntak", "Wibowo", "Susanto", "Halim", "Putri", "Maulana", "Ramadhani", "Gunawan"}

var grades = []string{"Pengatur (II/c)", "Pengatur Tk. I (II/d)", "Penata Muda (III/a)", "Penata Muda Tk. I (III/b)", "Penata (III/c)"}

// officeUnit is the unit of the k-th office (without its ID), and the
// random source the rest of the office is drawn from.
func (g *generator) officeUnit(k int, regionID int64) (domain.Unit, *rand.Rand) {
	r := rand.New(rand.NewPCG(uint64(g.seed), uint64(k)))
	at := g.day(time.January, 2)
	code := fmt.Sprintf("GEN-%d-K%04d", g.seed, k+1)
	city := provinces[r.IntN(len(provinces))]
	name := "Kantor Pelayanan Sintetis " + fmt.Sprint(k+1) + " " + city
	if k < len(g.names) {
		code, name, city = g.names[k].Code, g.names[k].Name, g.names[k].City
	}
	return domain.Unit{ParentID: regionID, Code: code, Name: name, Kind: domain.UnitOffice, City: city,
		Address:    "Jalan Perbendaharaan Nomor " + fmt.Sprint(1+r.IntN(200)) + ", " + city,
		Letterhead: "KEMENTERIAN KEUANGAN REPUBLIK INDONESIA\nDIREKTORAT JENDERAL PERBENDAHARAAN", CreatedAt: at, UpdatedAt: at}, r
}

// genPerson is one place in a generated office, before IDs are given.
type genPerson struct {
	reportsTo int // the supervisor's index, -1 for the head
	unit      int // index of the unit
	kind      domain.PositionKind
	title     string
	lines     []int // indexes into the office's lines
}

// office makes one office in one transaction.
func (g *generator) office(ctx context.Context, tx *store.Store, regionID int64, k, n int) error {
	office, r := g.officeUnit(k, regionID)
	at, code, name := office.CreatedAt, office.Code, office.Name

	// The tree: the head, divisions in large offices, sections, staff.
	divisions := 0
	if n >= 150 {
		divisions = min(8, max(2, int(math.Round(float64(n)/100))))
	}
	sections := max(1, int(math.Ceil(float64(n-1-divisions)/13)))
	if 1+divisions+sections > n {
		sections = n - 1 - divisions
	}
	type unitSpec struct {
		parent int // index; -1: the office's region
		code   string
		name   string
		kind   domain.UnitKind
	}
	units := []unitSpec{{-1, code, name, domain.UnitOffice}}
	people := []genPerson{{reportsTo: -1, unit: 0, kind: domain.PosHead, title: "Kepala Kantor"}}
	var divHeads, secHeads []int
	for d := 0; d < divisions; d++ {
		units = append(units, unitSpec{0, fmt.Sprintf("%s-B%d", code, d+1), fmt.Sprintf("Bidang %d", d+1), domain.UnitSection})
		divHeads = append(divHeads, len(people))
		people = append(people, genPerson{reportsTo: 0, unit: len(units) - 1, kind: domain.PosAdministrator, title: fmt.Sprintf("Kepala Bidang %d", d+1)})
	}
	for s := 0; s < sections; s++ {
		parentUnit, lead := 0, 0
		if divisions > 0 {
			parentUnit, lead = 1+s%divisions, divHeads[s%divisions]
		}
		name := fmt.Sprintf("Seksi %d", s+1)
		if s == 0 {
			name = "Subbagian Umum"
		}
		units = append(units, unitSpec{parentUnit, fmt.Sprintf("%s-S%02d", code, s+1), name, domain.UnitSection})
		secHeads = append(secHeads, len(people))
		people = append(people, genPerson{reportsTo: lead, unit: len(units) - 1, kind: domain.PosPengawas, title: "Kepala " + name})
	}
	for i := 0; len(people) < n; i++ {
		sec := secHeads[i%sections]
		kind, title := domain.PosPelaksana, "Pelaksana "+units[people[sec].unit].name
		if i%9 == 8 {
			kind, title = domain.PosFungsional, "Pranata Keuangan APBN"
		}
		people = append(people, genPerson{reportsTo: sec, unit: people[sec].unit, kind: kind, title: title})
	}
	// The pengelola kinerja works in the Subbagian Umum, the first section.
	pengelola := secHeads[0]
	for i := range people {
		if people[i].reportsTo == secHeads[0] && people[i].kind == domain.PosPelaksana {
			pengelola = i
			break
		}
	}

	// IDs for everything of the office, reserved at once.
	ikus := demoIKUs
	nLines := len(ikus) + 3*(n-1)
	preUnit := g.made[k] // the office's unit, when made before
	newUnits := len(units)
	if preUnit != 0 {
		newUnits--
	}
	reserve := map[string]int{"units": newUnits, "positions": n, "employees": n, "assignments": n, "users": n,
		"strategy_maps": 1, "perspectives": 4, "objectives": len(demoObjectives), "plans": n, "plan_versions": n,
		"plan_lines": nLines, "indicators": nLines, "sheets": 4 * n, "realisations": 4 * nLines, "reports": 4 * (1 + divisions + sections),
		"report_items": 4 * nLines, "actions": 4 * nLines, "quarter_closures": 2}
	first := map[string]int64{}
	for _, table := range []string{"units", "positions", "employees", "assignments", "users", "strategy_maps", "perspectives", "objectives",
		"plans", "plan_versions", "plan_lines", "indicators", "sheets", "realisations", "reports", "report_items", "actions", "quarter_closures"} {
		id, err := tx.ReserveIDs(ctx, table, reserve[table])
		if err != nil {
			return err
		}
		first[table] = id
	}
	next := func(table string) int64 {
		id := first[table]
		first[table]++
		return id
	}

	var us []domain.Unit
	unitID := make([]int64, len(units))
	for i, u := range units {
		if i == 0 {
			office.ID = preUnit
			if preUnit == 0 {
				office.ID = next("units")
				us = append(us, office)
			}
			unitID[0] = office.ID
			continue
		}
		unitID[i] = next("units")
		us = append(us, domain.Unit{ID: unitID[i], ParentID: unitID[u.parent], Code: u.code, Name: u.name, Kind: u.kind, CreatedAt: at, UpdatedAt: at})
	}
	var ps []domain.Position
	var es []domain.Employee
	var as []domain.Assignment
	var users []domain.User
	posID, empID := make([]int64, n), make([]int64, n)
	for i := range people {
		posID[i], empID[i] = next("positions"), next("employees")
	}
	start := time.Date(g.y.Year-1, 1, 2, 0, 0, 0, 0, time.UTC)
	for i, p := range people {
		reports := int64(0)
		if p.reportsTo >= 0 {
			reports = posID[p.reportsTo]
		}
		ps = append(ps, domain.Position{ID: posID[i], UnitID: unitID[p.unit], Title: p.title, Kind: p.kind, ReportsToID: reports, CreatedAt: at, UpdatedAt: at})
		sex := byte('1' + r.IntN(2))
		name := firstNames[r.IntN(len(firstNames))] + " " + lastNames[r.IntN(len(lastNames))]
		if r.IntN(3) == 0 {
			name += ", S.E."
		}
		es = append(es, domain.Employee{ID: empID[i], NIP: generatedNIP(empID[i], sex, r), Name: name, Grade: grades[r.IntN(len(grades))],
			Email: fmt.Sprintf("pegawai%d@example.go.id", empID[i]), Active: true, CreatedAt: at, UpdatedAt: at})
		as = append(as, domain.Assignment{ID: next("assignments"), EmployeeID: empID[i], PositionID: posID[i], StartDate: start, CreatedAt: at})
		role := domain.RoleEmployee
		if i == pengelola {
			role = domain.RolePengelola
		}
		users = append(users, domain.User{ID: next("users"), Username: fmt.Sprintf("gen%d", empID[i]), PasswordHash: g.hash, Role: role,
			EmployeeID: empID[i], Lang: "id", Active: true, EmailDigest: true, CreatedAt: at, UpdatedAt: at})
	}
	for _, insert := range []func() error{
		func() error { return tx.InsertUnits(ctx, us) },
		func() error { return tx.InsertPositions(ctx, ps) },
		func() error { return tx.InsertEmployees(ctx, es) },
		func() error { return tx.InsertAssignments(ctx, as) },
		func() error { return tx.InsertUsers(ctx, users) },
		func() error { return service.MarkOrgChanged(ctx, tx) },
	} {
		if err := insert(); err != nil {
			return err
		}
	}

	// The strategy map of the demo, and the PK of its IKUs.
	m := domain.StrategyMap{ID: next("strategy_maps"), YearID: g.y.ID, UnitID: unitID[0], CreatedAt: g.day(time.January, 6), UpdatedAt: g.day(time.January, 6)}
	perspOf := map[domain.PerspectiveKind]int64{}
	for i, w := range g.rs.PerspectiveDefaults(true) {
		kind := domain.PerspectiveKinds[i]
		p := domain.Perspective{ID: next("perspectives"), MapID: m.ID, Kind: kind, Name: w.Name, Weight: w.Weight, Seq: i + 1}
		perspOf[kind] = p.ID
		m.Perspectives = append(m.Perspectives, p)
	}
	objOf := map[string]int64{}
	for i, o := range demoObjectives {
		id := next("objectives")
		objOf[o.code] = id
		m.Objectives = append(m.Objectives, domain.Objective{ID: id, MapID: m.ID, PerspectiveID: perspOf[o.persp], Code: o.code, Name: o.name,
			Description: o.description, Seq: i + 1})
		for _, to := range o.supports {
			m.Links = append(m.Links, domain.ObjectiveLink{FromID: id, ToID: objOf[to]})
		}
	}
	if err := tx.InsertStrategyMaps(ctx, []domain.StrategyMap{m}); err != nil {
		return err
	}

	// Plans: the PK, then each SKP cascaded in full from three lines of the
	// supervisor's plan. About one in a hundred SKPs is returned and one in
	// ninety missing, so the gaps show.
	var lines []domain.Indicator
	var planLines []store.PlanLine
	planOf := make([]int64, n)
	versionOf := make([]int64, n)
	approved := make([]bool, n)
	var plans []domain.Plan
	var versions []domain.PlanVersion
	user := func(i int) int64 { return users[i].ID }
	for i, p := range people {
		if i > 0 && i%89 == 50 {
			continue // no plan yet
		}
		kind := domain.PlanSKP
		if i == 0 {
			kind = domain.PlanPK
		}
		planOf[i], versionOf[i] = next("plans"), next("plan_versions")
		from, to := domain.YearBounds(g.y.Year)
		plans = append(plans, domain.Plan{ID: planOf[i], YearID: g.y.ID, Year: g.y.Year, EmployeeID: empID[i], PositionID: posID[i], OfficeID: unitID[0], Kind: kind,
			CreatedAt: g.day(time.January, 8), PeriodStart: from, PeriodEnd: to})
		v := domain.PlanVersion{ID: versionOf[i], PlanID: planOf[i], Number: 1, Status: domain.PlanApproved, CreatedAt: g.day(time.January, 8),
			CreatedBy: user(i), SubmittedAt: g.day(time.January, 12+r.IntN(8)), SubmittedBy: user(i), Revision: 3}
		approver := pengelola
		if p.reportsTo >= 0 {
			approver = p.reportsTo
		}
		if i > 0 && i%97 == 60 {
			v.Status, v.ReturnedAt, v.ReturnedBy = domain.PlanReturned, g.day(time.January, 27), user(approver)
			v.ReturnComment = "Target triwulan belum sesuai beban kerja; mohon disesuaikan."
		} else {
			v.ApprovedAt, v.ApprovedBy, v.ApproverName, v.ApproverNIP = g.day(time.January, 28), user(approver), es[approver].Name, es[approver].NIP
			if up := g.upper; i == 0 && up != nil {
				v.ApprovedBy, v.ApproverName, v.ApproverNIP, v.ApproverPosition = up.HeadUser, up.HeadName, up.HeadNIP, up.HeadPosition
			}
			approved[i] = true
		}
		versions = append(versions, v)
		line := func(in domain.Indicator) {
			in.ID, in.LineID, in.VersionID, in.Seq = next("indicators"), next("plan_lines"), versionOf[i], len(people[i].lines)+1
			planLines = append(planLines, store.PlanLine{ID: in.LineID, PlanID: planOf[i], CreatedAt: v.CreatedAt})
			people[i].lines = append(people[i].lines, len(lines))
			lines = append(lines, in)
		}
		if i == 0 {
			for _, s := range ikus {
				in := s.line(objOf[s.objective])
				if g.upper != nil {
					cascadeFromKanwil(&in, g.upper.Lines)
				}
				line(domain.Indicator{Kind: domain.IKU, Code: in.Code, Name: in.Name, ObjectiveID: in.ObjectiveID, CascadeType: in.CascadeType,
					ParentLineID: in.ParentLineID, CascadeMethod: in.CascadeMethod, Weight: in.Weight, Targets: in.Targets, Manual: in.Manual})
			}
			continue
		}
		parent := people[p.reportsTo].lines
		if len(parent) == 0 {
			continue // the supervisor has no plan: nothing to cascade from
		}
		// Spread the parent's lines over its subordinates, three each.
		offset := 3 * (i % max(1, len(parent)))
		for j := 0; j < 3; j++ {
			pl := lines[parent[(offset+j)%len(parent)]]
			line(domain.Indicator{Kind: domain.IKI, Code: fmt.Sprintf("%s.%d", pl.Code, 1+j), Name: pl.Name, ObjectiveID: pl.ObjectiveID,
				ParentLineID: pl.LineID, CascadeType: domain.CascadePeta, CascadeMethod: domain.MethodFull, Targets: pl.Targets, Manual: pl.Manual})
		}
	}
	for _, insert := range []func() error{
		func() error { return tx.InsertPlans(ctx, plans) },
		func() error { return tx.InsertVersions(ctx, versions) },
		func() error { return tx.InsertPlanLines(ctx, planLines) },
		func() error { return tx.InsertIndicators(ctx, lines) },
	} {
		if err := insert(); err != nil {
			return err
		}
	}

	// Four quarters of realisation.
	var sheets []domain.Sheet
	var reals []domain.Realisation
	achievement := map[[2]int]calc.Opt{} // line index, quarter → to-date achievement
	for i := range people {
		if !approved[i] {
			continue
		}
		figs := map[int]calc.Result{}
		values := map[int][4]calc.Opt{}
		for _, li := range people[i].lines {
			l := lines[li]
			var vals [4]calc.Opt
			ci := calc.Indicator{Polarity: calc.Polarity(l.Polarity), Consolidation: calc.Consolidation(l.PeriodConsolidation), Targets: l.Targets,
				MaxTarget: l.MaxTarget, Worst: l.Worst, Scale: l.Scale}
			for q := 1; q <= 4; q++ {
				vals[q-1] = valueFor(l, q, es[i].NIP)
				ci.Realisations[q-1] = vals[q-1]
			}
			res, err := g.rs.Evaluate(ci, false)
			if err != nil {
				return fmt.Errorf("line %s: %w", l.Code, err)
			}
			figs[li], values[li] = res, vals
			for q := 0; q < 4; q++ {
				achievement[[2]int{li, q + 1}] = res.Quarters[q].ToDate.Achievement
			}
		}
		for q := 1; q <= 4; q++ {
			end := domain.QuarterEnd(g.y.Year, q)
			status := g.stage(q, i, r)
			sh := domain.Sheet{ID: next("sheets"), PlanID: planOf[i], Quarter: q, Status: status, CreatedAt: end.AddDate(0, 0, 1), Revision: 4}
			submitted := end.AddDate(0, 0, 2+r.IntN(6))
			sh.Late = submitted.After(g.y.Quarters[q-1].Deadline)
			validator := pengelola
			if people[i].reportsTo >= 0 {
				validator = people[i].reportsTo
			}
			switch status {
			case domain.SheetReturned:
				sh.SubmittedAt, sh.SubmittedBy = submitted, user(i)
				sh.ReturnedAt, sh.ReturnedBy, sh.ReturnStage = submitted.AddDate(0, 0, 1), user(validator), "validation"
				sh.ReturnComment = "Data mentah belum lengkap; lengkapi lalu sampaikan kembali."
			case domain.SheetSubmitted, domain.SheetValidated, domain.SheetVerified, domain.SheetLocked:
				sh.SubmittedAt, sh.SubmittedBy = submitted, user(i)
				if status != domain.SheetSubmitted {
					sh.ValidatedAt, sh.ValidatedBy = submitted.AddDate(0, 0, 1), user(validator)
				}
				if status == domain.SheetVerified || status == domain.SheetLocked {
					sh.VerifiedAt, sh.VerifiedBy = submitted.AddDate(0, 0, 2), user(pengelola)
				}
				if status == domain.SheetLocked {
					sh.LockedAt = end.AddDate(0, 0, 18)
				}
			}
			sheets = append(sheets, sh)
			for _, li := range people[i].lines {
				l := lines[li]
				v := values[li][q-1]
				if !l.Targets[q-1].OK || (status == domain.SheetDraft && r.IntN(3) == 0) {
					continue // no target that quarter, or not typed in yet
				}
				re := domain.Realisation{ID: next("realisations"), SheetID: sh.ID, LineID: l.LineID, Value: v, Raw: rawFor(l, v),
					UpdatedAt: submitted.Add(-time.Hour), UpdatedBy: user(i)}
				if status == domain.SheetVerified || status == domain.SheetLocked {
					td, own := figs[li].Quarters[q-1].ToDate, figs[li].Quarters[q-1].Own
					ok := true
					re.CheckOK = &ok
					re.Frozen = &domain.Frozen{RuleSet: g.rs.ID(), VersionID: versionOf[i], Polarity: l.Polarity, Consolidation: l.PeriodConsolidation,
						Target: td.Target, Realisation: td.Realisation, Achievement: td.Achievement, Status: string(td.Status),
						QuarterTarget: own.Target, QuarterRealisation: own.Realisation, QuarterAchievement: own.Achievement, At: sh.VerifiedAt.UTC()}
				}
				reals = append(reals, re)
			}
		}
	}
	if err := tx.InsertSheets(ctx, sheets); err != nil {
		return err
	}
	if err := tx.InsertRealisations(ctx, reals); err != nil {
		return err
	}

	// IIAA reports of the structural officials: Q1 and Q2 reviewed, Q3
	// submitted or in draft with open actions (some overdue), Q4 started.
	var reports []domain.Report
	var items []domain.ReportItem
	var actions []domain.Action
	for i, p := range people {
		if !approved[i] || !p.kind.Structural() {
			continue
		}
		reviewer := 0
		if i == 0 {
			reviewer = pengelola
		}
		staff := secStaff(people, i)
		for q := 1; q <= 4; q++ {
			end := domain.QuarterEnd(g.y.Year, q)
			rep := domain.Report{ID: next("reports"), PlanID: planOf[i], Quarter: q, Status: domain.ReportDraft, CreatedAt: end.AddDate(0, 0, 8), Revision: 2}
			switch {
			case q <= 2:
				rep.Status, rep.SubmittedAt, rep.SubmittedBy = domain.ReportReviewed, end.AddDate(0, 0, 13), user(i)
				rep.ReviewedAt, rep.ReviewedBy, rep.ReviewerName, rep.ReviewerNIP = end.AddDate(0, 0, 15), user(reviewer), es[reviewer].Name, es[reviewer].NIP
			case q == 3 && r.IntN(2) == 0:
				rep.Status, rep.SubmittedAt, rep.SubmittedBy = domain.ReportSubmitted, end.AddDate(0, 0, 13), user(i)
			}
			reports = append(reports, rep)
			for _, li := range p.lines {
				a := achievement[[2]int{li, q}]
				if !a.OK || !g.rs.IIAARequired(a.V) {
					continue
				}
				l := lines[li]
				an := analysisFor(rootCode(l.Code), a)
				owner := empID[i]
				if len(staff) > 0 {
					owner = empID[staff[r.IntN(len(staff))]]
				}
				items = append(items, domain.ReportItem{ID: next("report_items"), ReportID: rep.ID, LineID: l.LineID, Issue: an.issue,
					Implication: an.implication, AccountableID: owner, Supporting: "Subbagian Umum", UpdatedAt: rep.CreatedAt})
				act := domain.Action{ID: next("actions"), ReportID: rep.ID, LineID: l.LineID, Description: an.actions[0], OwnerID: owner,
					DueDate: end.AddDate(0, 1+r.IntN(3), 0), Status: domain.ActionDone, StatusNote: "Selesai.", CreatedAt: rep.CreatedAt, UpdatedAt: rep.CreatedAt}
				if q >= 3 {
					act.Status, act.StatusNote = domain.ActionOpen, ""
				}
				actions = append(actions, act)
			}
		}
	}
	closures := []domain.QuarterClosure{
		{ID: next("quarter_closures"), YearID: g.y.ID, Quarter: 1, OfficeID: unitID[0], ClosedAt: domain.QuarterEnd(g.y.Year, 1).AddDate(0, 0, 18), ClosedBy: user(pengelola)},
		{ID: next("quarter_closures"), YearID: g.y.ID, Quarter: 2, OfficeID: unitID[0], ClosedAt: domain.QuarterEnd(g.y.Year, 2).AddDate(0, 0, 18), ClosedBy: user(pengelola)},
	}
	for _, insert := range []func() error{
		func() error { return tx.InsertReports(ctx, reports) },
		func() error { return tx.InsertReportItems(ctx, items) },
		func() error { return tx.InsertActions(ctx, actions) },
		func() error { return tx.InsertClosures(ctx, closures) },
	} {
		if err := insert(); err != nil {
			return err
		}
	}
	made := map[string]int{"units": len(us), "employees": len(es), "plans": len(plans), "lines": len(lines), "sheets": len(sheets),
		"realisations": len(reals), "reports": len(reports), "actions": len(actions)}
	if err := audit.Record(ctx, tx, audit.System, "demo.generate", "unit", unitID[0], nil, map[string]any{"seed": g.seed, "office": k + 1, "made": made}); err != nil {
		return err
	}
	first1 := secHeads[0]
	staffOf := secStaff(people, first1)
	o := GeneratedOffice{ID: unitID[0], Head: empID[0], Pengelola: empID[pengelola], SectionLed: empID[first1], People: n}
	if len(staffOf) > 0 {
		o.Staff = empID[staffOf[len(staffOf)-1]]
	}
	g.out.Offices = append(g.out.Offices, o)
	return nil
}

// stage is the state of a genPerson's sheet in a quarter: Q1 and Q2 locked,
// Q3 mostly verified with every other state present, Q4 in draft.
func (g *generator) stage(q, i int, r *rand.Rand) domain.SheetStatus {
	switch q {
	case 1, 2:
		return domain.SheetLocked
	case 4:
		return domain.SheetDraft
	}
	if i == 0 {
		return domain.SheetValidated
	}
	switch x := r.IntN(100); {
	case x < 55:
		return domain.SheetVerified
	case x < 75:
		return domain.SheetValidated
	case x < 88:
		return domain.SheetSubmitted
	case x < 96:
		return domain.SheetDraft
	default:
		return domain.SheetReturned
	}
}

// secStaff lists the people reporting to genPerson i.
func secStaff(people []genPerson, i int) []int {
	var out []int
	for j, p := range people {
		if p.reportsTo == i {
			out = append(out, j)
		}
	}
	return out
}

// generatedNIP is a well-formed NIP unique per employee ID: the birth date
// counts days from 1961 by the ID's thousands, the sequence is the rest.
func generatedNIP(id int64, sex byte, r *rand.Rand) string {
	birth := time.Date(1961, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, int(id/999))
	appt := time.Date(birth.Year()+23+r.IntN(8), time.Month(1+r.IntN(12)), 1, 0, 0, 0, 0, time.UTC)
	return fmt.Sprintf("%s%s%c%03d", birth.Format("20060102"), appt.Format("200601"), sex, id%999+1)
}
