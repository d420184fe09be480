package service

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/kinerja/kinerja/internal/audit"
	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/report/xlsx"
	"github.com/kinerja/kinerja/internal/store"
)

// Sheets and columns of the org-chart import template. Headers are
// Indonesian, as the people who fill them in write them.
var (
	unitSheet = xlsx.Spec{Sheet: "Unit", Columns: []xlsx.Column{
		{Header: "Kode Unit", Required: true, Note: "Kode unik, misalnya KPPN-SKM atau KPPN-SKM-BANK"},
		{Header: "Nama Unit", Required: true},
		{Header: "Jenis Unit", Required: true, Kind: xlsx.Enum, Allowed: []string{"organisasi", "kanwil", "kantor", "seksi"},
			Note: "organisasi, kanwil, kantor (UPK pemilik peta strategi) atau seksi"},
		{Header: "Kode Unit Induk", Note: "Kosong untuk unit teratas"},
		{Header: "Alamat"},
		{Header: "Kota"},
		{Header: "Kop Surat", Note: "Baris di atas nama kantor pada dokumen; pisahkan baris dengan tanda |"},
	}}
	employeeSheet = xlsx.Spec{Sheet: "Pegawai", Columns: []xlsx.Column{
		{Header: "NIP", Required: true, Note: "18 digit"},
		{Header: "Nama", Required: true, Note: "Nama lengkap dengan gelar"},
		{Header: "Pangkat/Golongan"},
		{Header: "Email"},
		{Header: "Kode Unit", Required: true, Note: "Kode dari lembar Unit atau unit yang sudah ada"},
		{Header: "Jabatan", Required: true, Note: "Nama jabatan, misalnya Kepala Seksi Bank"},
		{Header: "Jenis Jabatan", Required: true, Kind: xlsx.Enum, Allowed: []string{"pimpinan", "administrator", "pengawas", "pelaksana", "fungsional"}},
		{Header: "NIP Atasan", Note: "NIP atasan langsung; kosong untuk pimpinan tertinggi"},
		{Header: "TMT Jabatan", Kind: xlsx.Date, Note: "Tanggal mulai menjabat; kosong = hari ini"},
		{Header: "Non-Substantif", Kind: xlsx.Enum, Allowed: []string{"ya", "tidak"},
			Note: "Khusus jabatan fungsional: ya bila non-substantif (NKP dipadukan dengan NKO seperti pegawai dua tingkat di bawah pimpinan); kosong = tidak diubah, jabatan baru: tidak"},
	}}
	unitKindOf = map[string]domain.UnitKind{"organisasi": domain.UnitOrganisation, "kanwil": domain.UnitRegion, "kantor": domain.UnitOffice, "seksi": domain.UnitSection}
	posKindOf  = map[string]domain.PositionKind{"pimpinan": domain.PosHead, "administrator": domain.PosAdministrator, "pengawas": domain.PosPengawas,
		"pelaksana": domain.PosPelaksana, "fungsional": domain.PosFungsional}
)

// OrgTemplate returns the org-chart import workbook with both sheets and instructions.
func (s *Service) OrgTemplate(lang string) (*xlsx.Workbook, error) {
	wb, err := xlsx.NewWorkbook()
	if err != nil {
		return nil, err
	}
	for _, spec := range []xlsx.Spec{unitSheet, employeeSheet} {
		if _, err := wb.AddSheet(spec.Sheet, spec.Columns); err != nil {
			wb.Close()
			return nil, err
		}
	}
	lines := []string{
		"Isi lembar Unit (opsional bila unit sudah ada) dan lembar Pegawai, satu baris per pegawai.",
		"Kolom bertanda * wajib diisi. Urutan kolom boleh berbeda; judul kolom harus sama.",
		"Jabatan dengan nama, jenis dan unit yang sama dipakai bersama (misalnya beberapa Pelaksana).",
		"Atasan langsung ditentukan dari NIP Atasan: jabatan pegawai melapor kepada jabatan atasannya.",
		"Pegawai yang sudah terdaftar (NIP sama) diperbarui; bila jabatannya berubah, dicatat sebagai mutasi per TMT.",
		"Bila satu baris saja salah, tidak ada yang disimpan; semua kesalahan ditampilkan sekaligus.",
		"Bisa juga mengimpor CSV (pemisah koma atau titik koma) dengan kolom lembar Pegawai saja.",
		"Non-Substantif hanya untuk jabatan fungsional: ya atau tidak; bila kosong, tanda pada jabatan yang sudah ada tidak diubah.",
	}
	if lang == "en" {
		lines = []string{
			"Fill the Unit sheet (optional when the units exist) and the Pegawai (employees) sheet, one row per employee.",
			"Columns marked * are required. Column order may differ; headers must match.",
			"Positions with the same title, kind and unit are shared (e.g. several staff).",
			"The direct supervisor comes from NIP Atasan: the employee's position reports to the supervisor's.",
			"Known employees (same NIP) are updated; a new position is recorded as a transfer from TMT Jabatan.",
			"If a single row is wrong, nothing is saved; every problem is listed at once.",
			"A CSV file (comma or semicolon separated) with the Pegawai columns only is accepted too.",
			"Non-Substantif (non-substantive) is for fungsional posts only: ya (yes) or tidak (no); left empty, an existing post keeps its flag.",
		}
	}
	if err := wb.AddNotes("Petunjuk", "Kinerja — impor struktur organisasi", lines); err != nil {
		wb.Close()
		return nil, err
	}
	return wb, nil
}

// ImportSummary counts what an import created and changed.
type ImportSummary struct {
	UnitsCreated, UnitsUpdated         int
	PositionsCreated, PositionsUpdated int
	EmployeesCreated, EmployeesUpdated int
	Transfers                          int
}

type empRow struct {
	line                          int
	nip, name, grade, email, unit string
	title                         string
	kind                          domain.PositionKind
	supNIP                        string
	start                         time.Time
	nonSubstantive                string // "ya", "tidak", or "" when not stated
}

type posKey struct {
	unit  string
	title string
	kind  domain.PositionKind
}

func rowErr(sheet string, line int, col xlsx.Column, idx int, id, en string) xlsx.CellError {
	letter := ""
	if idx >= 0 {
		letter = string(rune('A' + idx))
	}
	return xlsx.CellError{Sheet: sheet, Row: line, Column: letter, Header: col.Header, Code: "import.rule", ID: id, EN: en}
}

// ImportOrg reads an org chart from an XLSX workbook (sheets Unit and
// Pegawai) or a CSV of the Pegawai columns, and applies it in one
// transaction. When any row is wrong it returns every problem and saves nothing.
func (s *Service) ImportOrg(ctx context.Context, a authz.Actor, filename string, r io.Reader) (ImportSummary, []xlsx.CellError, error) {
	var sum ImportSummary
	if err := require(a, authz.OrgManage); err != nil {
		return sum, nil, err
	}
	data, err := io.ReadAll(r)
	if err != nil {
		return sum, nil, err
	}
	var unitRows, empRows []xlsx.Row
	var problems []xlsx.CellError
	if strings.EqualFold(filepath.Ext(filename), ".csv") {
		empRows, problems, err = employeeSheet.ReadCSV(bytes.NewReader(data))
		if err != nil {
			return sum, nil, err
		}
	} else {
		unitRows, problems, err = unitSheet.ReadXLSX(bytes.NewReader(data))
		if err != nil {
			return sum, nil, err
		}
		if len(problems) == 1 && problems[0].Code == "xlsx.no_sheet" {
			problems = nil // the Unit sheet is optional
		}
		var p2 []xlsx.CellError
		empRows, p2, err = employeeSheet.ReadXLSX(bytes.NewReader(data))
		if err != nil {
			return sum, nil, err
		}
		problems = append(problems, p2...)
	}
	if len(problems) > 0 {
		return sum, problems, nil
	}
	c, err := s.Chart(ctx)
	if err != nil {
		return sum, nil, err
	}
	plan, problems := s.planOrgImport(c, a, unitRows, empRows)
	if len(problems) > 0 {
		return sum, problems, nil
	}
	err = s.store.InTx(ctx, func(tx *store.Store) error {
		// The file's reporting lines and units pass the reorganisation
		// rule (reorg.go); its moves are dated and move the plans.
		return s.reorganise(ctx, tx, true, func() error {
			var e error
			if sum, e = s.applyOrgImport(ctx, tx, a, c, plan); e != nil {
				return e
			}
			return orgChanged(ctx, tx)
		})
	})
	return sum, nil, err
}

type orgImportPlan struct {
	units     []UnitInput // in parent-first order
	parentOf  map[string]string
	unitCode  map[string]int64
	emps      []empRow
	byNIP     map[string]*empRow
	positions map[posKey]int64 // existing position IDs
}

// planOrgImport validates every row against the file and the current chart.
// Problems are listed in the order the checks below run: the file's units
// first (a bad unit tree stops there), then their scope, then the people.
func (s *Service) planOrgImport(c *domain.Chart, a authz.Actor, unitRows, empRows []xlsx.Row) (*orgImportPlan, []xlsx.CellError) {
	p := &orgImportPlan{unitCode: map[string]int64{}, byNIP: map[string]*empRow{}, positions: map[posKey]int64{}, parentOf: map[string]string{}}
	for id, u := range c.Units {
		p.unitCode[strings.ToUpper(u.Code)] = id
	}
	pl := &orgImportPlanner{c: c, a: a, p: p, fileUnits: map[string]UnitInput{}}
	order := pl.readUnits(unitRows)
	pl.checkUnitParents(unitRows)
	if len(pl.problems) > 0 {
		return nil, pl.problems
	}
	pl.orderUnits(order)
	pl.checkUnitScope(unitRows)
	pl.readEmployees(empRows, s.Today())
	nipKnown := map[string]int64{}
	for id, emp := range c.Employees {
		nipKnown[emp.NIP] = id
	}
	pl.checkMoves(nipKnown)
	reportsTo := pl.reportingLines(nipKnown)
	pl.checkReportingCycles(reportsTo)
	pl.checkHeads()
	pl.checkNonSubstantive()
	for _, pos := range c.Positions {
		u := c.Units[pos.UnitID]
		p.positions[posKey{strings.ToUpper(u.Code), strings.ToLower(pos.Title), pos.Kind}] = pos.ID
	}
	return p, pl.problems
}

// orgImportPlanner holds what validating one import file needs across its
// checks: the chart, the importer, the plan being built, the units the file
// names (by upper-case code) and the problems found so far.
type orgImportPlanner struct {
	c         *domain.Chart
	a         authz.Actor
	p         *orgImportPlan
	fileUnits map[string]UnitInput
	problems  []xlsx.CellError
}

func (pl *orgImportPlanner) unitProblem(line, col int, id, en string) {
	pl.problems = append(pl.problems, rowErr("Unit", line, unitSheet.Columns[col], col, id, en))
}

func (pl *orgImportPlanner) employeeProblem(line, col int, id, en string) {
	pl.problems = append(pl.problems, rowErr("Pegawai", line, employeeSheet.Columns[col], col, id, en))
}

// readUnits reads the Unit sheet's rows and returns their codes in file order.
func (pl *orgImportPlanner) readUnits(unitRows []xlsx.Row) []string {
	var order []string
	for _, r := range unitRows {
		code := strings.ToUpper(r.Values[0].Text)
		if _, dup := pl.fileUnits[code]; dup {
			pl.unitProblem(r.Line, 0, "kode unit muncul dua kali", "unit code appears twice")
			continue
		}
		pl.fileUnits[code] = UnitInput{Code: r.Values[0].Text, Name: r.Values[1].Text, Kind: unitKindOf[r.Values[2].Text],
			Address: r.Values[4].Text, City: r.Values[5].Text, Letterhead: strings.ReplaceAll(r.Values[6].Text, "|", "\n")}
		pl.p.parentOf[code] = strings.ToUpper(r.Values[3].Text)
		order = append(order, code)
	}
	return order
}

// checkUnitParents refuses an unknown parent or a cycle, in the chart or in
// the file, on the row that names it.
func (pl *orgImportPlanner) checkUnitParents(unitRows []xlsx.Row) {
	for _, r := range unitRows {
		code := strings.ToUpper(r.Values[0].Text)
		parent := pl.p.parentOf[code]
		if parent == "" {
			continue
		}
		if !pl.unitKnown(parent) {
			pl.unitProblem(r.Line, 3, "unit induk tidak dikenal: "+parent, "unknown parent unit: "+parent)
		}
		if id, par := pl.p.unitCode[code], pl.p.unitCode[parent]; id != 0 && par != 0 && pl.c.UnitCycle(id, par) {
			pl.unitProblem(r.Line, 3, "unit induk membentuk lingkaran", "the parent units form a cycle")
		}
		seen := map[string]bool{code: true}
		for up := parent; up != ""; up = pl.p.parentOf[up] {
			if seen[up] {
				pl.unitProblem(r.Line, 3, "unit induk membentuk lingkaran", "the parent units form a cycle")
				break
			}
			seen[up] = true
		}
	}
}

// orderUnits lists the file's units parents first.
func (pl *orgImportPlanner) orderUnits(order []string) {
	placed := map[string]bool{}
	var visit func(code string)
	visit = func(code string) {
		if placed[code] {
			return
		}
		placed[code] = true
		if par := pl.p.parentOf[code]; par != "" {
			if _, ok := pl.fileUnits[par]; ok {
				visit(par)
			}
		}
		pl.p.units = append(pl.p.units, pl.fileUnits[code])
	}
	for _, code := range order {
		visit(code)
	}
}

// unitKnown tells whether an upper-case unit code is in the file or the chart.
func (pl *orgImportPlanner) unitKnown(code string) bool {
	_, inFile := pl.fileUnits[code]
	return inFile || pl.p.unitCode[code] != 0
}

// inScope: an existing unit in the actor's scope, or a new one whose
// nearest existing ancestor is (a new top unit needs an unscoped actor).
func (pl *orgImportPlanner) inScope(code string, depth int) bool {
	if id := pl.p.unitCode[code]; id != 0 {
		return authz.InScope(pl.a, pl.c, id)
	}
	if par := pl.p.parentOf[code]; par != "" && depth < len(pl.fileUnits)+1 {
		return pl.inScope(par, depth+1)
	}
	return authz.ScopeUnit(pl.a, pl.c) == 0
}

func (pl *orgImportPlanner) checkUnitScope(unitRows []xlsx.Row) {
	for _, r := range unitRows {
		if code := strings.ToUpper(r.Values[0].Text); !pl.inScope(code, 0) {
			pl.unitProblem(r.Line, 0, "unit di luar kewenangan Anda", "this unit is outside your scope")
		}
	}
}

// readEmployees reads and checks the Pegawai sheet's rows one by one.
func (pl *orgImportPlanner) readEmployees(empRows []xlsx.Row, today time.Time) {
	p := pl.p
	for _, r := range empRows {
		e := empRow{line: r.Line, nip: domain.NormalizeNIP(r.Values[0].Text), name: r.Values[1].Text, grade: r.Values[2].Text,
			email: r.Values[3].Text, unit: strings.ToUpper(r.Values[4].Text), title: r.Values[5].Text, kind: posKindOf[r.Values[6].Text],
			supNIP: domain.NormalizeNIP(r.Values[7].Text), start: r.Values[8].Date, nonSubstantive: r.Values[9].Text}
		if e.start.IsZero() {
			e.start = today
		}
		if k := domain.ValidateNIP(e.nip, today); k != "" {
			pl.employeeProblem(r.Line, 0, "NIP tidak valid ("+k+")", "invalid NIP ("+k+")")
		}
		if _, dup := p.byNIP[e.nip]; dup {
			pl.employeeProblem(r.Line, 0, "NIP muncul dua kali dalam berkas", "NIP appears twice in the file")
			continue
		}
		if !pl.unitKnown(e.unit) {
			pl.employeeProblem(r.Line, 4, "kode unit tidak dikenal: "+e.unit, "unknown unit code: "+e.unit)
		} else if !pl.inScope(e.unit, 0) {
			pl.employeeProblem(r.Line, 4, "unit di luar kewenangan Anda", "this unit is outside your scope")
		}
		if e.supNIP == e.nip && e.nip != "" {
			pl.employeeProblem(r.Line, 7, "pegawai tidak dapat menjadi atasan dirinya sendiri", "an employee cannot supervise themself")
		}
		if e.email != "" && !strings.Contains(e.email, "@") {
			pl.employeeProblem(r.Line, 3, "alamat surel tidak valid", "not a valid email address")
		}
		if e.nonSubstantive == "ya" && e.kind != domain.PosFungsional {
			pl.employeeProblem(r.Line, 9, "hanya jabatan fungsional yang dapat non-substantif", "only a fungsional post can be non-substantive")
		}
		p.emps = append(p.emps, e)
		p.byNIP[e.nip] = &p.emps[len(p.emps)-1]
	}
}

// checkMoves: a known employee is updated and may be moved, so the offices of
// their definitive posts must be the importer's too (SPEC §13).
func (pl *orgImportPlanner) checkMoves(nipKnown map[string]int64) {
	for _, e := range pl.p.emps {
		if !authz.CanMoveEmployee(pl.a, pl.c, nipKnown[e.nip]) {
			pl.employeeProblem(e.line, 0,
				"pegawai ini menjabat di kantor di luar kewenangan Anda; pemindahan antarkantor dilakukan oleh pengelola kinerja unit di atas kedua kantor atau admin organisasi",
				"this employee holds a post in an office outside your scope; moves between offices are made by the pengelola kinerja of the unit above both offices or an organisation admin")
		}
	}
}

// posText names a position of the file as text; "#id" names one of the chart.
func posText(k posKey) string {
	return k.unit + "\x00" + k.title + "\x00" + string(k.kind)
}

// reportingLines returns the position each row's employee reports to: the
// supervisor's position in the file, or the supervisor's current position in
// the chart, as text (for conflicts).
func (pl *orgImportPlanner) reportingLines(nipKnown map[string]int64) map[posKey]string {
	reportsTo := map[posKey]string{}
	for _, e := range pl.p.emps {
		if e.supNIP == "" {
			continue
		}
		var sup string
		if se, ok := pl.p.byNIP[e.supNIP]; ok {
			sup = posText(posKey{se.unit, se.title, se.kind})
		} else if id := nipKnown[e.supNIP]; id != 0 {
			if pos, ok := pl.c.Primary(id); ok {
				sup = fmt.Sprintf("#%d", pos.ID)
			}
		}
		if sup == "" {
			pl.employeeProblem(e.line, 7, "NIP atasan tidak dikenal atau belum menjabat", "the supervisor's NIP is unknown or not placed")
			continue
		}
		k := posKey{e.unit, strings.ToLower(e.title), e.kind}
		if prev, ok := reportsTo[k]; ok && prev != sup {
			pl.employeeProblem(e.line, 7,
				"pegawai dengan jabatan yang sama melapor kepada atasan berbeda; bedakan nama jabatannya",
				"employees with the same position report to different supervisors; give the positions different titles")
		}
		reportsTo[k] = sup
	}
	return reportsTo
}

// checkReportingCycles refuses a reporting line that loops back through the
// file's positions.
func (pl *orgImportPlanner) checkReportingCycles(reportsTo map[posKey]string) {
	byText := func(t string) (posKey, bool) {
		parts := strings.Split(t, "\x00")
		if len(parts) != 3 {
			return posKey{}, false
		}
		return posKey{parts[0], strings.ToLower(parts[1]), domain.PositionKind(parts[2])}, true
	}
	for _, e := range pl.p.emps {
		cur := posText(posKey{e.unit, strings.ToLower(e.title), e.kind})
		seen := map[string]bool{}
		for cur != "" && !strings.HasPrefix(cur, "#") {
			if seen[cur] {
				pl.employeeProblem(e.line, 7, "rantai atasan membentuk lingkaran", "the reporting line forms a cycle")
				break
			}
			seen[cur] = true
			pk, ok := byText(cur)
			if !ok {
				break
			}
			cur = reportsTo[pk]
		}
	}
}

// checkNonSubstantive: rows sharing a post may not state different flags.
func (pl *orgImportPlanner) checkNonSubstantive() {
	stated := map[posKey]*empRow{}
	for i := range pl.p.emps {
		e := &pl.p.emps[i]
		if e.nonSubstantive == "" {
			continue
		}
		k := posKey{e.unit, strings.ToLower(e.title), e.kind}
		if first, ok := stated[k]; !ok {
			stated[k] = e
		} else if first.nonSubstantive != e.nonSubstantive {
			n := strconv.Itoa(first.line)
			pl.employeeProblem(e.line, 9, "jabatan yang sama ditandai berbeda pada baris "+n, "the same post is marked otherwise on row "+n)
		}
	}
}

// checkHeads allows one head per unit in the file.
func (pl *orgImportPlanner) checkHeads() {
	heads := map[string]int{}
	for _, e := range pl.p.emps {
		if e.kind == domain.PosHead {
			heads[e.unit]++
			if heads[e.unit] == 2 {
				pl.employeeProblem(e.line, 6, "unit ini sudah memiliki pimpinan di berkas", "this unit already has a head in the file")
			}
		}
	}
}

// applyOrgImport writes a validated plan.
func (s *Service) applyOrgImport(ctx context.Context, tx *store.Store, a authz.Actor, c *domain.Chart, p *orgImportPlan) (ImportSummary, error) {
	var sum ImportSummary
	act := s.act(a)
	for _, in := range p.units {
		code := strings.ToUpper(in.Code)
		if id := p.unitCode[code]; id != 0 {
			u := *c.Units[id]
			before := u
			u.Name, u.Kind, u.Address, u.City, u.Letterhead = in.Name, in.Kind, in.Address, in.City, in.Letterhead
			if par := p.parentOf[code]; par != "" {
				u.ParentID = p.unitCode[par]
			}
			if err := tx.UpdateUnit(ctx, &u); err != nil {
				return sum, err
			}
			if err := audit.Record(ctx, tx, act, "unit.import", "unit", u.ID, before, u); err != nil {
				return sum, err
			}
			sum.UnitsUpdated++
			continue
		}
		u := domain.Unit{Code: in.Code, Name: in.Name, Kind: in.Kind, Address: in.Address, City: in.City, Letterhead: in.Letterhead,
			ParentID: p.unitCode[p.parentOf[code]]}
		if err := tx.CreateUnit(ctx, &u); err != nil {
			return sum, err
		}
		p.unitCode[code] = u.ID
		if err := audit.Record(ctx, tx, act, "unit.import", "unit", u.ID, nil, u); err != nil {
			return sum, err
		}
		sum.UnitsCreated++
	}
	return sum, s.applyOrgImportPeople(ctx, tx, a, c, p, &sum)
}

// applyOrgImportPeople writes positions first (without reporting lines), then
// reporting lines, then people.
func (s *Service) applyOrgImportPeople(ctx context.Context, tx *store.Store, a authz.Actor, c *domain.Chart, p *orgImportPlan, sum *ImportSummary) error {
	w := orgImportWriter{ctx: ctx, tx: tx, s: s, a: a, act: s.act(a), c: c, p: p, sum: sum, posOf: map[posKey]int64{}, empID: map[string]int64{}}
	for k, id := range p.positions {
		w.posOf[k] = id
	}
	for id, e := range c.Employees {
		w.empID[e.NIP] = id
	}
	if err := w.flagPositions(p.positions); err != nil {
		return err
	}
	if err := w.createPositions(); err != nil {
		return err
	}
	if err := w.linkPositions(); err != nil {
		return err
	}
	for _, e := range p.emps {
		if err := w.placeEmployee(e); err != nil {
			return err
		}
	}
	for _, m := range w.moves {
		if err := s.checkHeadsCovered(ctx, tx, m.emp, m.left, m.day); err != nil {
			return err
		}
	}
	// Once every row is in, as the holder may move out in a later row.
	for _, asg := range w.assigned {
		if err := checkOneHolder(ctx, tx, asg); err != nil {
			return err
		}
	}
	return nil
}

// orgImportWriter writes the people of a validated import in one transaction.
type orgImportWriter struct {
	ctx      context.Context
	tx       *store.Store
	s        *Service
	a        authz.Actor
	moves    []headCheck         // moves whose left posts must stay covered
	assigned []domain.Assignment // every assignment written, checked for a second holder at the end
	act      audit.Actor
	c        *domain.Chart
	p        *orgImportPlan
	sum      *ImportSummary
	posOf    map[posKey]int64 // position of every key, existing or created
	empID    map[string]int64 // employee of every known NIP
}

func (w *orgImportWriter) createPositions() error {
	for _, e := range w.p.emps {
		k := posKey{e.unit, strings.ToLower(e.title), e.kind}
		if w.posOf[k] != 0 {
			continue
		}
		pos := domain.Position{UnitID: w.p.unitCode[e.unit], Title: e.title, Kind: e.kind, NonSubstantive: w.nonSubstantive(k)}
		if err := w.tx.CreatePosition(w.ctx, &pos); err != nil {
			return err
		}
		w.posOf[k] = pos.ID
		if err := audit.Record(w.ctx, w.tx, w.act, "position.import", "position", pos.ID, nil, pos); err != nil {
			return err
		}
		w.sum.PositionsCreated++
	}
	return nil
}

// nonSubstantive is the flag the file states for a post (the rows agree).
func (w *orgImportWriter) nonSubstantive(k posKey) bool {
	for _, e := range w.p.emps {
		if e.nonSubstantive != "" && (posKey{e.unit, strings.ToLower(e.title), e.kind}) == k {
			return e.nonSubstantive == "ya"
		}
	}
	return false
}

// flagPositions sets the non-substantive flag the file states on the posts
// that existed before; a row that leaves it empty changes nothing.
func (w *orgImportWriter) flagPositions(existing map[posKey]int64) error {
	done := map[int64]bool{}
	for _, e := range w.p.emps {
		id := existing[posKey{e.unit, strings.ToLower(e.title), e.kind}]
		if e.nonSubstantive == "" || id == 0 || done[id] {
			continue
		}
		done[id] = true
		pos, err := w.tx.GetPosition(w.ctx, id)
		if err != nil {
			return err
		}
		if pos.NonSubstantive == (e.nonSubstantive == "ya") {
			continue
		}
		before := pos
		pos.NonSubstantive = e.nonSubstantive == "ya"
		if err := w.tx.UpdatePosition(w.ctx, &pos); err != nil {
			return err
		}
		if err := audit.Record(w.ctx, w.tx, w.act, "position.import", "position", pos.ID, before, pos); err != nil {
			return err
		}
		w.sum.PositionsUpdated++
	}
	return nil
}

func (w *orgImportWriter) linkPositions() error {
	for _, e := range w.p.emps {
		if e.supNIP == "" {
			continue
		}
		k := posKey{e.unit, strings.ToLower(e.title), e.kind}
		var up int64
		if se, ok := w.p.byNIP[e.supNIP]; ok {
			up = w.posOf[posKey{se.unit, strings.ToLower(se.title), se.kind}]
		} else if pos, ok := w.c.Primary(w.empID[e.supNIP]); ok {
			up = pos.ID
		}
		pos, err := w.tx.GetPosition(w.ctx, w.posOf[k])
		if err != nil {
			return err
		}
		if pos.ReportsToID == up {
			continue
		}
		before := pos
		pos.ReportsToID = up
		if err := w.tx.UpdatePosition(w.ctx, &pos); err != nil {
			return err
		}
		if err := audit.Record(w.ctx, w.tx, w.act, "position.import", "position", pos.ID, before, pos); err != nil {
			return err
		}
		w.sum.PositionsUpdated++
	}
	return nil
}

// headCheck is a move whose posts left must stay covered.
type headCheck struct {
	emp  int64
	left []domain.Assignment
	day  time.Time
}

// placeEmployee creates a new employee in their position, or updates a known
// one and moves them when their position changed. A move by import follows
// the same rules as one by hand: the plans follow the post (followPost), and
// no head's post is left empty — checked once every row is in
// (checkHeadsCovered), so the successor may come in a later row.
func (w *orgImportWriter) placeEmployee(e empRow) error {
	target := w.posOf[posKey{e.unit, strings.ToLower(e.title), e.kind}]
	id := w.empID[e.nip]
	if id == 0 {
		emp := domain.Employee{NIP: e.nip, Name: e.name, Grade: e.grade, Email: e.email, Active: true}
		if err := w.tx.CreateEmployee(w.ctx, &emp); err != nil {
			return err
		}
		if err := audit.Record(w.ctx, w.tx, w.act, "employee.import", "employee", emp.ID, nil, emp); err != nil {
			return err
		}
		w.sum.EmployeesCreated++
		_, err := w.assign(domain.Assignment{EmployeeID: emp.ID, PositionID: target, StartDate: e.start})
		return err
	}
	emp := *w.c.Employees[id]
	if emp.Name != e.name || emp.Grade != e.grade || emp.Email != e.email {
		before := emp
		emp.Name, emp.Grade, emp.Email = e.name, e.grade, e.email
		if err := w.tx.UpdateEmployee(w.ctx, &emp); err != nil {
			return err
		}
		if err := audit.Record(w.ctx, w.tx, w.act, "employee.import", "employee", emp.ID, before, emp); err != nil {
			return err
		}
		w.sum.EmployeesUpdated++
	}
	if cur, ok := w.c.Primary(id); ok && cur.ID == target {
		return nil
	}
	var ended []domain.Assignment
	for _, h := range w.c.HeldBy(id) {
		if h.Acting == domain.ActingNone {
			if err := w.tx.EndAssignment(w.ctx, h.Assignment.ID, e.start.AddDate(0, 0, -1)); err != nil {
				return err
			}
			ended = append(ended, h.Assignment)
		}
	}
	asg, err := w.assign(domain.Assignment{EmployeeID: id, PositionID: target, StartDate: e.start, Note: "impor"})
	if err != nil {
		return err
	}
	w.moves = append(w.moves, headCheck{id, ended, asg.StartDate})
	w.sum.Transfers++
	return nil
}

// assign records an imported assignment and lets the plans follow it.
func (w *orgImportWriter) assign(asg domain.Assignment) (domain.Assignment, error) {
	if err := w.tx.CreateAssignment(w.ctx, &asg); err != nil {
		return asg, err
	}
	w.assigned = append(w.assigned, asg)
	if err := audit.Record(w.ctx, w.tx, w.act, "assignment.import", "assignment", asg.ID, nil, asg); err != nil {
		return asg, err
	}
	return asg, w.s.followPost(w.ctx, w.tx, w.a, asg)
}
