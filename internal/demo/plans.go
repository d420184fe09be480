package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/calc"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/service"
)

// clock moves the demo through the year: every change it makes carries a
// plausible date (the PK signed in January, an amendment in July…), never
// later than an hour ago.
type clock struct {
	year int
	now  time.Time
	cap  time.Time
	loc  *time.Location
}

func (c *clock) Now() time.Time { return c.now }

// set moves the clock to t, but never past the demo's today.
func (c *clock) set(t time.Time) {
	if t.After(c.cap) {
		t = c.cap
	}
	c.now = t
}

// calendar says where each quarter of the demo year stands on the demo's
// today: closed (its reporting deadline, ten days after its end, has
// passed), the quarter in progress with people at every step of the
// workflow (the one being reported, or else the current one), and the
// current quarter, where the first values are being typed.
type calendar struct {
	closed   int // quarters 1..closed are verified and closed
	progress int // the quarter spread over the workflow (0: none)
	current  int // the quarter today falls in (0: today is outside the demo year)
}

func calendarOf(year int, today time.Time) calendar {
	var c calendar
	for q := 1; q <= 4; q++ {
		end := domain.QuarterEnd(year, q)
		start := domain.QuarterEnd(year, q-1).AddDate(0, 0, 1)
		switch day := domain.Day(today); {
		case day.After(end.AddDate(0, 0, 10)):
			c.closed = q
		case day.After(end):
			c.progress = q
		case !day.Before(start):
			c.current = q
		}
	}
	if c.progress == 0 {
		c.progress = c.current
	}
	return c
}

// at sets the clock to a day and time of the demo year.
func (c *clock) at(month time.Month, day, hour int) {
	t := time.Date(c.year, month, day, hour, 0, 0, 0, c.loc)
	if t.After(c.cap) {
		t = c.cap
	}
	c.now = t
}

type objectiveSpec struct {
	persp       domain.PerspectiveKind
	code, name  string
	description string
	supports    []string
}

var demoObjectives = []objectiveSpec{
	{domain.PerspStakeholder, "SS-1", "Pelaksanaan anggaran satuan kerja mitra yang berkualitas",
		"Kualitas perencanaan dan pelaksanaan anggaran satker di wilayah pembayaran KPPN meningkat, tercermin pada nilai IKPA dan penyerapan yang proporsional.", nil},
	{domain.PerspCustomer, "SS-2", "Layanan perbendaharaan yang prima bagi satuan kerja",
		"Satuan kerja mitra menerima layanan pencairan dana, konsultasi, dan pembinaan yang cepat, pasti, dan ramah.", []string{"SS-1"}},
	{domain.PerspInternal, "SS-3", "Penyaluran dana APBN yang tepat waktu dan akurat",
		"SPM diproses menjadi SP2D sesuai standar waktu layanan dan dana tersalurkan ke rekening penerima tanpa kesalahan.", []string{"SS-2"}},
	{domain.PerspInternal, "SS-4", "Akuntansi dan pelaporan keuangan yang andal",
		"Data transaksi bank dan laporan keuangan tingkat kuasa BUN daerah akurat, lengkap, dan tepat waktu.", []string{"SS-2", "SS-1"}},
	{domain.PerspInternal, "SS-5", "Pembinaan satker dan kepatuhan internal yang efektif",
		"Satker mitra mendapat asistensi yang terarah dan rekomendasi kepatuhan internal ditindaklanjuti.", []string{"SS-1"}},
	{domain.PerspLearning, "SS-6", "SDM yang kompeten dan berintegritas",
		"Pegawai memiliki kompetensi teknis dan perilaku sesuai standar jabatan.", []string{"SS-3", "SS-4", "SS-5"}},
	{domain.PerspLearning, "SS-7", "Organisasi dan teknologi informasi yang andal",
		"Sarana kerja dan layanan TIK kantor tersedia tanpa gangguan berarti.", []string{"SS-3", "SS-4"}},
}

type ikuSpec struct {
	objective, code, name, section string
	unit, polarity, cons           string
	targets                        [4]float64 // NaN: no target that quarter
	maxTarget                      bool
	worst                          float64
	scale                          []domain.ScalePoint
	validity, control, history     string
	prevT, prevR                   float64
	aspect                         string
	description, formula, source   string
	evidence                       []domain.EvidenceItem
	weight                         float64
}

var nan = calcNaN()

func ev(raw, sup, ver string) []domain.EvidenceItem {
	return []domain.EvidenceItem{{Kind: "raw_data", Name: raw}, {Kind: "supporting", Name: sup}, {Kind: "verification", Name: ver}}
}

var demoIKUs = []ikuSpec{
	{"SS-1", "1a-N", "Nilai Indikator Kinerja Pelaksanaan Anggaran (IKPA) satker mitra", "MSKI", "nilai", "maximize", "last",
		[4]float64{90, 91, 92, 93}, false, 0, nil, "exact", "moderate", "existing", 92, 91.2, "kualitas",
		"Rata-rata nilai IKPA seluruh satker pada wilayah pembayaran KPPN, dihitung oleh aplikasi OM-SPAN.",
		"Rata-rata tertimbang nilai IKPA satker mitra pada akhir periode", "OM-SPAN, menu Monitoring IKPA",
		ev("Unduhan nilai IKPA per satker (xlsx)", "Laporan monitoring IKPA triwulanan", "Berita acara verifikasi data IKPA"), 2},
	{"SS-1", "1b-N", "Persentase penyerapan anggaran satker mitra", "VERA", "%", "maximize", "last",
		[4]float64{20, 45, 70, 95}, false, 0, nil, "proxy", "moderate", "existing", 93, 94.1, "kuantitas",
		"Perbandingan realisasi belanja dengan pagu DIPA seluruh satker mitra sampai dengan akhir periode.",
		"Realisasi belanja s.d. periode ÷ pagu DIPA × 100%", "SAKTI dan OM-SPAN",
		ev("Data realisasi belanja per satker (xlsx)", "Laporan realisasi anggaran wilayah KPPN", "Hasil rekonsiliasi realisasi dengan SAKTI"), 1},
	{"SS-2", "2a-N", "Indeks kepuasan pengguna layanan KPPN", "UMUM", "indeks", "maximize", "average",
		[4]float64{nan, 4.5, nan, 4.6}, false, 0, nil, "exact", "low", "existing", 4.5, 4.52, "kualitas",
		"Hasil survei kepuasan satker atas layanan KPPN (skala 1–5), dilaksanakan tiap semester.",
		"Rata-rata skor seluruh responden survei", "Hasil survei kepuasan layanan",
		ev("Rekap jawaban responden survei (xlsx)", "Laporan hasil survei kepuasan", "Surat pengesahan hasil survei oleh Kepala Kantor"), 1},
	{"SS-2", "2b-N", "Jumlah keluhan layanan yang tidak terselesaikan dalam 3 hari kerja", "PD", "jumlah", "minimize", "sum",
		[4]float64{0, 0, 0, 0}, false, 4, nil, "proxy", "high", "existing", 0, 1, "waktu",
		"Keluhan satker yang diterima melalui layanan pengaduan dan belum diselesaikan dalam tiga hari kerja.",
		"Jumlah keluhan yang penyelesaiannya melebihi 3 hari kerja", "Register pengaduan layanan",
		ev("Register pengaduan layanan (xlsx)", "Tindak lanjut setiap pengaduan", "Berita acara pemeriksaan register"), 1},
	{"SS-3", "3a-CP", "Persentase SP2D yang diterbitkan sesuai standar waktu layanan", "PD", "%", "maximize", "average",
		[4]float64{100, 100, 100, 100}, true, 0, nil, "exact", "moderate", "mandatory", 100, 99.97, "waktu",
		"SP2D diterbitkan paling lama satu jam sejak SPM diterima lengkap dan benar.",
		"Jumlah SP2D tepat waktu ÷ jumlah SP2D diterbitkan × 100%", "Aplikasi SPAN, log penerbitan SP2D",
		ev("Daftar SP2D dan waktu proses dari SPAN (xlsx)", "Laporan monitoring SLA pencairan dana", "Berita acara uji petik waktu layanan"), 2},
	{"SS-3", "3b-N", "Rata-rata waktu penyelesaian SPM menjadi SP2D", "PD", "menit", "minimize", "average",
		[4]float64{45, 45, 40, 40}, false, 0, nil, "proxy", "high", "existing", 50, 46, "waktu",
		"Waktu rata-rata sejak SPM diterima sampai SP2D terbit.",
		"Σ waktu proses seluruh SPM ÷ jumlah SPM", "Aplikasi SPAN",
		ev("Log waktu proses SPM (xlsx)", "Laporan analisis waktu layanan", "Berita acara verifikasi log"), 1},
	{"SS-3", "3c-N", "Persentase retur SP2D yang diselesaikan", "BANK", "%", "maximize", "last",
		[4]float64{90, 92, 95, 97}, false, 0, nil, "exact", "moderate", "existing", 95, 96.4, "kuantitas",
		"Retur SP2D (dana gagal masuk rekening penerima) yang telah disalurkan kembali.",
		"Jumlah retur selesai ÷ jumlah retur × 100%", "Aplikasi SPAN modul retur",
		ev("Daftar retur SP2D dan penyelesaiannya (xlsx)", "Surat pemberitahuan kepada satker", "Berita acara rekonsiliasi retur"), 1},
	{"SS-4", "4a-CP", "Tingkat akurasi rekonsiliasi data transaksi bank", "BANK", "%", "maximize", "average",
		[4]float64{99.8, 99.8, 99.8, 99.8}, false, 0, nil, "exact", "moderate", "existing", 99.8, 99.9, "kualitas",
		"Kesesuaian data transaksi penerimaan dan pengeluaran antara bank persepsi/operasional dan SPAN.",
		"Transaksi cocok ÷ seluruh transaksi × 100%", "SPAN dan rekening koran bank",
		ev("Hasil pencocokan transaksi harian (xlsx)", "Laporan rekonsiliasi bulanan", "Berita acara rekonsiliasi dengan bank"), 1},
	{"SS-4", "4b-N", "Jumlah laporan keuangan tingkat kuasa BUN daerah yang disampaikan tepat waktu", "VERA", "laporan", "maximize", "sum",
		[4]float64{3, 3, 3, 3}, false, 0, nil, "activity", "moderate", "existing", 12, 12, "waktu",
		"Laporan keuangan bulanan UAKBUN-Daerah disampaikan ke kanwil paling lambat tanggal 10 bulan berikutnya.",
		"Jumlah laporan bulanan yang disampaikan tepat waktu", "Surat pengantar laporan dan tanda terima kanwil",
		ev("Daftar laporan dan tanggal kirim (xlsx)", "Surat pengantar laporan", "Tanda terima kanwil"), 1},
	{"SS-5", "5a-N", "Persentase satker yang mendapat asistensi pelaksanaan anggaran", "MSKI", "%", "maximize", "last",
		[4]float64{25, 50, 75, 100}, false, 0, nil, "activity", "high", "existing", 100, 100, "kuantitas",
		"Satker mitra yang telah mengikuti asistensi/klinik pelaksanaan anggaran pada tahun berjalan.",
		"Satker yang diasistensi ÷ seluruh satker mitra × 100%", "Daftar hadir dan notula asistensi",
		ev("Daftar satker yang diasistensi (xlsx)", "Notula dan daftar hadir asistensi", "Berita acara verifikasi daftar satker"), 1},
	{"SS-5", "5b-N", "Persentase rekomendasi kepatuhan internal yang ditindaklanjuti", "MSKI", "%", "maximize", "last",
		[4]float64{70, 80, 90, 100}, false, 0, nil, "exact", "moderate", "existing", 100, 92, "kuantitas",
		"Rekomendasi hasil pemantauan pengendalian intern yang telah ditindaklanjuti unit terkait.",
		"Rekomendasi ditindaklanjuti ÷ seluruh rekomendasi × 100%", "Register rekomendasi kepatuhan internal",
		ev("Register rekomendasi dan status tindak lanjut (xlsx)", "Bukti tindak lanjut per rekomendasi", "Berita acara reviu kepatuhan internal"), 1},
	{"SS-5", "5c-N", "Rasio realisasi terhadap rencana penarikan dana satker", "MSKI", "%", "stabilize", "last",
		[4]float64{100, 100, 100, 100}, false, 0, []domain.ScalePoint{{Ca: 0, Achievement: 0}, {Ca: 90, Achievement: 100}, {Ca: 100, Achievement: 120}},
		"proxy", "low", "new_with_history", nan, 88, "kualitas",
		"Kesesuaian realisasi pencairan dana satker dengan rencana penarikan dana (RPD) halaman III DIPA; menyimpang ke atas maupun ke bawah sama-sama kurang baik.",
		"Realisasi pencairan ÷ rencana penarikan dana × 100%", "OM-SPAN, modul RPD",
		ev("Data RPD dan realisasi per satker (xlsx)", "Laporan analisis deviasi RPD", "Berita acara verifikasi data RPD"), 1},
	{"SS-6", "6a-N", "Persentase pegawai yang memenuhi 20 jam pelajaran pengembangan kompetensi", "UMUM", "%", "maximize", "last",
		[4]float64{25, 50, 75, 100}, false, 0, nil, "activity", "moderate", "mandatory", 100, 100, "kuantitas",
		"Pegawai yang telah mengikuti pengembangan kompetensi minimal 20 jam pelajaran dalam setahun.",
		"Pegawai memenuhi 20 JP ÷ seluruh pegawai × 100%", "Aplikasi e-learning dan sertifikat pelatihan",
		ev("Rekap jam pelajaran per pegawai (xlsx)", "Sertifikat dan laporan pelatihan", "Berita acara verifikasi rekap JP"), 1},
	{"SS-7", "7a-N", "Tingkat ketersediaan layanan TIK kantor", "UMUM", "%", "maximize", "average",
		[4]float64{99, 99, 99, 99}, false, 0, nil, "proxy", "high", "existing", 99.5, 99.6, "kualitas",
		"Persentase waktu jaringan dan aplikasi layanan KPPN dapat diakses pada jam layanan.",
		"Jam tersedia ÷ jam layanan × 100%", "Log pemantauan jaringan",
		ev("Log ketersediaan layanan (xlsx)", "Laporan gangguan dan penanganannya", "Berita acara pemeriksaan log"), 1},
}

// own (non-cascading) IKIs of section heads whose IKUs are too few.
var ownIKIs = map[string]ikuSpec{
	"BANK": {"", "B-01", "Persentase penerimaan negara yang dibukukan pada hari yang sama", "BANK", "%", "maximize", "average",
		[4]float64{98, 98, 99, 99}, false, 0, nil, "exact", "moderate", "existing", 98, 98.6, "waktu",
		"Setoran penerimaan negara melalui bank persepsi yang dibukukan pada hari setoran.",
		"Setoran dibukukan hari yang sama ÷ seluruh setoran × 100%", "SPAN modul penerimaan",
		ev("Data setoran dan tanggal pembukuan (xlsx)", "Laporan harian penerimaan", "Berita acara rekonsiliasi penerimaan"), 0},
	"VERA": {"", "V-01", "Persentase laporan rekonsiliasi satker yang diselesaikan tepat waktu", "VERA", "%", "maximize", "average",
		[4]float64{95, 95, 97, 97}, false, 0, nil, "exact", "moderate", "existing", 95, 96, "waktu",
		"Berita acara rekonsiliasi satker (UAKPA) yang diterbitkan paling lambat tanggal 15 bulan berikutnya.",
		"BAR tepat waktu ÷ seluruh BAR × 100%", "Aplikasi e-Rekon",
		ev("Daftar BAR dan tanggal terbit (xlsx)", "Laporan monitoring rekonsiliasi", "Berita acara verifikasi daftar BAR"), 0},
}

func calcNaN() float64 {
	var z float64
	return z / z
}

func opt(x float64) calc.Opt {
	if x != x {
		return calc.Opt{}
	}
	return calc.Some(x)
}

func (s ikuSpec) line(objectiveID int64) service.LineInput {
	in := service.LineInput{Code: s.code, Name: s.name, ObjectiveID: objectiveID, CascadeType: domain.CascadePeta}
	for q, t := range s.targets {
		in.Targets[q] = opt(t)
	}
	if s.weight > 0 {
		in.Weight = calc.Some(s.weight)
	}
	in.Manual = domain.Manual{Description: s.description, Purpose: "Mengukur keberhasilan " + lower(s.name) + ".", Formula: s.formula,
		Unit: s.unit, TargetAspect: s.aspect, Validity: s.validity, Control: s.control, Responsible: sectionNames[s.section],
		DataProvider: sectionNames[s.section], DataSource: s.source, PeriodConsolidation: s.cons, Polarity: s.polarity,
		ReportingPeriod: "quarterly", LocationConsolidation: s.cons, MaxTarget: s.maxTarget, Scale: s.scale, HistoryKind: s.history,
		PrevTarget: opt(s.prevT), PrevRealisation: opt(s.prevR), Evidence: s.evidence}
	if s.polarity == "minimize" && s.worst > 0 {
		in.Manual.Worst = calc.Some(s.worst)
	}
	return in
}

func lower(s string) string {
	if s == "" {
		return s
	}
	b := []rune(s)
	if b[0] >= 'A' && b[0] <= 'Z' {
		b[0] += 'a' - 'A'
	}
	return string(b)
}

var sectionNames = map[string]string{
	"UMUM": "Subbagian Umum", "PD": "Seksi Pencairan Dana", "BANK": "Seksi Bank",
	"VERA": "Seksi Verifikasi dan Akuntansi", "MSKI": "Seksi Manajemen Satker dan Kepatuhan Internal",
}

// actorOf builds the actor of a demo employee's account.
func actorOf(ctx context.Context, svc *service.Service, employeeID int64) (authz.Actor, error) {
	return svc.ActorOfEmployee(ctx, employeeID, "10.20.30.40")
}

// seedPlans draws up the year: the strategy map, the head's PK (signed in
// January, amended in July), and SKPs for the staff cascaded from it — with
// one SKP returned and one employee still without a plan, so the gaps show.
func seedPlans(ctx context.Context, svc *service.Service, clk *clock, off *Office) error {
	head, err := actorOf(ctx, svc, off.Head)
	if err != nil {
		return err
	}
	pengelola, err := actorOf(ctx, svc, off.Pengelola)
	if err != nil {
		return err
	}
	year := off.Year

	clk.at(time.January, 6, 9)
	objIDs := map[string]int64{}
	for _, o := range demoObjectives {
		var sup []int64
		for _, code := range o.supports {
			sup = append(sup, objIDs[code])
		}
		saved, err := svc.SaveObjective(ctx, head, year, off.OfficeID, 0, service.ObjectiveInput{PerspectiveKind: o.persp, Code: o.code, Name: o.name, Description: o.description, Supports: sup})
		if err != nil {
			return fmt.Errorf("objective %s: %w", o.code, err)
		}
		objIDs[o.code] = saved.ID
	}

	clk.at(time.January, 8, 10)
	pk, err := svc.OpenPlan(ctx, head, year, off.Head)
	if err != nil {
		return err
	}
	ikuLine := map[string]int64{}
	for _, s := range demoIKUs {
		in := s.line(objIDs[s.objective])
		cascadeFromKanwil(&in, off.KanwilLines)
		l, err := svc.SaveLine(ctx, head, pk.ID, 0, -1, in)
		if err != nil {
			return fmt.Errorf("IKU %s: %w", s.code, err)
		}
		ikuLine[s.code] = l.LineID
	}
	clk.at(time.January, 12, 14)
	if _, err := svc.SubmitPlan(ctx, head, pk.ID, -1); err != nil {
		return fmt.Errorf("submit PK: %w", err)
	}
	// The Kepala Kanwil, second party of the agreement, approves it.
	kanwilHead, err := actorOf(ctx, svc, off.KanwilHead)
	if err != nil {
		return err
	}
	clk.at(time.January, 15, 10)
	if _, err := svc.ApprovePlan(ctx, kanwilHead, pk.ID, -1); err != nil {
		return fmt.Errorf("approve PK: %w", err)
	}
	// The pengelola kinerja questions the quality of one IKU.
	clk.at(time.January, 16, 9)
	if _, err := svc.AddLineComment(ctx, pengelola, ikuLine["4b-N"], "K3 indikator ini di bawah 1 (validitas activity). Mohon dipertimbangkan indikator outcome, misalnya ketepatan waktu penyampaian laporan dalam persen, pada adendum berikutnya."); err != nil {
		return err
	}
	clk.at(time.January, 16, 15)
	if _, err := svc.AddLineComment(ctx, head, ikuLine["4b-N"], "Setuju, akan kami reviu bersama Seksi Verifikasi dan Akuntansi untuk PK tahun depan."); err != nil {
		return err
	}

	// The head cascades each IKU to the section responsible (full).
	clk.at(time.January, 16, 10)
	for _, s := range demoIKUs {
		lead := off.SectionLed[s.section]
		if _, err := svc.Cascade(ctx, head, pk.ID, ikuLine[s.code], domain.MethodFull, []service.CascadeTarget{{EmployeeID: lead}}); err != nil {
			return fmt.Errorf("cascade %s: %w", s.code, err)
		}
	}
	leadPlans := map[string]int64{}
	for sec, lead := range off.SectionLed {
		lp, err := svc.OpenPlan(ctx, head, year, lead)
		if err != nil {
			return err
		}
		leadPlans[sec] = lp.ID
		if own, ok := ownIKIs[sec]; ok {
			la, err := actorOf(ctx, svc, lead)
			if err != nil {
				return err
			}
			in := own.line(0)
			in.CascadeType = domain.CascadeNone
			if _, err := svc.SaveLine(ctx, la, lp.ID, 0, -1, in); err != nil {
				return fmt.Errorf("own IKI %s: %w", own.code, err)
			}
		}
	}
	for _, sec := range sectionOrder {
		la, err := actorOf(ctx, svc, off.SectionLed[sec])
		if err != nil {
			return err
		}
		clk.at(time.January, 19, 9)
		if sec == "BANK" {
			if err := seedBankSKPDocument(ctx, svc, la, leadPlans[sec]); err != nil {
				return err
			}
		}
		if _, err := svc.SubmitPlan(ctx, la, leadPlans[sec], -1); err != nil {
			return fmt.Errorf("submit SKP %s: %w", sec, err)
		}
		clk.at(time.January, 20, 11)
		if _, err := svc.ApprovePlan(ctx, head, leadPlans[sec], -1); err != nil {
			return fmt.Errorf("approve SKP %s: %w", sec, err)
		}
	}

	// Section heads cascade their IKIs to their staff: full, except
	// indicators added up over people (sum), which are split.
	for _, sec := range sectionOrder {
		lead := off.SectionLed[sec]
		la, err := actorOf(ctx, svc, lead)
		if err != nil {
			return err
		}
		view, err := svc.GetPlan(ctx, la, leadPlans[sec], 0)
		if err != nil {
			return err
		}
		staff := off.Staff[sec]
		if sec == "MSKI" {
			staff = staff[:len(staff)-1] // the newest staff member has no SKP yet: a gap
		}
		clk.at(time.January, 21, 10)
		for _, l := range view.Lines {
			var targets []service.CascadeTarget
			method := domain.MethodFull
			if l.PeriodConsolidation == "sum" && l.Polarity == "maximize" {
				// Split the quarterly count among the first three, one
				// each; the third takes two in Q4, which does not add up.
				method = domain.MethodPartial
				for i, id := range staff[:3] {
					t := [4]calc.Opt{calc.Some(1), calc.Some(1), calc.Some(1), calc.Some(1)}
					if i == 2 {
						t[3] = calc.Some(2)
					}
					targets = append(targets, service.CascadeTarget{EmployeeID: id, Targets: t})
				}
			} else {
				for _, id := range staff {
					targets = append(targets, service.CascadeTarget{EmployeeID: id})
				}
			}
			if _, err := svc.Cascade(ctx, la, leadPlans[sec], l.LineID, method, targets); err != nil {
				return fmt.Errorf("cascade %s to staff: %w", l.Code, err)
			}
		}
		// Staff with fewer than three IKIs get the section's other indicators.
		for _, id := range staff {
			sa, err := actorOf(ctx, svc, id)
			if err != nil {
				return err
			}
			sp, err := svc.OpenPlan(ctx, sa, year, id)
			if err != nil {
				return err
			}
			v, err := svc.GetPlan(ctx, sa, sp.ID, 0)
			if err != nil {
				return err
			}
			for i := len(v.Lines); i < 3; i++ {
				in := staffIKI(sec, i)
				if _, err := svc.SaveLine(ctx, sa, sp.ID, 0, -1, in); err != nil {
					return fmt.Errorf("staff IKI for %d: %w", id, err)
				}
			}
			clk.at(time.January, 26, 9)
			if _, err := svc.SubmitPlan(ctx, sa, sp.ID, -1); err != nil {
				return fmt.Errorf("submit staff SKP %d: %w", id, err)
			}
		}
		for _, id := range staff {
			sp, err := svc.OpenPlan(ctx, la, year, id)
			if err != nil {
				return err
			}
			clk.at(time.January, 28, 10)
			if sec == "PD" && id == off.Staff["PD"][3] {
				if _, err := svc.ReturnPlan(ctx, la, sp.ID, -1, "Target triwulan III dan IV indikator waktu layanan belum mencerminkan beban kerja musim akhir tahun. Mohon disesuaikan dan lengkapi dokumen sumber datanya."); err != nil {
					return err
				}
				continue
			}
			if _, err := svc.ApprovePlan(ctx, la, sp.ID, -1); err != nil {
				return fmt.Errorf("approve staff SKP %d: %w", id, err)
			}
		}
	}

	if err := decideK3s(ctx, svc, clk, off, year); err != nil {
		return err
	}

	// July: the budget revision changes the absorption targets; the PK and
	// the SKP of the section responsible are amended.
	if clk.cap.Before(time.Date(clk.year, time.July, 10, 0, 0, 0, 0, clk.loc)) {
		return nil // the demo's today is before the amendment
	}
	clk.at(time.July, 2, 9)
	if _, err := svc.AmendPlan(ctx, head, pk.ID, "Revisi DIPA satker mitra pada semester II: target penyerapan anggaran triwulan III dan IV disesuaikan."); err != nil {
		return fmt.Errorf("amend PK: %w", err)
	}
	in := findIKU("1b-N").line(objIDs["SS-1"])
	cascadeFromKanwil(&in, off.KanwilLines)
	in.Targets[2], in.Targets[3] = calc.Some(68), calc.Some(96)
	if _, err := svc.SaveLine(ctx, head, pk.ID, ikuLine["1b-N"], -1, in); err != nil {
		return fmt.Errorf("amend PK line: %w", err)
	}
	clk.at(time.July, 3, 10)
	if _, err := svc.SubmitPlan(ctx, head, pk.ID, -1); err != nil {
		return err
	}
	clk.at(time.July, 6, 14)
	if _, err := svc.ApprovePlan(ctx, kanwilHead, pk.ID, -1); err != nil {
		return err
	}
	vera, err := actorOf(ctx, svc, off.SectionLed["VERA"])
	if err != nil {
		return err
	}
	clk.at(time.July, 7, 9)
	if _, err := svc.AmendPlan(ctx, vera, leadPlans["VERA"], "Mengikuti adendum PK: target penyerapan anggaran triwulan III dan IV."); err != nil {
		return err
	}
	view, err := svc.GetPlan(ctx, vera, leadPlans["VERA"], 0)
	if err != nil {
		return err
	}
	for _, l := range view.Lines {
		if l.ParentLineID == ikuLine["1b-N"] {
			li := service.LineInput{Code: l.Code, Name: l.Name, ParentLineID: l.ParentLineID, CascadeType: l.CascadeType, CascadeMethod: l.CascadeMethod, Manual: l.Manual}
			if _, err := svc.SaveLine(ctx, vera, leadPlans["VERA"], l.LineID, -1, li); err != nil {
				return fmt.Errorf("amend VERA line: %w", err)
			}
		}
	}
	clk.at(time.July, 8, 9)
	if _, err := svc.SubmitPlan(ctx, vera, leadPlans["VERA"], -1); err != nil {
		return err
	}
	clk.at(time.July, 9, 10)
	if _, err := svc.ApprovePlan(ctx, head, leadPlans["VERA"], -1); err != nil {
		return err
	}
	return nil
}

var sectionOrder = []string{"UMUM", "PD", "BANK", "VERA", "MSKI"}

func findIKU(code string) ikuSpec {
	for _, s := range demoIKUs {
		if s.code == code {
			return s
		}
	}
	panic("demo: no IKU " + code)
}

// staffIKI is an own indicator of a staff member, by section.
func staffIKI(sec string, i int) service.LineInput {
	specs := map[string]ikuSpec{
		"UMUM": {"", "U-%d", "Persentase permintaan layanan rumah tangga kantor yang diselesaikan", "UMUM", "%", "maximize", "average",
			[4]float64{95, 95, 95, 95}, false, 0, nil, "exact", "moderate", "existing", 95, 96, "kuantitas",
			"Permintaan perbaikan dan pengadaan kebutuhan kantor yang diselesaikan dalam 5 hari kerja.",
			"Permintaan selesai ÷ seluruh permintaan × 100%", "Register layanan rumah tangga",
			ev("Register permintaan layanan (xlsx)", "Bukti penyelesaian", "Berita acara pemeriksaan register"), 0},
		"PD": {"", "P-%d", "Persentase SPM yang diperiksa tanpa kesalahan", "PD", "%", "maximize", "average",
			[4]float64{99, 99, 99, 99}, false, 0, nil, "exact", "moderate", "existing", 99, 99.3, "kualitas",
			"SPM yang diperiksa dan diproses tanpa koreksi setelah SP2D terbit.",
			"SPM tanpa koreksi ÷ SPM diperiksa × 100%", "SPAN",
			ev("Daftar SPM yang diperiksa (xlsx)", "Catatan koreksi", "Berita acara uji petik"), 0},
		"BANK": {"", "K-%d", "Persentase konfirmasi setoran yang diselesaikan dalam 1 hari kerja", "BANK", "%", "maximize", "average",
			[4]float64{97, 97, 98, 98}, false, 0, nil, "exact", "moderate", "existing", 97, 97.5, "waktu",
			"Permintaan konfirmasi setoran penerimaan negara yang diselesaikan dalam satu hari kerja.",
			"Konfirmasi tepat waktu ÷ seluruh konfirmasi × 100%", "Aplikasi MPN",
			ev("Daftar konfirmasi setoran (xlsx)", "Surat konfirmasi", "Berita acara pemeriksaan"), 0},
		"VERA": {"", "A-%d", "Persentase transaksi yang diverifikasi sebelum penyusunan laporan", "VERA", "%", "maximize", "average",
			[4]float64{100, 100, 100, 100}, false, 0, nil, "proxy", "high", "existing", 100, 100, "kualitas",
			"Transaksi keuangan bulanan yang telah diverifikasi sebelum laporan disusun.",
			"Transaksi terverifikasi ÷ seluruh transaksi × 100%", "SAKTI",
			ev("Daftar transaksi terverifikasi (xlsx)", "Kertas kerja verifikasi", "Berita acara verifikasi"), 0},
		"MSKI": {"", "M-%d", "Persentase data kontrak satker yang divalidasi tepat waktu", "MSKI", "%", "maximize", "average",
			[4]float64{95, 95, 95, 95}, false, 0, nil, "exact", "moderate", "existing", 95, 95.4, "waktu",
			"Data kontrak satker yang divalidasi paling lama satu hari kerja sejak diterima.",
			"Kontrak tervalidasi tepat waktu ÷ kontrak diterima × 100%", "Aplikasi SAKTI modul komitmen",
			ev("Daftar kontrak dan waktu validasi (xlsx)", "Laporan validasi", "Berita acara verifikasi"), 0},
	}
	s := specs[sec]
	s.code = fmt.Sprintf(s.code, i+1)
	in := s.line(0)
	in.CascadeType = domain.CascadeNone
	return in
}

// decideK3s: early February the pengelola kinerja reviews the quality of the
// approved indicators, sets their K3 and sends the weakest one back.
func decideK3s(ctx context.Context, svc *service.Service, clk *clock, off *Office, year int) error {
	if clk.cap.Before(time.Date(clk.year, time.February, 4, 0, 0, 0, 0, clk.loc)) {
		return nil
	}
	clk.at(time.February, 3, 10)
	peng, err := actorOf(ctx, svc, off.Pengelola)
	if err != nil {
		return err
	}
	rows, err := svc.K3Review(ctx, peng, year, off.OfficeID)
	if err != nil {
		return err
	}
	sentBack := false
	for _, r := range rows {
		in := service.K3DecisionInput{Decision: domain.K3Accepted, Revision: -1}
		switch {
		case r.Status != domain.PlanApproved || r.K3 == nil:
			continue
		case r.Low && !sentBack:
			note := "K3 di bawah 1: target tidak lebih tinggi dari realisasi tahun lalu. Mohon tinjau kembali target pada amandemen berikutnya."
			if r.K3.QualityWeight < 1 {
				note = "K3 di bawah 1: indikator ini masih mengukur aktivitas. Mohon rumuskan ulang sebagai indikator keluaran atau hasil " +
					"(validitas proxy atau exact) pada amandemen berikutnya."
			}
			in = service.K3DecisionInput{Decision: domain.K3Revise, Revision: -1, Note: note}
			sentBack = true
		}
		if _, err := svc.DecideK3(ctx, peng, year, r.LineID, in); err != nil {
			return fmt.Errorf("K3 decision on %s: %w", r.Code, err)
		}
	}
	return nil
}
