package plandoc

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/kinerja/kinerja/internal/calc"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/i18n"
	"github.com/kinerja/kinerja/internal/report/xlsx"
)

// Sheet is the name of the workbook sheet holding one row per indicator,
// in the export and in the import template alike.
const Sheet = "Indikator"

// Columns of the indicator sheet, in order.
const (
	colCode = iota
	colName
	colObjective
	colParent
	colCascadeType
	colCascadeMethod
	colWeight
	colT1
	colT2
	colT3
	colT4
	colAnnual
	colUnit
	colDescription
	colPurpose
	colFormula
	colAspect
	colValidity
	colControl
	colResponsible
	colProvider
	colSource
	colPeriodCons
	colPolarity
	colReporting
	colLocationCons
	colMaxTarget
	colScale
	colWorst
	colHistory
	colByLaw
	colStable
	colPrevTarget
	colPrevReal
	colRawData
	colSupporting
	colVerification
	colResult
	colObjectiveName
	colParentName
	colParentOwner
	colCount
)

const infoNote = "Informasi saja; diabaikan saat impor"

// spec describes the indicator sheet. Headers are Indonesian, like the
// documents; only Kode and Nama are required by the sheet itself, the rest
// is checked by the same rules as a line typed in a form.
var spec = xlsx.Spec{Sheet: Sheet, Columns: []xlsx.Column{
	colCode: {Header: "Kode", Required: true, Width: 14,
		Note: "Kode yang sudah ada pada versi draf memperbarui indikator itu; kode baru menambah indikator; indikator yang tidak tercantum tidak diubah"},
	colName:          {Header: "Nama Indikator", Required: true, Width: 45},
	colResult:        {Header: "Rencana Hasil Kerja", Width: 40, Note: "IKI: hasil kerja yang diukur indikator, dicetak pada SKP; kosong: nama indikator"},
	colObjective:     {Header: "Kode Sasaran Strategis", Width: 14, Note: "IKU: kode sasaran strategis pada peta strategi, misalnya SS-1 (lihat lembar Referensi)"},
	colParent:        {Header: "Kode Indikator Induk", Width: 16, Note: "IKI: kode IKU pada PK kantor atau kode IKI pada SKP atasan langsung (lihat lembar Referensi)"},
	colCascadeType:   {Header: "Jenis Cascading", Kind: xlsx.Enum, Allowed: labels(CascadeTypeChoices), Width: 18},
	colCascadeMethod: {Header: "Metode Cascading", Kind: xlsx.Enum, Allowed: labels(CascadeMethodChoices), Note: "IKI hasil cascading: Full (menyalin nama, manual dan target induk) atau Partial"},
	colWeight:        {Header: "Bobot", Kind: xlsx.Number},
	colT1:            {Header: "Target TW I", Kind: xlsx.Number},
	colT2:            {Header: "Target TW II", Kind: xlsx.Number},
	colT3:            {Header: "Target TW III", Kind: xlsx.Number},
	colT4:            {Header: "Target TW IV", Kind: xlsx.Number},
	colAnnual:        {Header: "Target Tahunan", Kind: xlsx.Number, Note: "Boleh kosong; bila diisi harus sama dengan konsolidasi target triwulanan"},
	colUnit:          {Header: "Satuan", Width: 10, Note: "Misalnya %, indeks, jumlah, hari, Rp, dokumen"},
	colDescription:   {Header: "Deskripsi", Width: 45},
	colPurpose:       {Header: "Tujuan", Width: 40},
	colFormula:       {Header: "Formula", Width: 40},
	colAspect:        {Header: "Jenis Aspek Target", Kind: xlsx.Enum, Allowed: labels(AspectChoices)},
	colValidity:      {Header: "Tingkat Validitas", Kind: xlsx.Enum, Allowed: labels(ValidityChoices)},
	colControl:       {Header: "Tingkat Kendali", Kind: xlsx.Enum, Allowed: labels(ControlChoices), Note: "Exact dengan High dan Activity dengan Low tidak diperbolehkan"},
	colResponsible:   {Header: "Pihak yang Bertanggung Jawab", Width: 28},
	colProvider:      {Header: "Pihak Penyedia Data", Width: 28},
	colSource:        {Header: "Sumber Data", Width: 28},
	colPeriodCons:    {Header: "Jenis Konsolidasi Periode", Kind: xlsx.Enum, Allowed: labels(ConsolidationChoices), Width: 22},
	colPolarity:      {Header: "Polarisasi", Kind: xlsx.Enum, Allowed: labels(PolarityChoices)},
	colReporting:     {Header: "Periode Pelaporan", Kind: xlsx.Enum, Allowed: labels(PeriodChoices)},
	colLocationCons:  {Header: "Jenis Konsolidasi Lokasi", Kind: xlsx.Enum, Allowed: labels(ConsolidationChoices), Width: 22},
	colMaxTarget:     {Header: "Konversi 120", Kind: xlsx.Enum, Allowed: labels(YesNoChoices), Note: "Ya bila target adalah nilai terbaik yang dapat dicapai"},
	colScale:         {Header: "Skala Stabilize", Width: 26, Note: "Untuk polarisasi Stabilize: pasangan Ca → capaian dipisah titik koma, misalnya 0 → 0; 90 → 100; 100 → 120"},
	colWorst:         {Header: "Realisasi Terburuk", Kind: xlsx.Number, Note: "Untuk Minimize dengan target 0"},
	colHistory:       {Header: "Riwayat Indikator", Kind: xlsx.Enum, Allowed: labels(HistoryChoices), Width: 24},
	colByLaw:         {Header: "Target Ditetapkan Peraturan", Kind: xlsx.Enum, Allowed: labels(YesNoChoices), Note: "Ya bila target ditetapkan peraturan atau penilaian eksternal"},
	colStable:        {Header: "Indikator Stabil", Kind: xlsx.Enum, Allowed: labels(YesNoChoices)},
	colPrevTarget:    {Header: "Target Tahun Lalu", Kind: xlsx.Number},
	colPrevReal:      {Header: "Realisasi Tahun Lalu", Kind: xlsx.Number},
	colRawData:       {Header: "Data Mentah", Width: 30, Note: "Satu dokumen per baris dalam sel (atau dipisah titik koma)"},
	colSupporting:    {Header: "Dokumen Pendukung", Width: 30, Note: "Satu dokumen per baris dalam sel (atau dipisah titik koma)"},
	colVerification:  {Header: "Dokumen Verifikasi", Width: 30, Note: "Satu dokumen per baris dalam sel (atau dipisah titik koma)"},
	colObjectiveName: {Header: "Nama Sasaran Strategis", Width: 30, Note: infoNote},
	colParentName:    {Header: "Nama Indikator Induk", Width: 30, Note: infoNote},
	colParentOwner:   {Header: "Pemilik Indikator Induk", Width: 26, Note: infoNote},
}}

// fieldColumns maps the field names of a line's validation errors to the
// sheet's columns.
var fieldColumns = map[string]int{
	"code": colCode, "name": colName, "objective_id": colObjective, "parent_line_id": colParent,
	"cascade_type": colCascadeType, "cascade_method": colCascadeMethod, "weight": colWeight,
	"t1": colT1, "t2": colT2, "t3": colT3, "t4": colT4, "targets": colT1, "annual_target": colAnnual,
	"unit": colUnit, "result": colResult, "description": colDescription, "purpose": colPurpose, "formula": colFormula,
	"target_aspect": colAspect, "validity": colValidity, "control": colControl, "responsible": colResponsible,
	"data_provider": colProvider, "data_source": colSource, "period_consolidation": colPeriodCons,
	"polarity": colPolarity, "reporting_period": colReporting, "location_consolidation": colLocationCons,
	"max_target": colMaxTarget, "scale": colScale, "worst": colWorst, "history_kind": colHistory,
	"target_by_law": colByLaw, "stable": colStable, "prev_target": colPrevTarget, "prev_realisation": colPrevReal,
	"evidence": colRawData,
}

// Row is one indicator read from the sheet, with its objective and parent
// still named by code.
type Row struct {
	Line          int // the row as the spreadsheet shows it
	Code          string
	Name          string
	ObjectiveCode string
	ParentCode    string
	CascadeType   string
	CascadeMethod string
	Weight        calc.Opt
	Targets       [4]calc.Opt
	Annual        calc.Opt
	Manual        domain.Manual
	columns       []string // file column letter per sheet column
}

// Problem locates a problem with the row's field (a line-validation field
// name such as "formula" or "t2"; "" for the row as a whole) at its cell.
func (r Row) Problem(field, id, en string) xlsx.CellError {
	e := xlsx.CellError{Sheet: Sheet, Row: r.Line, Code: "plan.import", ID: id, EN: en}
	if i, ok := fieldColumns[field]; ok {
		e.Header = spec.Columns[i].Header
		if i < len(r.columns) {
			e.Column = r.columns[i]
		}
	}
	return e
}

// ReadImport reads the indicator sheet of a workbook. Callers must save
// nothing when the problem list is not empty.
func ReadImport(in io.Reader) ([]Row, []xlsx.CellError, error) {
	raw, problems, err := spec.ReadXLSX(in)
	if err != nil || len(raw) == 0 && len(problems) > 0 {
		return nil, problems, err
	}
	rows := make([]Row, 0, len(raw))
	for _, r := range raw {
		v := r.Values
		opt := func(i int) calc.Opt {
			if v[i].Empty {
				return calc.Opt{}
			}
			return calc.Some(v[i].Number)
		}
		row := Row{Line: r.Line, columns: r.Columns,
			Code: v[colCode].Text, Name: v[colName].Text, ObjectiveCode: v[colObjective].Text, ParentCode: v[colParent].Text,
			CascadeType: codeOf(CascadeTypeChoices, v[colCascadeType].Text), CascadeMethod: codeOf(CascadeMethodChoices, v[colCascadeMethod].Text),
			Weight: opt(colWeight), Targets: [4]calc.Opt{opt(colT1), opt(colT2), opt(colT3), opt(colT4)}, Annual: opt(colAnnual),
			Manual: domain.Manual{
				Result: v[colResult].Text, Description: v[colDescription].Text, Purpose: v[colPurpose].Text, Formula: v[colFormula].Text, Unit: v[colUnit].Text,
				TargetAspect: codeOf(AspectChoices, v[colAspect].Text), Validity: codeOf(ValidityChoices, v[colValidity].Text),
				Control: codeOf(ControlChoices, v[colControl].Text), Responsible: v[colResponsible].Text,
				DataProvider: v[colProvider].Text, DataSource: v[colSource].Text,
				PeriodConsolidation: codeOf(ConsolidationChoices, v[colPeriodCons].Text), Polarity: codeOf(PolarityChoices, v[colPolarity].Text),
				ReportingPeriod: codeOf(PeriodChoices, v[colReporting].Text), LocationConsolidation: codeOf(ConsolidationChoices, v[colLocationCons].Text),
				MaxTarget: v[colMaxTarget].Text == "Ya", Worst: opt(colWorst), HistoryKind: codeOf(HistoryChoices, v[colHistory].Text),
				TargetByLaw: v[colByLaw].Text == "Ya", Stable: v[colStable].Text == "Ya",
				PrevTarget: opt(colPrevTarget), PrevRealisation: opt(colPrevReal),
			}}
		scale, err := ParseScale(v[colScale].Text)
		if err != nil {
			var se *ScaleError
			if errors.As(err, &se) {
				problems = append(problems, row.Problem("scale", se.Message("id"), se.Message("en")))
			}
		}
		row.Manual.Scale = scale
		for _, ek := range []struct {
			kind string
			col  int
		}{{"raw_data", colRawData}, {"supporting", colSupporting}, {"verification", colVerification}} {
			for _, name := range splitList(v[ek.col].Text) {
				row.Manual.Evidence = append(row.Manual.Evidence, domain.EvidenceItem{Kind: ek.kind, Name: name})
			}
		}
		rows = append(rows, row)
	}
	return rows, problems, nil
}

// splitList splits a cell into items: one per line, or separated by
// semicolons.
func splitList(s string) []string {
	var out []string
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == ';' }) {
		if p := strings.TrimSpace(part); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// ScaleError says why a stabilize scale could not be read.
type ScaleError struct {
	Part string // the pair that is wrong
}

func (e *ScaleError) Error() string { return e.Message("en") }

// Message returns the message in lang ("id" or "en").
func (e *ScaleError) Message(lang string) string {
	if strings.HasPrefix(lang, "en") {
		return fmt.Sprintf("%q is not a pair \"Ca → achievement\"; write e.g. 0 → 0; 90 → 100; 100 → 120", e.Part)
	}
	return fmt.Sprintf("%q bukan pasangan \"Ca → capaian\"; tulis misalnya 0 → 0; 90 → 100; 100 → 120", e.Part)
}

// ParseScale reads a stabilize scale written as ScaleText does; "->" and
// "=" may stand for the arrow. Numbers are read the Indonesian way (1.234
// is a thousand and more, 90,5 has a decimal comma).
func ParseScale(s string) ([]domain.ScalePoint, error) {
	var out []domain.ScalePoint
	for _, part := range splitList(s) {
		p := strings.NewReplacer("→", "\x00", "->", "\x00", "=", "\x00").Replace(part)
		ca, ach, ok := strings.Cut(p, "\x00")
		if !ok {
			return nil, &ScaleError{Part: part}
		}
		x, err1 := i18n.ParseNumberLang("id", ca)
		y, err2 := i18n.ParseNumberLang("id", ach)
		if err1 != nil || err2 != nil {
			return nil, &ScaleError{Part: part}
		}
		out = append(out, domain.ScalePoint{Ca: x, Achievement: y})
	}
	return out, nil
}

// values is a line as a row of the indicator sheet.
func values(l Line) []any {
	m := l.Manual
	opt := func(o calc.Opt) any {
		if !o.OK {
			return nil
		}
		return o.V
	}
	row := make([]any, colCount)
	row[colCode], row[colName] = l.Code, l.Name
	if l.Objective != nil {
		row[colObjective], row[colObjectiveName] = l.Objective.Code, l.Objective.Name
	}
	if l.Parent != nil {
		row[colParent], row[colParentName], row[colParentOwner] = l.Parent.Code, l.Parent.Name, l.Parent.Owner
	}
	row[colCascadeType] = label(CascadeTypeChoices, l.CascadeType)
	if l.CascadeMethod != "" {
		row[colCascadeMethod] = label(CascadeMethodChoices, l.CascadeMethod)
	}
	row[colWeight] = opt(l.Weight)
	for q := 0; q < 4; q++ {
		row[colT1+q] = opt(l.Targets[q])
	}
	row[colAnnual] = opt(l.Annual)
	row[colUnit], row[colDescription], row[colPurpose], row[colFormula] = m.Unit, m.Description, m.Purpose, m.Formula
	row[colResult] = m.Result
	row[colAspect] = label(AspectChoices, m.TargetAspect)
	row[colValidity] = label(ValidityChoices, m.Validity)
	row[colControl] = label(ControlChoices, m.Control)
	row[colResponsible], row[colProvider], row[colSource] = m.Responsible, m.DataProvider, m.DataSource
	row[colPeriodCons] = label(ConsolidationChoices, m.PeriodConsolidation)
	row[colPolarity] = label(PolarityChoices, m.Polarity)
	row[colReporting] = label(PeriodChoices, m.ReportingPeriod)
	row[colLocationCons] = label(ConsolidationChoices, m.LocationConsolidation)
	row[colMaxTarget] = yesNo(m.MaxTarget)
	row[colScale] = ScaleText(m.Scale)
	row[colWorst] = opt(m.Worst)
	row[colHistory] = label(HistoryChoices, m.HistoryKind)
	row[colByLaw], row[colStable] = yesNo(m.TargetByLaw), yesNo(m.Stable)
	row[colPrevTarget], row[colPrevReal] = opt(m.PrevTarget), opt(m.PrevRealisation)
	row[colRawData] = strings.Join(evidenceOf(m, "raw_data"), "\n")
	row[colSupporting] = strings.Join(evidenceOf(m, "supporting"), "\n")
	row[colVerification] = strings.Join(evidenceOf(m, "verification"), "\n")
	return row
}

// indicatorSheet starts a workbook with the indicator sheet (drop-down
// lists and instructions in lang) filled with the plan's lines.
func indicatorSheet(p Plan, lang string) (*xlsx.Workbook, error) {
	wb, err := spec.Template(lang)
	if err != nil {
		return nil, err
	}
	sh := wb.Sheet(Sheet)
	for _, l := range p.Lines {
		if err := sh.WriteRow(values(l)...); err != nil {
			wb.Close()
			return nil, err
		}
	}
	return wb, nil
}

// ExportXLSX writes the plan version as a workbook: the indicator sheet
// (the same columns the import reads, so an export can be edited and
// imported again), the plan's versions with their approvals, and a summary.
func ExportXLSX(p Plan, lang string) (*xlsx.Workbook, error) {
	wb, err := indicatorSheet(p, lang)
	if err != nil {
		return nil, err
	}
	fail := func(err error) (*xlsx.Workbook, error) {
		wb.Close()
		return nil, err
	}
	vs, err := wb.AddSheet("Versi", []xlsx.Column{
		{Header: "Versi", Kind: xlsx.Integer, Width: 8}, {Header: "Status", Width: 14}, {Header: "Alasan Perubahan", Width: 40},
		{Header: "Dibuat", Kind: xlsx.Date, Width: 12}, {Header: "Diajukan", Kind: xlsx.Date, Width: 12}, {Header: "Terlambat", Width: 10},
		{Header: "Disetujui", Kind: xlsx.Date, Width: 12}, {Header: "Disetujui oleh", Width: 32}, {Header: "NIP Penyetuju", Width: 20},
		{Header: "Dikembalikan", Kind: xlsx.Date, Width: 13}, {Header: "Catatan Pengembalian", Width: 40},
	})
	if err != nil {
		return fail(err)
	}
	for _, v := range p.Versions {
		if err := vs.WriteRow(v.Number, statusLabel(v.Status), v.Reason, v.CreatedAt, v.SubmittedAt, yesNo(v.Late),
			v.ApprovedAt, v.ApproverName, v.ApproverNIP, v.ReturnedAt, v.ReturnComment); err != nil {
			return fail(err)
		}
	}
	info := []string{
		"Kantor: " + p.Office.Name,
		"Pemilik: " + p.Owner.Name + " (NIP " + nip(p.Owner.NIP) + "), " + FullTitle(p.Owner.Position, p.Owner.Unit),
		"Versi: " + p.statusText(),
		fmt.Sprintf("Jumlah indikator: %d", len(p.Lines)),
		"Diekspor: " + date(p.Created),
		"",
		"Lembar Indikator memuat kolom yang sama dengan templat impor: berkas ini dapat diubah lalu diimpor kembali ke versi draf.",
	}
	if err := wb.AddNotes("Info", fmt.Sprintf("%s Tahun %d", p.kindName(), p.Year), info); err != nil {
		return fail(err)
	}
	return wb, nil
}

func statusLabel(s domain.PlanStatus) string {
	switch s {
	case domain.PlanDraft:
		return "Draf"
	case domain.PlanSubmitted:
		return "Diajukan"
	case domain.PlanApproved:
		return "Disetujui"
	case domain.PlanReturned:
		return "Dikembalikan"
	}
	return string(s)
}

// TemplateXLSX writes the import template of the plan: the indicator sheet
// filled with the newest lines, to change or extend, the instructions, and
// a reference sheet with the objective and parent codes the rows may use.
func TemplateXLSX(p Plan, lang string) (*xlsx.Workbook, error) {
	wb, err := indicatorSheet(p, lang)
	if err != nil {
		return nil, err
	}
	ref, err := wb.AddSheet("Referensi", []xlsx.Column{{Header: "Jenis", Width: 18}, {Header: "Kode", Width: 14}, {Header: "Nama", Width: 60}, {Header: "Keterangan", Width: 50}})
	if err != nil {
		wb.Close()
		return nil, err
	}
	for _, o := range p.Objectives {
		if err := ref.WriteRow("Sasaran Strategis", o.Code, o.Name, "Perspektif "+o.Perspective); err != nil {
			wb.Close()
			return nil, err
		}
	}
	if p.Kind == domain.PlanSKP {
		for _, par := range p.Parents {
			note := string(par.Kind) + " · " + par.Owner
			if par.Position != "" {
				note += ", " + par.Position
			}
			if err := ref.WriteRow("Indikator Induk", par.Code, par.Name, note); err != nil {
				wb.Close()
				return nil, err
			}
		}
	}
	return wb, nil
}
