package lckdoc

import (
	"fmt"
	"strings"
	"time"

	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/i18n"
	"github.com/kinerja/kinerja/internal/report/palette"
	"github.com/kinerja/kinerja/internal/report/pdf"
)

// ReportPDF writes one official's LCK: letterhead, identity, the office
// score (head's report), the indicator table, one IIAA section per
// indicator, the evidence index with each file's SHA-256, and the signature
// blocks. Until it is reviewed every page carries a "DRAF" watermark.
func ReportPDF(r Report, opt Options) ([]byte, error) {
	wm := ""
	if !r.Reviewed() {
		wm = "DRAF"
	}
	d := pdf.New(pdf.Options{
		Title:   reportTitle(r),
		Subject: "Laporan Capaian Kinerja (IIAA)",
		Author:  r.Official.Name, Lang: "id",
		FooterText:   fmt.Sprintf("LCK TW %s %d · %s · %s · dicetak %s", Roman(r.Quarter), r.Year, r.Official.Name, reportStatusWord(r.Status), date(r.Created)),
		Created:      r.Created,
		Uncompressed: opt.Uncompressed,
		Watermark:    wm,
	})
	writeReport(d, r, false)
	return d.Bytes()
}

func reportTitle(r Report) string {
	return fmt.Sprintf("LAPORAN CAPAIAN KINERJA TRIWULAN %s TAHUN %d", Roman(r.Quarter), r.Year)
}

func letterhead(o Office) pdf.Letterhead {
	lines := append([]string(nil), o.Letterhead...)
	lines = append(lines, strings.ToUpper(o.Name))
	return pdf.Letterhead{Lines: lines, Address: o.Address}
}

// quarterPeriod names the months of a quarter, e.g. "1 Juli – 30 September 2026".
func quarterPeriod(year, q int) string {
	start := time.Date(year, time.Month(3*q-2), 1, 0, 0, 0, 0, time.UTC)
	end := domain.QuarterEnd(year, q)
	return i18n.FormatDate("id", start) + " – " + i18n.FormatDate("id", end)
}

// section numbers the headings of a report: A, B, C, …
type section struct{ n int }

func (s *section) next(title string) string {
	s.n++
	return string(rune('A'+s.n-1)) + ". " + title
}

// writeReport adds one report; inPackage marks a report bound in the
// office package, whose watermark covers the whole package.
func writeReport(d *pdf.Document, r Report, inPackage bool) {
	d.Letterhead(letterhead(r.Office))
	d.Title(reportTitle(r))
	d.Subtitle(strings.ToUpper(r.Unit))
	if inPackage && !r.Reviewed() {
		d.Text("DRAF — laporan ini belum direviu ("+strings.ToLower(reportStatusWord(r.Status))+").",
			pdf.TextStyle{Bold: true, Align: pdf.AlignCenter, Size: 11, SpaceAfter: 4})
	}
	kind := "Sasaran Kinerja Pegawai (SKP)"
	if r.Kind == domain.PlanPK {
		kind = "Perjanjian Kinerja (PK)"
	}
	figures := "sementara — realisasi triwulan ini berstatus " + sheetStatusWord(r.SheetStatus)
	switch {
	case r.Frozen:
		figures = "dibekukan saat reviu, " + date(r.ReviewedAt)
	case r.SheetStatus.Frozen():
		figures = "resmi — realisasi " + sheetStatusWord(r.SheetStatus)
	}
	d.KeyValues([]pdf.KeyValue{
		{Label: "Unit kerja", Value: r.Unit},
		{Label: "Nama pejabat", Value: r.Official.Name},
		{Label: "NIP", Value: domain.FormatNIP(r.Official.NIP)},
		{Label: "Jabatan", Value: r.Official.Position},
		{Label: "Dasar", Value: kind + " tahun " + fmt.Sprint(r.Year)},
		{Label: "Periode", Value: fmt.Sprintf("Triwulan %s (%s)", Roman(r.Quarter), quarterPeriod(r.Year, r.Quarter))},
		{Label: "Status laporan", Value: reportStatusWord(r.Status)},
		{Label: "Angka capaian", Value: figures},
	})

	var sec section
	if r.NKO != nil {
		d.Heading(sec.next("RINGKASAN NILAI KINERJA ORGANISASI"))
		nkoSummary(d, *r.NKO, r.Quarter, r.Year)
	}

	d.Heading(sec.next("CAPAIAN INDIKATOR KINERJA"))
	if len(r.Lines) == 0 {
		d.Paragraph("Tidak ada indikator yang bertarget pada triwulan ini.")
	} else {
		indicatorTable(d, r)
	}

	d.Heading(sec.next("ANALISIS IIAA (ISSUE, IMPLICATION, ACCOUNTABILITY, ACTION PLAN)"))
	iiaaSections(d, r)

	d.Heading(sec.next("INDEKS BUKTI DUKUNG"))
	evidenceIndex(d, r)

	signatures(d, r)
}

// statusCell shows an achievement in its status colour with the status
// word, so that it reads in black-and-white print too.
func statusCell(f Figures) pdf.Cell {
	text := score(f.Achievement)
	if f.Achievement.OK {
		text += "\n" + statusWord(f.Status)
	} else {
		text = statusWord(f.Status)
	}
	return pdf.Cell{Text: text, Status: palette.Of(f.Status), Align: pdf.AlignCenter}
}

func indicatorTable(d *pdf.Document, r Report) {
	q := Roman(r.Quarter)
	t := pdf.Table{Columns: []pdf.Column{
		{Title: "No", Width: 8, Align: pdf.AlignCenter},
		{Title: "Kode", Width: 15},
		{Title: "Indikator", Flex: 1},
		{Title: "Satuan", Width: 13, Align: pdf.AlignCenter},
		{Title: "Target s.d. TW " + q, Width: 17, Align: pdf.AlignRight},
		{Title: "Realisasi s.d. TW " + q, Width: 18, Align: pdf.AlignRight},
		{Title: "Capaian s.d. TW " + q, Width: 19},
		{Title: "Capaian TW " + q + " saja", Width: 16, Align: pdf.AlignRight},
		{Title: "IIAA", Width: 16, Align: pdf.AlignCenter},
	}, FontSize: 8}
	for i, l := range r.Lines {
		iiaa := "opsional"
		if l.Required {
			iiaa = "wajib"
		}
		t.Rows = append(t.Rows, []pdf.Cell{
			{Text: fmt.Sprint(i + 1)}, {Text: l.Code}, {Text: l.Name}, {Text: l.Unit},
			{Text: figure(l.ToDate.Target)}, {Text: figure(l.ToDate.Realisation)}, statusCell(l.ToDate),
			{Text: score(l.Own.Achievement)}, {Text: iiaa, Bold: l.Required},
		})
	}
	d.Table(t)
	d.Text(fmt.Sprintf("Capaian dihitung s.d. triwulan berjalan sesuai konsolidasi periode manual indikator dan dibatasi 0–120. "+
		"IIAA wajib untuk indikator dengan capaian di bawah %s atau yang belum dilaporkan. Status: Hijau ≥ target, Kuning dan Merah di bawahnya.",
		i18n.FormatNumberTrim("id", r.Threshold, 2)), pdf.TextStyle{Size: 8, Italic: true, SpaceAfter: 3})
}

func iiaaSections(d *pdf.Document, r Report) {
	var skipped []string
	n := 0
	for _, l := range r.Lines {
		if !l.Required && !l.Written() {
			skipped = append(skipped, l.Code)
			continue
		}
		n++
		d.Heading(fmt.Sprintf("%d. %s — %s", n, l.Code, l.Name))
		mark := "IIAA opsional"
		if l.Required {
			mark = "IIAA wajib"
		}
		d.Text(fmt.Sprintf("s.d. TW %s: target %s, realisasi %s, capaian %s (%s) · %s", Roman(r.Quarter), figure(l.ToDate.Target),
			figure(l.ToDate.Realisation), score(l.ToDate.Achievement), statusWord(l.ToDate.Status), mark), pdf.TextStyle{Size: 9, SpaceAfter: 2})
		acc := or(l.Accountable, "–")
		if l.Supporting != "" {
			acc += "\nPihak pendukung: " + l.Supporting
		}
		d.Table(pdf.Table{HideHeader: true, FontSize: 9, Columns: []pdf.Column{{Title: "", Width: 32}, {Title: "", Flex: 1}}, Rows: [][]pdf.Cell{
			{{Text: "Issue", Bold: true}, {Text: or(l.Issue, "–")}},
			{{Text: "Implication", Bold: true}, {Text: or(l.Implication, "–")}},
			{{Text: "Accountability", Bold: true}, {Text: "Penanggung jawab: " + acc}},
		}})
		if len(l.Actions) == 0 {
			d.Text("Action plan: belum ada rencana aksi.", pdf.TextStyle{Size: 9, Italic: true})
			continue
		}
		t := pdf.Table{FontSize: 8, Columns: []pdf.Column{
			{Title: "No", Width: 8, Align: pdf.AlignCenter},
			{Title: "Action plan (rencana aksi)", Flex: 1},
			{Title: "Pelaksana", Width: 32},
			{Title: "Tenggat", Width: 19, Align: pdf.AlignCenter},
			{Title: "Status", Width: 22},
			{Title: "Keterangan", Width: 38},
		}}
		for i, a := range l.Actions {
			desc := a.Description
			var flags []string
			if a.FromQuarter != 0 {
				flags = append(flags, "dari TW "+Roman(a.FromQuarter))
			}
			if a.CarriedOn {
				flags = append(flags, "dilanjutkan di TW "+Roman(r.Quarter+1))
			}
			if a.NeedsUpdate {
				flags = append(flags, "perlu diperbarui")
			}
			if len(flags) > 0 {
				desc += "\n(" + strings.Join(flags, "; ") + ")"
			}
			status := actionStatusWord(a.Status)
			if a.Overdue {
				status += "\nTERLAMBAT"
			}
			t.Rows = append(t.Rows, []pdf.Cell{{Text: fmt.Sprint(i + 1)}, {Text: desc}, {Text: or(a.Owner, "–")},
				{Text: dateShort(a.Due)}, {Text: status, Bold: a.Overdue}, {Text: a.Note}})
		}
		d.Table(t)
	}
	if len(skipped) > 0 {
		d.Text("Indikator dengan capaian memenuhi ambang (IIAA tidak wajib, tidak diisi): "+strings.Join(skipped, ", ")+".",
			pdf.TextStyle{Size: 9, Italic: true})
	}
}

func evidenceIndex(d *pdf.Document, r Report) {
	d.Text("Bukti dukung dilampirkan dengan rujukan. Setiap berkas tercatat dengan sidik SHA-256; kesesuaian berkas dapat diperiksa "+
		"dengan menghitung ulang SHA-256 berkas yang diunduh.", pdf.TextStyle{Size: 8, Italic: true, SpaceAfter: 2})
	// A file's hash is printed under its name in the same cell, so the two
	// never part at a page break, on one line so it can be compared whole.
	t := pdf.Table{FontSize: 8, Columns: []pdf.Column{
		{Title: "Jenis, ukuran, diunggah", Width: 34},
		{Title: "Dokumen dan sidik SHA-256", Flex: 1},
	}}
	for _, l := range r.Lines {
		t.Rows = append(t.Rows, []pdf.Cell{{Text: l.Code + " — " + l.Name, Span: 2, Bold: true, Fill: &groupFill}})
		if len(l.Evidence) == 0 {
			t.Rows = append(t.Rows, []pdf.Cell{{Text: "Belum ada bukti dukung.", Span: 2}})
		}
		for _, e := range l.Evidence {
			doc := e.Filename
			switch e.Form {
			case domain.FormLink:
				doc = "Tautan: " + e.URL
			case domain.FormText:
				doc = "Keterangan: " + e.Body
			}
			if e.SHA256 != "" {
				doc += "\nSHA-256: " + e.SHA256
			}
			about := evidenceKindWord(e.Kind)
			if size := sizeText(e.Size); size != "" {
				about += "\n" + size
			}
			about += "\n" + dateShort(e.UploadedAt)
			t.Rows = append(t.Rows, []pdf.Cell{{Text: about}, {Text: doc}})
		}
	}
	d.Table(t)
}

func signatures(d *pdf.Document, r Report) {
	when := r.SubmittedAt
	if when.IsZero() {
		when = r.Created
	}
	official := pdf.Signature{Place: r.Office.City, Date: date(when), Heading: []string{"Pejabat yang melaporkan,"},
		Role: r.Official.Position, Name: r.Official.Name, NIP: domain.FormatNIP(r.Official.NIP)}
	if r.Reviewed() && r.Reviewer != nil {
		reviewer := pdf.Signature{Place: r.Office.City, Date: date(r.ReviewedAt), Heading: []string{"Direviu oleh,"},
			Role: r.Reviewer.Position, Name: r.Reviewer.Name, NIP: domain.FormatNIP(r.Reviewer.NIP)}
		d.Signatures(reviewer, official)
		return
	}
	if r.Reviewed() && r.ReviewedBy != "" {
		d.Text("Laporan ini telah direviu oleh pengelola kinerja ("+r.ReviewedBy+") pada "+date(r.ReviewedAt)+".",
			pdf.TextStyle{Size: 9, Italic: true, SpaceAfter: 3})
	}
	d.Signatures(official)
}

func or(s, def string) string {
	if strings.TrimSpace(s) == "" {
		return def
	}
	return s
}
