package demo

import (
	"bytes"
	"context"
	"fmt"
	"hash/fnv"
	"math"
	"strings"
	"sync"
	"time"

	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/calc"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/i18n"
	"github.com/kinerja/kinerja/internal/report/pdf"
	"github.com/kinerja/kinerja/internal/report/xlsx"
	"github.com/kinerja/kinerja/internal/service"
)

// outcome shapes the demo's figures: by default an indicator meets its
// target, but some quarters fall short so the dashboards have yellow and
// red to show. The factor multiplies the target (maximize) or divides it
// (minimize); for a target of zero it is the count reported.
var outcome = map[string]map[int]float64{
	"1a-N":  {2: 0.965},
	"1b-N":  {3: 0.85},
	"2b-N":  {3: 2},
	"3c-N":  {1: 0.89},
	"5b-N":  {2: 0.75},
	"3b-N":  {2: 0.89},
	"4a-CP": {3: 0.999},
	"5c-N":  {2: 0.93, 3: 1.06},
}

// rootCode is the code of the IKU a cascaded code descends from ("3a-CP.1.2" → "3a-CP").
func rootCode(code string) string {
	if i := strings.Index(code, "."); i > 0 {
		return code[:i]
	}
	return code
}

// jitter is a small deterministic variation per person and quarter.
func jitter(key string) float64 {
	h := fnv.New32a()
	h.Write([]byte(key))
	return float64(h.Sum32()%1000)/1000.0*0.04 - 0.01 // −1 % … +3 %
}

// valueFor is the realisation of a line in a quarter for a demo person.
func valueFor(l domain.Indicator, q int, who string) calc.Opt {
	t := l.Targets[q-1]
	if !t.OK {
		return calc.Opt{}
	}
	f, planned := outcome[rootCode(l.Code)][q]
	if !planned {
		f = 1 + jitter(fmt.Sprint(l.Code, q, who))
	}
	var v float64
	switch l.Polarity {
	case "minimize":
		if t.V == 0 {
			if planned {
				return calc.Some(f)
			}
			return calc.Some(0)
		}
		v = t.V / f
	case "stabilize":
		if !planned {
			f = 1 + jitter(fmt.Sprint(l.Code, q, who))/4
		}
		v = t.V * f
	default:
		v = t.V * f
		if l.Unit == "%" && v > 100 {
			v = 100
		}
		if l.MaxTarget && !planned {
			v = t.V
		}
	}
	if l.Unit == "jumlah" || l.Unit == "laporan" || l.Unit == "menit" {
		v = math.Round(v)
	} else {
		v = math.Round(v*100) / 100
	}
	return calc.Some(v)
}

// rawFor is the raw-data table behind a percentage: numerator and denominator.
func rawFor(l domain.Indicator, v calc.Opt) []domain.RawRow {
	if !v.OK || l.Unit != "%" {
		return nil
	}
	den := 200.0
	return []domain.RawRow{{Name: service.RawNumerator, Value: math.Round(v.V*den) / 100}, {Name: service.RawDenominator, Value: den}}
}

// docs generates, once per section and quarter, the documents the
// realisation refers to: a raw-data workbook, a quarterly report and a
// verification record.
type docs struct {
	mu    sync.Mutex
	cache map[string][]byte
	year  int
}

func (d *docs) get(kind, sec string, q int) ([]byte, string, error) {
	key := fmt.Sprintf("%s-%s-%d", kind, sec, q)
	name := map[string]string{
		"raw":    fmt.Sprintf("Data mentah %s TW%d %d.xlsx", sectionNames[sec], q, d.year),
		"report": fmt.Sprintf("Laporan capaian %s TW%d %d.pdf", sectionNames[sec], q, d.year),
		"ba":     fmt.Sprintf("BA verifikasi %s TW%d %d.pdf", sectionNames[sec], q, d.year),
	}[kind]
	d.mu.Lock()
	b, ok := d.cache[key]
	d.mu.Unlock()
	if ok {
		return b, name, nil
	}
	var err error
	switch kind {
	case "raw":
		b, err = rawWorkbook(sec, q, d.year)
	default:
		b, err = docPDF(kind, sec, q, d.year)
	}
	if err != nil {
		return nil, "", err
	}
	d.mu.Lock()
	d.cache[key] = b
	d.mu.Unlock()
	return b, name, nil
}

// prepare makes every document up front, on all processors.
func (d *docs) prepare(quarters int) error {
	var wg sync.WaitGroup
	errs := make(chan error, 3*len(sectionOrder)*quarters)
	for q := 1; q <= quarters; q++ {
		for _, sec := range sectionOrder {
			for _, kind := range []string{"raw", "report", "ba"} {
				wg.Add(1)
				go func() {
					defer wg.Done()
					if _, _, err := d.get(kind, sec, q); err != nil {
						errs <- err
					}
				}()
			}
		}
	}
	wg.Wait()
	close(errs)
	return <-errs
}

func rawWorkbook(sec string, q, year int) ([]byte, error) {
	wb, err := xlsx.NewWorkbook()
	if err != nil {
		return nil, err
	}
	defer wb.Close()
	sh, err := wb.AddSheet("Data", []xlsx.Column{{Header: "Tanggal", Kind: xlsx.Date}, {Header: "Uraian", Width: 50}, {Header: "Jumlah", Kind: xlsx.Number}, {Header: "Keterangan", Width: 30}})
	if err != nil {
		return nil, err
	}
	start := time.Date(year, time.Month(3*q-2), 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < 30; i++ {
		day := start.AddDate(0, 0, i*3)
		if err := sh.WriteRow(day, fmt.Sprintf("Transaksi %s nomor %03d", sectionNames[sec], i+1), float64(100+((i*37+q*11)%900)), "sesuai"); err != nil {
			return nil, err
		}
	}
	var buf bytes.Buffer
	if _, err := wb.WriteTo(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func docPDF(kind, sec string, q, year int) ([]byte, error) {
	end := domain.QuarterEnd(year, q)
	title := "LAPORAN CAPAIAN KINERJA TRIWULAN"
	if kind == "ba" {
		title = "BERITA ACARA VERIFIKASI DATA CAPAIAN"
	}
	d := pdf.New(pdf.Options{Title: title, Author: "KPPN Sukamaju", Created: end.AddDate(0, 0, 5)})
	d.Letterhead(pdf.Letterhead{Lines: []string{"KEMENTERIAN KEUANGAN REPUBLIK INDONESIA", "DIREKTORAT JENDERAL PERBENDAHARAAN",
		"KANTOR PELAYANAN PERBENDAHARAAN NEGARA SUKAMAJU"}, Address: []string{"Jalan Merdeka Nomor 45, Sukamaju 43111; Telepon (0263) 512345"}})
	d.Title(title)
	d.Subtitle(fmt.Sprintf("%s — Triwulan %s Tahun %d", sectionNames[sec], []string{"I", "II", "III", "IV"}[q-1], year))
	if kind == "ba" {
		d.Paragraph(fmt.Sprintf("Pada tanggal %s telah dilakukan verifikasi atas data dukung capaian indikator kinerja %s. "+
			"Data mentah dicocokkan dengan sumber data pada aplikasi dan dokumen pendukung; hasilnya sesuai, dengan catatan sebagaimana tercantum di bawah.",
			i18n.FormatDate("id", end.AddDate(0, 0, 6)), sectionNames[sec]))
	} else {
		d.Paragraph(fmt.Sprintf("Laporan ini menyajikan realisasi indikator kinerja %s pada triwulan berjalan beserta penjelasan singkatnya.", sectionNames[sec]))
	}
	d.Table(pdf.Table{Columns: []pdf.Column{{Title: "No", Width: 10, Align: pdf.AlignCenter}, {Title: "Uraian", Flex: 3}, {Title: "Hasil", Flex: 1}},
		Rows: [][]pdf.Cell{pdf.TextRow("1", "Kelengkapan data mentah", "Lengkap"), pdf.TextRow("2", "Kesesuaian dengan sumber data", "Sesuai"),
			pdf.TextRow("3", "Ketepatan waktu penyampaian", "Tepat waktu")}})
	d.Signatures(pdf.Signature{Place: "Sukamaju", Date: i18n.FormatDate("id", end.AddDate(0, 0, 6)), Role: "Kepala " + sectionNames[sec], Name: "(tertanda)"})
	return d.Bytes()
}

// seedRealisation reports the year up to the demo's today: the closed
// quarters verified and closed, the quarter in progress with a mix of
// states and a returned sheet, the first values typed in the current
// quarter, and a correction request on a closed quarter.
func seedRealisation(ctx context.Context, svc *service.Service, clk *clock, off *Office) error {
	cal := calendarOf(off.Year, clk.cap)
	last := max(cal.closed, cal.progress, cal.current)
	if last == 0 {
		return nil
	}
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
	secOf := func(emp int64) string {
		pos, _ := c.Primary(emp)
		for code, id := range off.Sections {
			if pos != nil && c.InUnitTree(id, pos.UnitID) {
				return code
			}
		}
		return ""
	}
	dd := &docs{cache: map[string][]byte{}, year: off.Year}
	if err := dd.prepare(last); err != nil {
		return err
	}
	eko := off.Staff["BANK"][0]
	for q := 1; q <= last; q++ {
		changed, err := seedPeople(ctx, svc, clk, off, q)
		if err != nil {
			return err
		}
		if changed {
			if plans, err = svc.ListPlans(ctx, sys, off.Year, off.OfficeID); err != nil {
				return err
			}
			if c, err = svc.Chart(ctx); err != nil {
				return err
			}
		}
		inProgress := q == cal.progress
		// A quarter not over yet is reported as it goes: nothing in it is
		// verified before it ends.
		running := q == cal.current
		end := domain.QuarterEnd(off.Year, q)
		if running {
			// Its values go in from a week before today, or from its first day.
			end = clk.cap.AddDate(0, 0, -7)
			if start := domain.QuarterEnd(off.Year, q-1).AddDate(0, 0, 1); end.Before(start) {
				end = start
			}
		}
		for i, p := range plans {
			if !p.Approved || !p.Plan.InQuarter(q) {
				continue
			}
			owner, err := actorOf(ctx, svc, p.Plan.EmployeeID)
			if err != nil {
				return err
			}
			sec := secOf(p.Plan.EmployeeID)
			stage := "verified"
			if inProgress {
				stage = progressStage(sec, p.Plan.Kind, i)
			}
			switch {
			case running && p.Plan.EmployeeID == eko:
				stage = "draft" // the demo's staff account is typing this quarter's values
			case running && !inProgress && sec == "BANK":
				stage = "draft" // the current quarter, while the last one is still being reported
			case running && !inProgress:
				continue
			case running && stage == "verified":
				stage = "validated"
			}
			clk.set(end.Add(time.Duration(24*(2+i%5)+9) * time.Hour))
			view, err := svc.GetSheet(ctx, owner, p.Plan.ID, q)
			if err != nil {
				return fmt.Errorf("sheet of %s Q%d: %w", owner.Employee.Name, q, err)
			}
			var in []service.RealisationInput
			for _, l := range view.Lines {
				if !l.HasTarget {
					continue
				}
				v := valueFor(l.Indicator, q, owner.Employee.NIP)
				// The figures are as the story means them: a stabilize
				// percentage a little above 100 is confirmed, and its
				// reviewers see the flag.
				in = append(in, service.RealisationInput{LineID: l.Indicator.LineID, Value: v, Raw: rawFor(l.Indicator, v),
					Note: noteFor(l.Indicator, q), Confirm: true})
			}
			if _, err := svc.SaveRealisations(ctx, owner, p.Plan.ID, q, -1, in); err != nil {
				return fmt.Errorf("realisation of %s Q%d: %w", owner.Employee.Name, q, err)
			}
			if err := attachEvidence(ctx, svc, owner, p, q, sec, view, dd); err != nil {
				return fmt.Errorf("evidence of %s Q%d: %w", owner.Employee.Name, q, err)
			}
			if stage == "draft" {
				continue
			}
			// One sheet goes in two days after the deadline: it is marked late.
			if i%11 == 4 && !running {
				clk.set(end.AddDate(0, 0, 12))
			}
			if _, err := svc.SubmitSheet(ctx, owner, p.Plan.ID, q, -1); err != nil {
				return fmt.Errorf("submit %s Q%d: %w", owner.Employee.Name, q, err)
			}
			if stage == "submitted" {
				continue
			}
			validator := pengelola
			if p.Plan.Kind == domain.PlanSKP {
				// The supervisor of the plan's period validates it.
				pc, err := svc.ChartOn(ctx, authz.PlanDay(p.Plan, clk.now))
				if err != nil {
					return err
				}
				sup := pc.Supervisors(p.Plan.EmployeeID)
				if validator, err = actorOf(ctx, svc, sup[0]); err != nil {
					return err
				}
			}
			clk.set(clk.now.Add(26 * time.Hour))
			if stage == "returned" {
				if _, err := svc.ReturnSheet(ctx, validator, p.Plan.ID, q, -1, "Realisasi indikator waktu layanan belum didukung data mentah per SPM. Lengkapi rekap dari SPAN, lalu sampaikan kembali."); err != nil {
					return err
				}
				continue
			}
			if _, err := svc.ValidateSheet(ctx, validator, p.Plan.ID, q, -1); err != nil {
				return fmt.Errorf("validate %s Q%d: %w", owner.Employee.Name, q, err)
			}
			if stage == "validated" {
				continue
			}
			clk.set(clk.now.Add(20 * time.Hour))
			var checks []service.Check
			for _, l := range view.Lines {
				if l.HasTarget {
					checks = append(checks, service.Check{LineID: l.Indicator.LineID, OK: true, Comment: "Sesuai data sumber."})
				}
			}
			if _, err := svc.VerifySheet(ctx, pengelola, p.Plan.ID, q, -1, checks); err != nil {
				return fmt.Errorf("verify %s Q%d: %w", owner.Employee.Name, q, err)
			}
		}
		if q <= cal.closed {
			clk.set(end.AddDate(0, 0, 18))
			if _, err := svc.CloseQuarter(ctx, pengelola, off.Year, q, off.OfficeID); err != nil {
				return fmt.Errorf("close Q%d: %w", q, err)
			}
		}
	}
	// What happens in the quarters not reported yet is recorded ahead.
	for q := last + 1; q <= 3; q++ {
		if _, err := seedPeople(ctx, svc, clk, off, q); err != nil {
			return err
		}
	}
	return seedCorrection(ctx, svc, clk, off, plans)
}

// progressStage spreads the quarter in progress over the workflow by section.
func progressStage(sec string, kind domain.PlanKind, i int) string {
	if kind == domain.PlanPK {
		return "validated"
	}
	switch sec {
	case "UMUM":
		return "verified"
	case "PD":
		if i%4 == 1 {
			return "returned"
		}
		return "submitted"
	case "BANK":
		return "validated"
	case "VERA":
		if i%2 == 0 {
			return "draft"
		}
		return "submitted"
	}
	return "submitted"
}

func noteFor(l domain.Indicator, q int) string {
	if _, shortfall := outcome[rootCode(l.Code)][q]; shortfall {
		return "Di bawah target; penjelasan dan rencana aksi dimuat dalam laporan IIAA triwulan ini."
	}
	return ""
}

// attachEvidence gives each line the documents its manual asks for: the
// head and the section heads upload the section's files; staff refer to
// them with a link and note the verification record in a short text.
func attachEvidence(ctx context.Context, svc *service.Service, owner authz.Actor, p service.PlanSummary, q int, sec string, view service.SheetView, dd *docs) error {
	structural := p.Position.Kind.Structural()
	var ins []service.EvidenceInput
	for _, l := range view.Lines {
		if !l.HasTarget {
			continue
		}
		lsec := sec
		if p.Plan.Kind == domain.PlanPK {
			lsec = findIKU(rootCode(l.Indicator.Code)).section
		}
		for _, item := range l.Indicator.Evidence {
			in := service.EvidenceInput{LineID: l.Indicator.LineID, Kind: item.Kind}
			switch {
			case item.Kind == domain.EvidenceRaw && !structural && l.Indicator.Unit == "%":
				continue // the raw-data table on the sheet is the staff's raw data
			case item.Kind == domain.EvidenceRaw && !structural:
				in.URL = fmt.Sprintf("https://nadine.kemenkeu.go.id/kppn-sukamaju/%d/tw%d/%s/data-mentah", dd.year, q, strings.ToLower(lsec))
			case structural:
				kind := map[string]string{domain.EvidenceRaw: "raw", domain.EvidenceSupporting: "report", domain.EvidenceVerification: "ba"}[item.Kind]
				b, name, err := dd.get(kind, lsec, q)
				if err != nil {
					return err
				}
				in.Reader, in.Filename = bytes.NewReader(b), name
			case item.Kind == domain.EvidenceSupporting:
				in.URL = fmt.Sprintf("https://nadine.kemenkeu.go.id/kppn-sukamaju/%d/tw%d/%s", dd.year, q, strings.ToLower(lsec))
			default:
				in.Body = fmt.Sprintf("Berita acara verifikasi nomor BA-%d/KPPN.SKM/%s/%d, diunggah oleh Kepala %s.", q*10+len(lsec), strings.ToUpper(lsec), dd.year, sectionNames[lsec])
			}
			ins = append(ins, in)
		}
	}
	_, err := svc.AddEvidence(ctx, owner, p.Plan.ID, q, ins...)
	return err
}

// seedCorrection asks, after closing, to correct one locked figure of Q2.
func seedCorrection(ctx context.Context, svc *service.Service, clk *clock, off *Office, plans []service.PlanSummary) error {
	if calendarOf(off.Year, clk.cap).closed < 2 || clk.cap.Before(domain.QuarterEnd(off.Year, 2).AddDate(0, 0, 25)) {
		return nil
	}
	lead := off.SectionLed["MSKI"]
	for _, p := range plans {
		if p.Plan.EmployeeID != lead {
			continue
		}
		owner, err := actorOf(ctx, svc, lead)
		if err != nil {
			return err
		}
		view, err := svc.GetSheet(ctx, owner, p.Plan.ID, 2)
		if err != nil {
			return err
		}
		for _, l := range view.Lines {
			if rootCode(l.Indicator.Code) == "1a-N" && l.Realisation.Value.OK {
				clk.set(domain.QuarterEnd(off.Year, 2).AddDate(0, 0, 24))
				_, err := svc.RequestCorrection(ctx, owner, p.Plan.ID, 2, l.Indicator.LineID, calc.Some(l.Realisation.Value.V+1.2), l.Realisation.Note,
					"Nilai IKPA periode Juni dimutakhirkan Kanwil setelah rekonsiliasi ulang data kontrak tiga satker; data terbaru terlampir pada OM-SPAN.", false)
				return err
			}
		}
	}
	return nil
}
