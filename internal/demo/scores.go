package demo

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/service"
)

// seedScores runs the evaluation cycle of the closed quarters: each
// supervisor sets the raters of their people (supervisor, peers and
// subordinates), the raters score, one employee objects in Q2 and is
// re-assessed, the TPK corrects one score and records one discipline
// penalty, and the head sets each quarter's NKP decree. A quarter that has
// ended but is not closed yet has its raters set and its scoring open.
func seedScores(ctx context.Context, svc *service.Service, clk *clock, off *Office) error {
	sys := service.SystemActor()
	plans, err := svc.ListPlans(ctx, sys, off.Year, off.OfficeID)
	if err != nil {
		return err
	}
	if err := seedExpectations(ctx, svc, clk, plans); err != nil {
		return err
	}
	if err := seedBankTask(ctx, svc, clk, off); err != nil {
		return fmt.Errorf("additional task: %w", err)
	}
	cal := calendarOf(off.Year, clk.cap)
	if cal.closed < 2 {
		return nil // the story's objection, correction and penalty are of Q2
	}
	head, err := actorOf(ctx, svc, off.Head)
	if err != nil {
		return err
	}
	pengelola, err := actorOf(ctx, svc, off.Pengelola)
	if err != nil {
		return err
	}
	clk.set(time.Date(off.Year, time.January, 15, 9, 0, 0, 0, clk.loc))
	if err := svc.SetTPK(ctx, head, off.OfficeID, off.Year, off.SectionLed["UMUM"], []int64{off.Pengelola, off.SectionLed["PD"]}); err != nil {
		return fmt.Errorf("TPK: %w", err)
	}
	// setRaters sets every candidate as a rater, by the Pejabat Penilai (the
	// pengelola kinerja for the head, whose supervisor is outside the office).
	setRaters := func(q int) (map[int64][]service.RaterView, error) {
		set := map[int64][]service.RaterView{}
		clk.set(domain.QuarterEnd(off.Year, q).AddDate(0, 0, 3).Add(9 * time.Hour))
		for _, p := range plans {
			if !p.Approved || !p.Plan.InQuarter(q) {
				continue
			}
			// The supervisor of the plan's period sets its raters.
			pc, err := svc.ChartOn(ctx, authz.PlanDay(p.Plan, clk.now))
			if err != nil {
				return nil, err
			}
			setter := pengelola
			if sups := pc.Supervisors(p.Plan.EmployeeID); len(sups) > 0 {
				if setter, err = actorOf(ctx, svc, sups[0]); err != nil {
					return nil, err
				}
			}
			as, err := svc.GetAssessment(ctx, setter, p.Plan.ID, q)
			if err != nil {
				return nil, err
			}
			var ids []int64
			for _, cand := range as.Candidates {
				ids = append(ids, cand.EmployeeID)
			}
			if err := svc.SetRaters(ctx, setter, p.Plan.ID, q, ids); err != nil {
				return nil, fmt.Errorf("raters of %s: %w", p.Employee.Name, err)
			}
			set[p.Plan.ID] = as.Candidates
		}
		return set, nil
	}
	for q := 1; q <= cal.closed; q++ {
		raters, err := setRaters(q)
		if err != nil {
			return err
		}
		clk.set(domain.QuarterEnd(off.Year, q).AddDate(0, 0, 12).Add(9 * time.Hour))
		for i, p := range plans {
			for k, cand := range raters[p.Plan.ID] {
				rater, err := actorOf(ctx, svc, cand.EmployeeID)
				if err != nil {
					return err
				}
				if err := svc.SaveBehaviour(ctx, rater, p.Plan.ID, q, behaviourFor(i+k, q)); err != nil {
					return fmt.Errorf("behaviour of %s by %s: %w", p.Employee.Name, cand.Name, err)
				}
				clk.set(clk.now.Add(time.Minute))
			}
		}
	}
	if err := seedObjection(ctx, svc, clk, off); err != nil {
		return err
	}
	// The TPK of Q2: a correction and a discipline penalty.
	clk.set(domain.QuarterEnd(off.Year, 2).AddDate(0, 0, 26).Add(10 * time.Hour))
	if staff := off.Staff["PD"]; len(staff) > 1 {
		p, err := svc.MyPlan(ctx, mustActor(ctx, svc, staff[0]), off.Year)
		if err == nil && p.ID != 0 {
			if err := svc.SaveCorrection(ctx, pengelola, p.ID, 2, 1,
				"Sidang TPK: beban penyelesaian SP2D meningkat tajam karena pengalihan satker dari KPPN lain pada bulan Mei.",
				"Nota Dinas Kepala Seksi PD tanggal 3 Juni tentang pengalihan satker"); err != nil {
				return fmt.Errorf("correction: %w", err)
			}
		}
		if _, err := svc.AddPenalty(ctx, pengelola, off.Year, service.PenaltyInput{EmployeeID: staff[1], StartQuarter: 2, Category: "ringan", MPJHD: 40,
			Reason: "Hukuman disiplin ringan (teguran tertulis) karena tidak masuk kerja tanpa keterangan selama tiga hari pada bulan Mei."}); err != nil {
			return fmt.Errorf("penalty: %w", err)
		}
	}
	for q := 1; q <= cal.closed; q++ {
		clk.set(domain.QuarterEnd(off.Year, q).AddDate(0, 0, 30).Add(14 * time.Hour))
		num := fmt.Sprintf("KEP-%d/WPB.09/KP.0%d/%d", 10+q, q, off.Year)
		if _, err := svc.SetDecree(ctx, head, off.OfficeID, off.Year, q, num); err != nil {
			return fmt.Errorf("decree of Q%d: %w", q, err)
		}
	}
	// A quarter that has ended but is not closed: its raters are set and
	// they are scoring.
	if q := cal.progress; q > cal.closed && clk.cap.After(domain.QuarterEnd(off.Year, q).AddDate(0, 0, 1)) {
		if _, err := setRaters(q); err != nil {
			return err
		}
	}
	return nil
}

// expectationTexts are a supervisor's expectations of the seven BerAKHLAK
// behaviours, in domain.BehaviourAspects order.
var expectationTexts = []string{
	"Menanggapi pertanyaan satker mitra melalui layanan daring paling lambat satu hari kerja.",
	"Menyelesaikan setiap dokumen sesuai SOP dan menyimpan bukti dukung lengkap untuk pemeriksaan.",
	"Mengikuti paling sedikit 20 jam pelajaran pengembangan kompetensi dan membagikan hasilnya kepada rekan.",
	"Menjaga suasana kerja yang saling menghargai di seksi dan antarseksi.",
	"Menjaga kerahasiaan data keuangan satker dan nama baik KPPN.",
	"Menggunakan aplikasi baru SAKTI dan SPAN tanpa menunggu arahan berulang.",
	"Aktif berkoordinasi dengan seksi lain dalam rekonsiliasi dan penyelesaian retur.",
}

// seedExpectations: each supervisor records the seven expectations of the
// SKPs they approved, and those of each work result where the post takes them.
func seedExpectations(ctx context.Context, svc *service.Service, clk *clock, plans []service.PlanSummary) error {
	clk.set(time.Date(clk.year, time.January, 30, 15, 0, 0, 0, clk.loc))
	for _, p := range plans {
		if !p.Approved || p.Plan.Kind != domain.PlanSKP {
			continue
		}
		// The supervisor of the plan's period records them.
		c, err := svc.ChartOn(ctx, authz.PlanDay(p.Plan, clk.now))
		if err != nil {
			return err
		}
		sups := c.Supervisors(p.Plan.EmployeeID)
		if len(sups) == 0 {
			continue
		}
		sup, err := actorOf(ctx, svc, sups[0])
		if err != nil {
			return err
		}
		lines, err := lineExpectations(ctx, svc, sup, p.Plan.ID)
		if err != nil {
			return err
		}
		if err := svc.SaveExpectations(ctx, sup, p.Plan.ID, expectationTexts, lines); err != nil {
			return fmt.Errorf("expectations of %s: %w", p.Employee.Name, err)
		}
	}
	return nil
}

// seedObjection: the first Bank staff member objects to the Q2 assessment,
// the Kasi Bank upholds it, and a peer scores again.
func seedObjection(ctx context.Context, svc *service.Service, clk *clock, off *Office) error {
	bank := off.Staff["BANK"]
	if len(bank) < 2 {
		return nil
	}
	emp, err := actorOf(ctx, svc, bank[0])
	if err != nil {
		return err
	}
	p, err := svc.MyPlan(ctx, emp, off.Year)
	if err != nil || p.ID == 0 {
		return err
	}
	end := domain.QuarterEnd(off.Year, 2)
	clk.set(end.AddDate(0, 0, 19).Add(10 * time.Hour))
	if _, err := svc.FileObjection(ctx, emp, p.ID, 2, "Nilai aspek kolaboratif tidak mencerminkan peran saya mengoordinasikan rekonsiliasi rekening bersama Seksi PD selama Mei dan Juni."); err != nil {
		return fmt.Errorf("objection: %w", err)
	}
	clk.set(end.AddDate(0, 0, 21).Add(10 * time.Hour))
	kasi, err := actorOf(ctx, svc, off.SectionLed["BANK"])
	if err != nil {
		return err
	}
	if err := svc.DecideObjection(ctx, kasi, p.ID, 2, true, "Keberatan diterima: koordinasi rekonsiliasi tercatat dalam notulen rapat; penilai diminta menilai ulang."); err != nil {
		return fmt.Errorf("objection decision: %w", err)
	}
	clk.set(end.AddDate(0, 0, 22).Add(10 * time.Hour))
	peer, err := actorOf(ctx, svc, bank[1])
	if err != nil {
		return err
	}
	scores := behaviourFor(3, 7)
	scores[len(scores)-1] = 108
	return svc.SaveBehaviour(ctx, peer, p.ID, 2, scores)
}

func mustActor(ctx context.Context, svc *service.Service, emp int64) (a authz.Actor) {
	a, _ = actorOf(ctx, svc, emp)
	return a
}

// behaviourFor gives plausible scores around 100 that differ by person and quarter.
func behaviourFor(i, q int) []float64 {
	out := make([]float64, len(domain.BehaviourAspects))
	for k := range out {
		out[k] = 92 + math.Mod(float64(i*7+q*5+k*3), 17)
	}
	return out
}
