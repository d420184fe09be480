package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/kinerja/kinerja/internal/calc"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/service"
)

// The Kanwil above the demo office (SPEC §15): a head, a few staff, its own
// strategy map and a PK whose IKUs the KPPNs of the region cascade from; most
// of them take their realisation from the KPPNs' verified figures.
var (
	kanwilHead  = person{"Dr. Syaiful Anwar, S.E., M.Si.", '1', "Pembina Utama Muda (IV/c)"}
	kanwilUnits = []sectionSpec{
		{"UMUM", "Bagian Umum", "Kepala Bagian Umum", "Pelaksana Bagian Umum",
			person{"Nanang Suryadi, S.E., M.M.", '1', "Pembina (IV/a)"},
			[]person{
				{"Wahyu Hidayat, S.E.", '1', "Penata (III/c)"}, // pengelola kinerja of the Kanwil
				{"Lina Marlina, A.Md.", '2', "Pengatur Tk. I (II/d)"},
			}, nil},
		{"PAPK", "Bidang Pembinaan Pelaksanaan Anggaran", "Kepala Bidang Pembinaan Pelaksanaan Anggaran", "Pelaksana Bidang PAPK",
			person{"Retno Wulandari, S.E., M.Ak.", '2', "Pembina (IV/a)"},
			[]person{{"Andi Firmansyah, S.E.", '1', "Penata Muda Tk. I (III/b)"}}, nil},
	}
	// The head of the unit above the Kanwil, not in the system: the year
	// records them as the second party of the Kanwil's PK.
	dirjen = service.SignatoryInput{Name: "Astera Primanto Bhakti", NIP: "196807171994031002", Position: "Direktur Jenderal Perbendaharaan"}
)

var kanwilObjectives = []objectiveSpec{
	{domain.PerspStakeholder, "SS-1", "Pelaksanaan anggaran kementerian/lembaga di wilayah yang berkualitas",
		"Kualitas pelaksanaan anggaran satker di wilayah Provinsi Jawa Barat meningkat, tercermin pada IKPA dan penyerapan.", nil},
	{domain.PerspCustomer, "SS-2", "Layanan perbendaharaan wilayah yang prima",
		"KPPN di wilayah memberikan layanan yang cepat, pasti dan memuaskan satker.", []string{"SS-1"}},
	{domain.PerspInternal, "SS-3", "Penyaluran dana dan pelaporan keuangan wilayah yang andal",
		"Dana APBN tersalurkan tepat waktu dan laporan keuangan kuasa BUN di wilayah tepat waktu.", []string{"SS-2"}},
	{domain.PerspInternal, "SS-4", "Pembinaan KPPN dan satker yang efektif",
		"Rekomendasi hasil pembinaan dan supervisi KPPN ditindaklanjuti.", []string{"SS-1"}},
	{domain.PerspLearning, "SS-5", "SDM Kanwil yang kompeten",
		"Pegawai Kanwil memenuhi standar pengembangan kompetensi.", []string{"SS-3", "SS-4"}},
}

// kanwilIKU is an IKU of the Kanwil; from names the KPPN IKU cascaded from
// it, whose figures it consolidates by location ("" for the Kanwil's own).
type kanwilIKU struct {
	ikuSpec
	from string
	loc  string // location consolidation
}

func kanwilIKUs() []kanwilIKU {
	none := []domain.EvidenceItem(nil)
	k := func(obj, code, name, unit, pol, cons string, t [4]float64, maxT bool, valid, ctrl, desc, formula string, from, loc string) kanwilIKU {
		// Last year's figures (for K3): the year-end target, met at 99 %.
		prev := t[3]
		return kanwilIKU{ikuSpec{objective: obj, code: code, name: name, section: "PAPK", unit: unit, polarity: pol, cons: cons, targets: t,
			maxTarget: maxT, validity: valid, control: ctrl, history: "existing", prevT: prev, prevR: calc.Round2(prev * 0.99), aspect: "kualitas",
			description: desc, formula: formula, source: "Laporan KPPN lingkup Kanwil", evidence: none, weight: 1}, from, loc}
	}
	return []kanwilIKU{
		k("SS-1", "1a-K", "Rata-rata nilai IKPA satker lingkup Kanwil", "nilai", "maximize", "last", [4]float64{90, 91, 92, 93}, false, "exact", "moderate",
			"Rata-rata nilai IKPA satker pada KPPN di wilayah.", "Rata-rata nilai IKPA KPPN lingkup Kanwil", "1a-N", "average"),
		k("SS-1", "1b-K", "Persentase penyerapan anggaran satker lingkup wilayah", "%", "maximize", "last", [4]float64{20, 45, 70, 95}, false, "proxy", "moderate",
			"Penyerapan anggaran satker seluruh KPPN di wilayah.", "Rata-rata penyerapan KPPN lingkup Kanwil", "1b-N", "average"),
		k("SS-2", "2a-K", "Indeks kepuasan pengguna layanan KPPN lingkup wilayah", "indeks", "maximize", "average", [4]float64{nan, 4.5, nan, 4.6}, false, "exact", "low",
			"Rata-rata indeks kepuasan layanan KPPN di wilayah.", "Rata-rata indeks kepuasan KPPN", "2a-N", "average"),
		k("SS-3", "3a-K", "Persentase SP2D yang diterbitkan sesuai standar waktu layanan lingkup wilayah", "%", "maximize", "average", [4]float64{100, 100, 100, 100}, true, "exact", "moderate",
			"SP2D seluruh KPPN di wilayah yang terbit sesuai standar waktu.", "Rata-rata persentase KPPN", "3a-CP", "average"),
		k("SS-3", "3c-K", "Persentase retur SP2D yang diselesaikan lingkup wilayah", "%", "maximize", "last", [4]float64{90, 92, 95, 97}, false, "exact", "moderate",
			"Capaian penyelesaian retur menurut laporan KPPN yang terakhir diverifikasi.", "Persentase KPPN terakhir terverifikasi", "3c-N", "last"),
		k("SS-3", "4b-K", "Jumlah laporan keuangan kuasa BUN daerah lingkup wilayah yang tepat waktu", "laporan", "maximize", "sum", [4]float64{15, 15, 15, 15}, false, "activity", "moderate",
			"Laporan bulanan UAKBUN-Daerah seluruh KPPN di wilayah yang disampaikan tepat waktu.", "Jumlah laporan tepat waktu seluruh KPPN", "4b-N", "sum"),
		k("SS-4", "4a-K", "Persentase rekomendasi pembinaan KPPN yang ditindaklanjuti", "%", "maximize", "last", [4]float64{70, 80, 90, 100}, false, "exact", "moderate",
			"Rekomendasi hasil supervisi Kanwil kepada KPPN yang telah ditindaklanjuti.", "Rekomendasi ditindaklanjuti ÷ seluruh rekomendasi × 100%", "", ""),
		k("SS-5", "5a-K", "Persentase pegawai Kanwil yang memenuhi 20 jam pelajaran", "%", "maximize", "last", [4]float64{25, 50, 75, 100}, false, "activity", "moderate",
			"Pegawai Kanwil yang mengikuti pengembangan kompetensi minimal 20 JP.", "Pegawai memenuhi 20 JP ÷ seluruh pegawai × 100%", "", ""),
	}
}

// kanwilOwnValues are the Kanwil's own realisations per quarter.
var kanwilOwnValues = map[string][4]float64{"4a-K": {72, 83, 91, 100}, "5a-K": {28, 55, 76, 100}}

// seedKanwilPlan draws up the Kanwil's year in early January, before the
// KPPNs cascade from it: its map and its PK, approved by its pengelola
// kinerja for the Direktur Jenderal recorded as second party.
func seedKanwilPlan(ctx context.Context, svc *service.Service, clk *clock, off *Office) error {
	head, err := actorOf(ctx, svc, off.KanwilHead)
	if err != nil {
		return err
	}
	pengelola, err := actorOf(ctx, svc, off.KanwilPengelola)
	if err != nil {
		return err
	}
	year := off.Year
	clk.at(time.January, 3, 9)
	if _, err := svc.SetSignatory(ctx, pengelola, year, off.KanwilID, dirjen); err != nil {
		return fmt.Errorf("second party: %w", err)
	}
	objIDs := map[string]int64{}
	for _, o := range kanwilObjectives {
		var sup []int64
		for _, code := range o.supports {
			sup = append(sup, objIDs[code])
		}
		saved, err := svc.SaveObjective(ctx, head, year, off.KanwilID, 0, service.ObjectiveInput{PerspectiveKind: o.persp, Code: o.code, Name: o.name, Description: o.description, Supports: sup})
		if err != nil {
			return fmt.Errorf("objective %s: %w", o.code, err)
		}
		objIDs[o.code] = saved.ID
	}
	clk.at(time.January, 5, 9)
	pk, err := svc.OpenPlan(ctx, head, year, off.KanwilHead)
	if err != nil {
		return err
	}
	off.KanwilPK = pk.ID
	off.KanwilLines = map[string]int64{}
	for _, k := range kanwilIKUs() {
		in := k.line(objIDs[k.objective])
		if k.from != "" {
			in.Manual.ByLocation, in.Manual.LocationConsolidation = true, k.loc
		}
		l, err := svc.SaveLine(ctx, head, pk.ID, 0, -1, in)
		if err != nil {
			return fmt.Errorf("line %s of the Kanwil: %w", k.code, err)
		}
		if k.from != "" {
			off.KanwilLines[k.from] = l.LineID
		}
	}
	clk.at(time.January, 6, 14)
	if _, err := svc.SubmitPlan(ctx, head, pk.ID, -1); err != nil {
		return fmt.Errorf("submit Kanwil PK: %w", err)
	}
	clk.at(time.January, 7, 10)
	if _, err := svc.ApprovePlan(ctx, pengelola, pk.ID, -1); err != nil {
		return fmt.Errorf("approve Kanwil PK: %w", err)
	}
	return nil
}

// seedKanwilQuarters reports the Kanwil's closed quarters once the KPPNs
// have verified theirs: its own IKUs typed by the head, the others taken
// from the KPPNs; its pengelola kinerja validates, verifies and closes, so
// the Kanwil has an official NKO.
func seedKanwilQuarters(ctx context.Context, svc *service.Service, clk *clock, off *Office) error {
	cal := calendarOf(off.Year, clk.cap)
	head, err := actorOf(ctx, svc, off.KanwilHead)
	if err != nil {
		return err
	}
	pengelola, err := actorOf(ctx, svc, off.KanwilPengelola)
	if err != nil {
		return err
	}
	for q := 1; q <= cal.closed; q++ {
		clk.at(time.Month(3*q+1), 12, 9)
		sheet, err := svc.GetSheet(ctx, head, off.KanwilPK, q)
		if err != nil {
			return err
		}
		var in []service.RealisationInput
		for _, l := range sheet.Lines {
			if v, ok := kanwilOwnValues[l.Indicator.Code]; ok && l.HasTarget {
				in = append(in, service.RealisationInput{LineID: l.Indicator.LineID, Value: opt(v[q-1]),
					Note: "Sesuai rekapitulasi Bagian Umum dan Bidang PAPK."})
			}
		}
		saved, err := svc.SaveRealisations(ctx, head, off.KanwilPK, q, -1, in)
		if err != nil {
			return fmt.Errorf("the Kanwil's Q%d: %w", q, err)
		}
		if len(saved.Missing) > 0 {
			return nil // a KPPN has not verified its figures yet: the quarter waits
		}
		if _, err := svc.SubmitSheet(ctx, head, off.KanwilPK, q, -1); err != nil {
			return fmt.Errorf("submit Kanwil Q%d: %w", q, err)
		}
		clk.at(time.Month(3*q+1), 13, 10)
		if _, err := svc.ValidateSheet(ctx, pengelola, off.KanwilPK, q, -1); err != nil {
			return fmt.Errorf("validate Kanwil Q%d: %w", q, err)
		}
		var checks []service.Check
		for _, l := range sheet.Lines {
			checks = append(checks, service.Check{LineID: l.Indicator.LineID, OK: true})
		}
		if _, err := svc.VerifySheet(ctx, pengelola, off.KanwilPK, q, -1, checks); err != nil {
			return fmt.Errorf("verify Kanwil Q%d: %w", q, err)
		}
		clk.at(time.Month(3*q+1), 14, 9)
		if _, err := svc.CloseQuarter(ctx, pengelola, off.Year, q, off.KanwilID); err != nil {
			return fmt.Errorf("close Kanwil Q%d: %w", q, err)
		}
	}
	return nil
}

// upperOf is what Generate needs to place offices under the Kanwil: its
// head approves their PKs, and their IKUs cascade from its lines.
func upperOf(ctx context.Context, svc *service.Service, off *Office) (*UpperOffice, error) {
	c, err := svc.Chart(ctx)
	if err != nil {
		return nil, err
	}
	head, err := actorOf(ctx, svc, off.KanwilHead)
	if err != nil {
		return nil, err
	}
	e := c.Employees[off.KanwilHead]
	return &UpperOffice{HeadUser: head.User.ID, HeadName: e.Name, HeadNIP: e.NIP, HeadPosition: "Kepala Kantor Wilayah DJPb Provinsi Jawa Barat",
		Lines: off.KanwilLines}, nil
}

// cascadeFromKanwil makes a KPPN IKU line a partial cascade of its Kanwil line.
func cascadeFromKanwil(in *service.LineInput, lines map[string]int64) {
	if id, ok := lines[in.Code]; ok {
		in.ParentLineID, in.CascadeMethod = id, domain.MethodPartial
	}
}
