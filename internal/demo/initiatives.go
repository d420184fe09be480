package demo

import (
	"bytes"
	"context"
	"fmt"
	"time"

	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/i18n"
	"github.com/kinerja/kinerja/internal/report/pdf"
	"github.com/kinerja/kinerja/internal/service"
)

// initiativeSpec is a strategic initiative of the demo office with its
// progress by quarter.
type initiativeSpec struct {
	code, name, description string
	objective, iku          string // the objective's code, or the IKU's
	owner                   func(*Office) int64
	milestones              []milestoneSpec
	progress                []progressSpec
}

type milestoneSpec struct {
	name          string
	due, done     [2]int // month, day; done {0, 0}: not yet
	doneByQuarter int    // the milestone is marked done once this quarter's progress is in
}

type progressSpec struct {
	percent   float64
	note      string
	link, doc string // a link, and a PDF minutes of that title
}

var demoInitiatives = []initiativeSpec{
	{code: "IS-1", name: "Digitalisasi arsip SP2D dan daftar penguji",
		description: "Arsip fisik SP2D, daftar penguji, dan bukti transfer tahun 2024–2025 dipindai, diindeks menurut nomor SP2D, " +
			"dan dapat dicari dari aplikasi arsip kantor, sehingga konfirmasi dan penelusuran retur tidak lagi menunggu pencarian di gudang arsip.",
		objective: "SS-3", owner: func(o *Office) int64 { return o.SectionLed["BANK"] },
		milestones: []milestoneSpec{
			{name: "Inventarisasi arsip SP2D 2024–2025 per satker", due: [2]int{2, 28}, done: [2]int{2, 26}, doneByQuarter: 1},
			{name: "Pemindaian dan pengindeksan arsip semester I", due: [2]int{6, 30}, done: [2]int{7, 3}, doneByQuarter: 2},
			{name: "Aplikasi pencarian arsip berbasis nomor SP2D", due: [2]int{8, 15}},
			{name: "Serah terima arsip digital dan pemusnahan arsip fisik sesuai JRA", due: [2]int{11, 30}},
		},
		progress: []progressSpec{
			{25, "Inventarisasi selesai: 18.640 lembar SP2D dari 112 satker tercatat dalam daftar arsip; pemindai dipinjam dari Kanwil.",
				"https://arsip.kppn-sukamaju.example.go.id/inventaris-2026", "Berita acara inventarisasi arsip SP2D"},
			{55, "Semester I terpindai (9.870 lembar) dan terindeks; pengindeksan mundur tiga hari karena pemindai diservis. " +
				"Aplikasi pencarian masuk tahap uji coba.", "", "Laporan kemajuan pemindaian arsip semester I"},
		}},
	{code: "IS-2", name: "Klinik konsultasi pelaksanaan anggaran satker (Klinik Sukamaju Prima)",
		description: "Klinik bulanan bagi operator dan PPK satker dengan nilai IKPA terendah: pendampingan revisi DIPA, " +
			"penyelesaian tagihan kontraktual, dan pengisian data kontrak di SAKTI, untuk menaikkan nilai IKPA satker mitra.",
		iku: "1a-N", owner: func(o *Office) int64 { return o.SectionLed["MSKI"] },
		milestones: []milestoneSpec{
			{name: "Pemetaan 20 satker dengan nilai IKPA terendah", due: [2]int{1, 31}, done: [2]int{1, 29}, doneByQuarter: 1},
			{name: "Klinik angkatan I (10 satker)", due: [2]int{4, 30}, done: [2]int{4, 24}, doneByQuarter: 2},
			{name: "Klinik angkatan II (10 satker)", due: [2]int{7, 31}},
			{name: "Evaluasi kenaikan nilai IKPA peserta klinik", due: [2]int{12, 15}},
		},
		progress: []progressSpec{
			{20, "Pemetaan selesai; undangan klinik angkatan I terkirim ke 10 satker. Materi disusun bersama Seksi Pencairan Dana.",
				"", "Daftar satker peserta klinik dan materi"},
			{50, "Klinik angkatan I diikuti 10 satker (27 peserta); rata-rata IKPA peserta naik dari 84,1 menjadi 88,6. " +
				"Angkatan II dijadwalkan Juli.", "https://kppn-sukamaju.example.go.id/klinik-angkatan-1", "Notula klinik angkatan I"},
		}},
}

// seedInitiatives adds the office's strategic initiatives: drawn up by the
// head in January, their progress reported by their owners at the start of
// each quarter that has ended by the demo's today, with a document each.
func seedInitiatives(ctx context.Context, svc *service.Service, clk *clock, off *Office) error {
	head, err := actorOf(ctx, svc, off.Head)
	if err != nil {
		return err
	}
	clk.set(time.Date(off.Year, time.January, 20, 9, 0, 0, 0, clk.loc))
	v, err := svc.Initiatives(ctx, head, off.Year, off.OfficeID)
	if err != nil {
		return err
	}
	cal := calendarOf(off.Year, clk.cap)
	reported := max(cal.closed, cal.progress)
	for _, spec := range demoInitiatives {
		in := service.InitiativeInput{Code: spec.code, Name: spec.name, Description: spec.description, OwnerID: spec.owner(off)}
		for _, o := range v.Objectives {
			if o.Code == spec.objective {
				in.ObjectiveID = o.ID
			}
		}
		for _, k := range v.IKUs {
			if spec.iku != "" && k.Code == spec.iku {
				in.LineID = k.LineID
			}
		}
		for _, m := range spec.milestones {
			in.Milestones = append(in.Milestones, service.MilestoneInput{Name: m.name, Due: time.Date(off.Year, time.Month(m.due[0]), m.due[1], 0, 0, 0, 0, time.UTC)})
		}
		clk.set(time.Date(off.Year, time.January, 20, 9, 0, 0, 0, clk.loc))
		x, err := svc.SaveInitiative(ctx, head, off.Year, off.OfficeID, 0, -1, in)
		if err != nil {
			return fmt.Errorf("%s: %w", spec.code, err)
		}
		owner, err := actorOf(ctx, svc, in.OwnerID)
		if err != nil {
			return err
		}
		for q := 1; q <= min(reported, len(spec.progress)); q++ {
			if x, err = reportInitiative(ctx, svc, clk, off, head, owner, spec, in, x, q); err != nil {
				return fmt.Errorf("%s TW%d: %w", spec.code, q, err)
			}
		}
	}
	return nil
}

// reportInitiative marks the milestones reached in quarter q (as the head)
// and reports the quarter's progress (as the owner), a few days after it ends.
func reportInitiative(ctx context.Context, svc *service.Service, clk *clock, off *Office, head, owner authz.Actor, spec initiativeSpec,
	in service.InitiativeInput, x domain.Initiative, q int) (domain.Initiative, error) {
	end := domain.QuarterEnd(off.Year, q)
	changed := false
	for i, m := range spec.milestones {
		// A milestone reached after the demo's today stays open.
		if done := time.Date(off.Year, time.Month(m.done[0]), m.done[1], 0, 0, 0, 0, time.UTC); m.doneByQuarter == q && !done.After(domain.Day(clk.cap)) {
			in.Milestones[i].Done = done
			changed = true
		}
	}
	if changed {
		clk.set(time.Date(off.Year, end.Month(), end.Day(), 15, 0, 0, 0, clk.loc).AddDate(0, 0, 4))
		var err error
		if x, err = svc.SaveInitiative(ctx, head, off.Year, off.OfficeID, x.ID, x.Revision, in); err != nil {
			return x, err
		}
	}
	p := spec.progress[q-1]
	body, err := initiativeDoc(spec, p.doc, q, off.Year)
	if err != nil {
		return x, err
	}
	docs := []service.EvidenceInput{{Filename: p.doc + ".pdf", Reader: bytes.NewReader(body)}}
	if p.link != "" {
		docs = append(docs, service.EvidenceInput{URL: p.link})
	}
	clk.set(time.Date(off.Year, end.Month(), end.Day(), 10, 0, 0, 0, clk.loc).AddDate(0, 0, 5))
	return svc.ReportProgress(ctx, owner, off.Year, off.OfficeID, x.ID, x.Revision, service.ProgressInput{Quarter: q, Percent: p.percent, Note: p.note, Evidence: docs})
}

// initiativeDoc is a short PDF: the minutes reporting a quarter's progress.
func initiativeDoc(spec initiativeSpec, title string, q, year int) ([]byte, error) {
	end := domain.QuarterEnd(year, q)
	d := pdf.New(pdf.Options{Title: title, Author: "KPPN Sukamaju", Created: end.AddDate(0, 0, 4)})
	d.Letterhead(pdf.Letterhead{Lines: []string{"KEMENTERIAN KEUANGAN REPUBLIK INDONESIA", "DIREKTORAT JENDERAL PERBENDAHARAAN",
		"KANTOR PELAYANAN PERBENDAHARAAN NEGARA SUKAMAJU"}, Address: []string{"Jalan Merdeka Nomor 45, Sukamaju 43111; Telepon (0263) 512345"}})
	d.Title(title)
	d.Subtitle(fmt.Sprintf("%s %s — Triwulan %s Tahun %d", spec.code, spec.name, []string{"I", "II", "III", "IV"}[q-1], year))
	d.Paragraph(spec.progress[q-1].note)
	d.Signatures(pdf.Signature{Place: "Sukamaju", Date: i18n.FormatDate("id", end.AddDate(0, 0, 4)), Role: "Penanggung jawab inisiatif", Name: "(tertanda)"})
	return d.Bytes()
}
