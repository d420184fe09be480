package service_test

import (
	"errors"
	"testing"
	"time"

	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/service"
)

// own is a complete IKI of the employee's own (non-cascading).
func own(code string, t ...float64) service.LineInput {
	in := iki(code, 0, "", t...)
	in.CascadeType = domain.CascadeNone
	return in
}

// skp opens an employee's SKP with n own IKIs.
func (o *kppn) skp(emp int64, n int) domain.Plan {
	o.t.Helper()
	p := o.plan(emp)
	for i := range n {
		o.add(o.as(emp), p.ID, own(string(rune('A'+i))+"-1", 1, 1, 1, 1))
	}
	return p
}

func TestSKPWorkflow(t *testing.T) {
	eachKPPN(t, func(t *testing.T, o *kppn) {
		owner, kasi := o.as(o.bank1), o.as(o.kasiBank)
		p := o.skp(o.bank1, 2)
		if p.Kind != domain.PlanSKP {
			t.Fatalf("a clerk's plan is a %s", p.Kind)
		}
		// Two IKIs are fewer than a pelaksana's three.
		_, err := o.svc.SubmitPlan(o.ctx, owner, p.ID, o.view(p.ID).Version.Revision)
		if fieldOf(err, "warning_0") != "plan.too_few" {
			t.Errorf("submitting 2 IKIs: %v", err)
		}
		line := o.add(owner, p.ID, own("C-1", 1, 1, 1, 1))

		// Others may neither edit nor submit it, the supervisor included.
		for _, a := range []authz.Actor{o.as(o.bank2), kasi, o.as(o.head), o.as(o.pengelola), o.admin, o.pemeriksa} {
			if _, err := o.svc.SaveLine(o.ctx, a, p.ID, line.LineID, -1, own("C-1", 2, 2, 2, 2)); !errors.Is(err, domain.ErrForbidden) {
				t.Errorf("%s editing a clerk's SKP: %v", a.User.Username, err)
			}
			if _, err := o.svc.SubmitPlan(o.ctx, a, p.ID, -1); !errors.Is(err, domain.ErrForbidden) {
				t.Errorf("%s submitting a clerk's SKP: %v", a.User.Username, err)
			}
		}
		if _, err := o.svc.GetPlan(o.ctx, o.as(o.bank2), p.ID, 0); !errors.Is(err, domain.ErrForbidden) {
			t.Errorf("a colleague reading the SKP: %v", err)
		}
		if _, err := o.svc.ApprovePlan(o.ctx, kasi, p.ID, -1); refusal(err) != "plan.not_submitted" {
			t.Errorf("approving a draft: %v", err)
		}

		v := o.submit(owner, p.ID)
		if v.Status != domain.PlanSubmitted || v.Late || v.SubmittedBy != owner.User.ID {
			t.Errorf("submitted version = %+v", v)
		}
		_, err = o.svc.SaveLine(o.ctx, owner, p.ID, line.LineID, v.Revision, own("C-1", 2, 2, 2, 2))
		if refusal(err) != "plan.frozen" {
			t.Errorf("editing a submitted version: %v", err)
		}
		if err := o.svc.DeleteLine(o.ctx, owner, p.ID, line.LineID, v.Revision); refusal(err) != "plan.frozen" {
			t.Errorf("deleting from a submitted version: %v", err)
		}
		view, err := o.svc.GetPlan(o.ctx, owner, p.ID, 0)
		o.must(err)
		if view.Perm.Edit || view.Perm.Submit || view.Perm.Approve {
			t.Errorf("owner's permissions on the submitted SKP: %+v", view.Perm)
		}
		view, err = o.svc.GetPlan(o.ctx, kasi, p.ID, 0)
		o.must(err)
		if !view.Perm.Approve || !view.Perm.Return || view.Perm.Edit || len(view.Approvers) != 1 || view.Approvers[0].ID != o.kasiBank {
			t.Errorf("supervisor's view: perm %+v, approvers %v", view.Perm, view.Approvers)
		}

		// Only the direct supervisor approves: not the owner, a colleague, another
		// section's head, the head of office above, the pengelola or the admin.
		for _, a := range []authz.Actor{owner, o.as(o.bank2), o.as(o.kasiUmum), o.as(o.head), o.as(o.pengelola), o.admin, o.pemeriksa} {
			if _, err := o.svc.ApprovePlan(o.ctx, a, p.ID, v.Revision); !errors.Is(err, domain.ErrForbidden) {
				t.Errorf("%s approving a clerk's SKP: %v", a.User.Username, err)
			}
			if _, err := o.svc.ReturnPlan(o.ctx, a, p.ID, v.Revision, "x"); !errors.Is(err, domain.ErrForbidden) {
				t.Errorf("%s returning a clerk's SKP: %v", a.User.Username, err)
			}
		}

		// Returned with a comment, it is editable again.
		if _, err := o.svc.ReturnPlan(o.ctx, kasi, p.ID, v.Revision, "  "); fieldOf(err, "comment") != "plan.return_needs_comment" {
			t.Errorf("returning without a comment: %v", err)
		}
		v, err = o.svc.ReturnPlan(o.ctx, kasi, p.ID, v.Revision, "Target TW IV terlalu rendah")
		o.must(err)
		if v.Status != domain.PlanReturned || v.ReturnComment != "Target TW IV terlalu rendah" || v.ReturnedBy != kasi.User.ID {
			t.Errorf("returned version = %+v", v)
		}
		if _, err := o.svc.ApprovePlan(o.ctx, kasi, p.ID, v.Revision); refusal(err) != "plan.not_submitted" {
			t.Errorf("approving a returned version: %v", err)
		}
		_, err = o.svc.SaveLine(o.ctx, owner, p.ID, line.LineID, v.Revision, own("C-1", 1, 1, 1, 3))
		o.must(err)
		v = o.submit(owner, p.ID)
		if v.ReturnComment != "" {
			t.Errorf("resubmitted version keeps the old comment %q", v.ReturnComment)
		}
		v = o.approve(kasi, p.ID)
		if v.Status != domain.PlanApproved || v.ApproverName != "Kasi Bank" || v.ApproverNIP == "" || v.ApprovedBy != kasi.User.ID {
			t.Errorf("approved version = %+v", v)
		}

		// Approved is frozen, and final.
		_, err = o.svc.SaveLine(o.ctx, owner, p.ID, 0, v.Revision, own("D-1", 1, 1, 1, 1))
		if refusal(err) != "plan.frozen" {
			t.Errorf("adding to an approved version: %v", err)
		}
		if _, err := o.svc.SubmitPlan(o.ctx, owner, p.ID, v.Revision); refusal(err) != "plan.frozen" {
			t.Errorf("submitting an approved version: %v", err)
		}
		if _, err := o.svc.ApprovePlan(o.ctx, kasi, p.ID, v.Revision); refusal(err) != "plan.not_submitted" {
			t.Errorf("approving twice: %v", err)
		}
		if _, err := o.svc.ReturnPlan(o.ctx, kasi, p.ID, v.Revision, "x"); refusal(err) != "plan.not_submitted" {
			t.Errorf("returning an approved version: %v", err)
		}
		if _, err := o.svc.AmendPlan(o.ctx, kasi, p.ID, "x"); !errors.Is(err, domain.ErrForbidden) {
			t.Errorf("the supervisor amending the SKP: %v", err)
		}
	})
}

func TestPKWorkflow(t *testing.T) {
	eachKPPN(t, func(t *testing.T, o *kppn) {
		ss1, _, _ := o.objectives()
		head := o.as(o.head)
		if _, err := o.svc.OpenPlan(o.ctx, o.as(o.kasiBank), o.year, o.head); !errors.Is(err, domain.ErrForbidden) {
			t.Errorf("a Kasi opening the PK: %v", err)
		}
		// The pengelola may open the head's plan; it is a PK, never an SKP.
		p, err := o.svc.OpenPlan(o.ctx, o.as(o.pengelola), o.year, o.head)
		o.must(err)
		if p.Kind != domain.PlanPK {
			t.Fatalf("the head's plan is a %s", p.Kind)
		}
		if again := o.plan(o.head); again.ID != p.ID {
			t.Errorf("the head has two plans: %d and %d", p.ID, again.ID)
		}
		// A PK line is an IKU of the map; its parent, if any, must be an IKU
		// of the office above (SPEC §15), not an unknown line.
		in := iku("1a", ss1, 4, 5, 4, 5)
		in.ParentLineID, in.CascadeMethod = 12345, domain.MethodFull
		if _, err := o.svc.SaveLine(o.ctx, head, p.ID, 0, -1, in); fieldOf(err, "parent_line_id") != "plan.parent_not_allowed" {
			t.Errorf("a PK line with an unknown parent: %v", err)
		}
		in.ParentLineID, in.CascadeMethod = 0, ""
		l := o.add(head, p.ID, in)
		if l.Kind != domain.IKU || l.ParentLineID != 0 || l.ObjectiveID != ss1 {
			t.Errorf("PK line = kind %s, parent %d, objective %d", l.Kind, l.ParentLineID, l.ObjectiveID)
		}

		// The head, the pengelola and the admin may change it; nobody else.
		o.add(o.as(o.pengelola), p.ID, iku("1b", ss1, 1, 1, 1, 1))
		o.add(o.admin, p.ID, iku("1c", ss1, 1, 1, 1, 1))
		for _, a := range []authz.Actor{o.as(o.kasiBank), o.as(o.kasiUmum), o.as(o.bank1), o.pemeriksa} {
			if _, err := o.svc.SaveLine(o.ctx, a, p.ID, 0, -1, iku("9z", ss1, 1, 1, 1, 1)); !errors.Is(err, domain.ErrForbidden) {
				t.Errorf("%s adding to the PK: %v", a.User.Username, err)
			}
			if err := o.svc.DeleteLine(o.ctx, a, p.ID, l.LineID, -1); !errors.Is(err, domain.ErrForbidden) {
				t.Errorf("%s deleting from the PK: %v", a.User.Username, err)
			}
		}
		if _, err := o.svc.GetPlan(o.ctx, o.as(o.bank1), p.ID, 0); !errors.Is(err, domain.ErrForbidden) {
			t.Errorf("a clerk reading the PK: %v", err)
		}
		if _, err := o.svc.GetPlan(o.ctx, o.pemeriksa, p.ID, 0); err != nil {
			t.Errorf("the pemeriksa reading the PK: %v", err)
		}

		// Submitted after the deadline, it is marked late.
		o.at(time.February, 2)
		v := o.submit(head, p.ID)
		if !v.Late {
			t.Error("a PK submitted on 2 February is not late")
		}
		// The office is at the top of the installed tree (the Kanwil above
		// has no head here): the pengelola kinerja records the approval of
		// the upper head named for the year; not the head, the admin or a Kasi.
		for _, a := range []authz.Actor{head, o.admin, o.as(o.kasiBank), o.pemeriksa} {
			if _, err := o.svc.ApprovePlan(o.ctx, a, p.ID, v.Revision); !errors.Is(err, domain.ErrForbidden) {
				t.Errorf("%s approving the PK: %v", a.User.Username, err)
			}
		}
		upper := service.SignatoryInput{Name: "Dr. Kepala Kanwil", NIP: "197001011995031001", Position: "Kepala Kantor Wilayah DJPb"}
		if _, err := o.svc.SetSignatory(o.ctx, o.as(o.kasiBank), 2027, o.officeID, upper); !errors.Is(err, domain.ErrForbidden) {
			t.Errorf("a Kasi recording the second party: %v", err)
		}
		_, err = o.svc.SetSignatory(o.ctx, o.as(o.pengelola), 2027, o.officeID, service.SignatoryInput{NIP: "12"})
		if fieldOf(err, "name") != "err.required" || fieldOf(err, "position") != "err.required" || fieldOf(err, "nip") != "nip.length" {
			t.Errorf("an empty second party: %v", err)
		}
		if _, err := o.svc.SetSignatory(o.ctx, o.as(o.pengelola), 2027, o.officeID, upper); err != nil {
			t.Fatal(err)
		}
		v = o.approve(o.as(o.pengelola), p.ID)
		if v.Status != domain.PlanApproved || v.ApproverName != upper.Name || v.ApproverNIP != upper.NIP || v.ApproverPosition != upper.Position {
			t.Errorf("approved PK = %+v", v)
		}
		if _, err := o.svc.AmendPlan(o.ctx, o.as(o.kasiBank), p.ID, "x"); !errors.Is(err, domain.ErrForbidden) {
			t.Errorf("a Kasi amending the PK: %v", err)
		}
		if _, err := o.svc.AmendPlan(o.ctx, o.as(o.pengelola), p.ID, "Penyesuaian anggaran"); err != nil {
			t.Errorf("the pengelola amending the PK: %v", err)
		}
	})
}

func TestActingSupervisorApprovesWithinTheActingDates(t *testing.T) {
	eachKPPN(t, func(t *testing.T, o *kppn) {
		// Kasi PD is vacant: PD clerks report to the head until the Kasi Bank acts (Plt) from February to March.
		_, err := o.svc.Assign(o.ctx, service.SystemActor(), service.AssignInput{EmployeeID: o.kasiBank, PositionID: o.posKasiPD,
			StartDate: time.Date(o.year, 2, 1, 0, 0, 0, 0, time.UTC), EndDate: time.Date(o.year, 3, 31, 0, 0, 0, 0, time.UTC), Acting: domain.ActingPlt})
		o.must(err)
		plt, head := o.as(o.kasiBank), o.as(o.head)
		p1, p2 := o.skp(o.pd1, 3), o.skp(o.pd2, 3)
		o.submit(o.as(o.pd1), p1.ID)
		o.submit(o.as(o.pd2), p2.ID)

		o.at(time.January, 20)
		if _, err := o.svc.ApprovePlan(o.ctx, plt, p1.ID, -1); !errors.Is(err, domain.ErrForbidden) {
			t.Errorf("the Plt approving before the appointment: %v", err)
		}

		o.at(time.February, 15)
		if _, err := o.svc.ApprovePlan(o.ctx, head, p1.ID, -1); !errors.Is(err, domain.ErrForbidden) {
			t.Errorf("the head approving while a Plt supervises: %v", err)
		}
		v, err := o.svc.GetPlan(o.ctx, plt, p1.ID, 0)
		o.must(err)
		if !v.Perm.Approve || len(v.Approvers) != 1 || v.Approvers[0].ID != o.kasiBank {
			t.Errorf("the Plt's view: perm %+v, approvers %v", v.Perm, v.Approvers)
		}
		if got := o.approve(plt, p1.ID); got.ApproverName != "Kasi Bank" {
			t.Errorf("approved by %q", got.ApproverName)
		}

		o.at(time.April, 5)
		if _, err := o.svc.ApprovePlan(o.ctx, plt, p2.ID, -1); !errors.Is(err, domain.ErrForbidden) {
			t.Errorf("the Plt approving after the appointment ended: %v", err)
		}
		o.approve(head, p2.ID)
	})
}
