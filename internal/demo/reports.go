package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/kinerja/kinerja/internal/calc"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/i18n"
	"github.com/kinerja/kinerja/internal/service"
)

// iiaa is the analysis an official writes for an indicator below target.
type iiaa struct {
	issue, implication string
	actions            []string
}

// analyses are written for the indicators the demo makes fall short; other
// shortfalls get a general analysis naming the figures.
var analyses = map[string]iiaa{
	"1a-N": {"Nilai IKPA turun karena tiga satker terlambat menyampaikan data kontrak dan revisi halaman III DIPA belum dimutakhirkan, sehingga indikator deviasi RPD dan penyelesaian tagihan menurun.",
		"Capaian sasaran SS-1 tertahan dan NKO berkurang kurang lebih 0,3 poin; bila tidak ditangani, target IKPA akhir tahun 93 berisiko tidak tercapai.",
		[]string{"Klinik pelaksanaan anggaran khusus bagi tiga satker dengan nilai IKPA terendah", "Surat pemberitahuan tertulis kepada KPA satker yang terlambat menyampaikan data kontrak"}},
	"3c-N": {"Retur SP2D meningkat pada akhir triwulan karena banyak rekening penerima yang sudah ditutup; proses konfirmasi ke bank memerlukan waktu lebih lama dari perkiraan.",
		"Dana tertahan di rekening retur sehingga layanan kepada penerima terlambat; sasaran SS-3 dan kepuasan satker (SS-2) ikut terdampak.",
		[]string{"Konfirmasi rekening penerima secara elektronik sebelum SP2D diterbitkan", "Rekonsiliasi mingguan daftar retur dengan bank operasional"}},
	"5b-N": {"Dari 12 rekomendasi pemantauan pengendalian intern, baru 6 yang ditindaklanjuti karena dua rekomendasi memerlukan perubahan prosedur operasional yang belum ditetapkan.",
		"Risiko kepatuhan internal pada layanan pencairan dana belum tertangani sepenuhnya; sasaran SS-5 berada di bawah target.",
		[]string{"Penetapan revisi SOP penerbitan SP2D", "Pemantauan tindak lanjut rekomendasi dalam rapat pimpinan bulanan"}},
	"3b-N": {"Rata-rata waktu penyelesaian SPM naik menjadi sekitar 50 menit karena lonjakan SPM gaji ke-13 dan gangguan jaringan SPAN selama dua hari.",
		"Standar waktu layanan pencairan dana tidak terpenuhi pada sebagian transaksi; kepuasan pengguna layanan berpotensi turun.",
		[]string{"Penjadwalan piket tambahan pada periode puncak pengajuan SPM", "Koordinasi jalur cadangan jaringan dengan Kanwil"}},
}

func analysisFor(code string, a calc.Opt) iiaa {
	if x, ok := analyses[rootCode(code)]; ok {
		return x
	}
	ach := "belum dilaporkan"
	if a.OK {
		ach = i18n.FormatNumber("id", calc.Round2(a.V), 2)
	}
	how := "sedikit di bawah target"
	if a.OK && a.V < 80 {
		how = "jauh di bawah target"
	}
	return iiaa{
		fmt.Sprintf("Capaian %s %s karena beberapa data sumber baru lengkap pada akhir triwulan.", ach, how),
		"Dampak terhadap sasaran strategis kecil dan target tahunan masih dapat dicapai bila langkah perbaikan dilakukan pada triwulan berikutnya.",
		[]string{"Pemantauan data sumber setiap dua minggu"},
	}
}

// seedReports writes the IIAA reports of Q1 and Q2 for every structural
// official, reviewed; the Q1 actions are followed up in Q2 (one done, one
// still running, one overdue), and a Q3 report is in draft.
func seedReports(ctx context.Context, svc *service.Service, clk *clock, off *Office) error {
	sys := service.SystemActor()
	plans, err := svc.ListPlans(ctx, sys, off.Year, off.OfficeID)
	if err != nil {
		return err
	}
	c, err := svc.Chart(ctx)
	if err != nil {
		return err
	}
	pengelola, err := actorOf(ctx, svc, off.Pengelola)
	if err != nil {
		return err
	}
	head, err := actorOf(ctx, svc, off.Head)
	if err != nil {
		return err
	}
	cal := calendarOf(off.Year, clk.cap)
	for q := 1; q <= max(cal.closed, cal.progress); q++ {
		for i, p := range plans {
			if !p.Approved || !p.Position.Kind.Structural() {
				continue
			}
			owner, err := actorOf(ctx, svc, p.Plan.EmployeeID)
			if err != nil {
				return err
			}
			clk.set(domain.QuarterEnd(off.Year, q).AddDate(0, 0, 12).Add(time.Duration(i) * time.Hour))
			view, err := svc.OpenReport(ctx, owner, p.Plan.ID, q)
			if err != nil {
				return fmt.Errorf("report of %s Q%d: %w", owner.Employee.Name, q, err)
			}
			staff := c.Subordinates(p.Plan.EmployeeID)
			for j, row := range view.Rows {
				for k, x := range row.Actions {
					// Follow up what was carried in from last quarter.
					in := service.ActionInput{ID: x.ID, Description: x.Description, OwnerID: x.OwnerID, DueDate: x.DueDate}
					switch {
					case k == 0:
						in.Status, in.StatusNote = domain.ActionDone, "Selesai dilaksanakan; hasilnya terlihat pada capaian triwulan ini."
					case rootCode(row.Line.Code) == "1a-N":
						in.Status, in.StatusNote = domain.ActionInProgress, "Surat sudah disiapkan; menunggu penandatanganan."
					default:
						in.Status, in.StatusNote = domain.ActionInProgress, "Sedang berjalan sesuai jadwal."
						in.DueDate = x.DueDate.AddDate(0, 3, 0)
					}
					if _, err := svc.SaveAction(ctx, owner, p.Plan.ID, q, -1, in); err != nil {
						return fmt.Errorf("follow up action: %w", err)
					}
				}
				if !row.Required {
					continue
				}
				an := analysisFor(row.Line.Code, row.Figures.ToDate.Achievement)
				accountable := p.Plan.EmployeeID
				if len(staff) > 0 {
					accountable = staff[j%len(staff)]
				}
				if _, err := svc.SaveItem(ctx, owner, p.Plan.ID, q, -1, service.ItemInput{LineID: row.Line.LineID, Issue: an.issue,
					Implication: an.implication, AccountableID: accountable, Supporting: "Subbagian Umum (data kepegawaian dan TIK); Kanwil DJPb"}); err != nil {
					return fmt.Errorf("IIAA of %s: %w", row.Line.Code, err)
				}
				for k, text := range an.actions {
					// The second action of the Q2 IKPA analysis falls due inside Q3 and stays open: it becomes overdue.
					due := domain.QuarterEnd(off.Year, q).AddDate(0, 1+k, 0)
					if _, err := svc.SaveAction(ctx, owner, p.Plan.ID, q, -1, service.ActionInput{LineID: row.Line.LineID, Description: text,
						OwnerID: accountable, DueDate: due, Status: domain.ActionOpen}); err != nil {
						return fmt.Errorf("action of %s: %w", row.Line.Code, err)
					}
				}
			}
			if q > cal.closed {
				continue // the quarter in progress: reports are being written
			}
			clk.set(clk.now.Add(24 * time.Hour))
			if _, err := svc.SubmitReport(ctx, owner, p.Plan.ID, q, -1); err != nil {
				return fmt.Errorf("submit report of %s Q%d: %w", owner.Employee.Name, q, err)
			}
			reviewer := head
			if p.Plan.Kind == domain.PlanPK {
				reviewer = pengelola
			}
			clk.set(clk.now.Add(30 * time.Hour))
			if _, err := svc.ReviewReport(ctx, reviewer, p.Plan.ID, q, -1); err != nil {
				return fmt.Errorf("review report of %s Q%d: %w", owner.Employee.Name, q, err)
			}
		}
	}
	return nil
}
