package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/service"
)

// bankResults are the Kepala Seksi Bank's own work results (rencana hasil
// kerja), by indicator name.
var bankResults = map[string]string{
	"Persentase retur SP2D yang diselesaikan":                         "Retur SP2D satker mitra terselesaikan dan dana tersalurkan kembali kepada penerima yang berhak",
	"Tingkat akurasi rekonsiliasi data transaksi bank":                "Data transaksi bank persepsi dan bank operasional terekonsiliasi secara akurat",
	"Persentase penerimaan negara yang dibukukan pada hari yang sama": "Penerimaan negara dibukukan pada hari diterima",
}

// bankExpectations are the head's expectations of the Kepala Seksi Bank's
// work results (ekspektasi khusus pimpinan per hasil kerja), by indicator
// name: an administrator's SKP takes them beside the seven behaviours.
var bankExpectations = map[string]string{
	"Persentase retur SP2D yang diselesaikan":                         "Retur diselesaikan paling lambat lima hari kerja sejak surat permintaan satker diterima; retur lewat satu bulan dilaporkan dalam rapat kinerja.",
	"Tingkat akurasi rekonsiliasi data transaksi bank":                "Selisih rekonsiliasi ditelusuri dan diselesaikan bersama bank sebelum berita acara bulanan ditandatangani.",
	"Persentase penerimaan negara yang dibukukan pada hari yang sama": "Penerimaan yang belum terbukukan pada hari yang sama dilaporkan kepada Kepala Kantor beserta penyebabnya pada hari kerja berikutnya.",
}

// lineExpectations are the expectations per work result of an SKP whose
// post takes them: the Kepala Seksi Bank's lines, by name.
func lineExpectations(ctx context.Context, svc *service.Service, sup authz.Actor, planID int64) (map[int64]string, error) {
	x, err := svc.GetExpectations(ctx, sup, planID)
	if err != nil || !x.PerLine {
		return nil, err
	}
	view, err := svc.GetPlan(ctx, sup, planID, 0)
	if err != nil {
		return nil, err
	}
	out := map[int64]string{}
	for _, l := range view.Lines {
		if t, ok := bankExpectations[l.Name]; ok {
			out[l.LineID] = t
		}
	}
	return out, nil
}

// bankAttachment is the Lampiran of the Kepala Seksi Bank's SKP.
var bankAttachment = domain.PlanAttachment{
	Resources: "Akses aplikasi SPAN dan MPN G3; dua pelaksana Seksi Bank; rekening koran harian dari bank operasional dan bank persepsi; " +
		"anggaran rapat koordinasi rekonsiliasi triwulanan.",
	Accountability: "Laporan capaian bulanan kepada Kepala Kantor melalui rapat kinerja; berita acara rekonsiliasi bank ditandatangani setiap bulan; " +
		"realisasi IKI dilaporkan triwulanan dengan bukti dukung di aplikasi.",
	Consequences: "Capaian di atas ekspektasi menjadi dasar usulan penghargaan dan pengembangan karier; capaian di bawah ekspektasi " +
		"ditindaklanjuti dengan rencana perbaikan bersama atasan langsung.",
}

// seedBankSKPDocument fills what the Kepala Seksi Bank's SKP prints beside
// its lines, while it is still a draft: the own work result of each line
// and the Lampiran.
func seedBankSKPDocument(ctx context.Context, svc *service.Service, kasi authz.Actor, planID int64) error {
	view, err := svc.GetPlan(ctx, kasi, planID, 0)
	if err != nil {
		return err
	}
	for _, l := range view.Lines {
		res, ok := bankResults[l.Name]
		if !ok {
			continue
		}
		m := l.Manual
		m.Result = res
		in := service.LineInput{Code: l.Code, Name: l.Name, ObjectiveID: l.ObjectiveID, ParentLineID: l.ParentLineID,
			CascadeType: l.CascadeType, CascadeMethod: l.CascadeMethod, Weight: l.Weight, Targets: l.Targets, Manual: m}
		if _, err := svc.SaveLine(ctx, kasi, planID, l.LineID, -1, in); err != nil {
			return fmt.Errorf("work result of %s: %w", l.Code, err)
		}
	}
	if _, err := svc.SaveAttachment(ctx, kasi, planID, -1, bankAttachment); err != nil {
		return fmt.Errorf("lampiran: %w", err)
	}
	return nil
}

// seedBankTask: early in February the head gives the Kepala Seksi Bank an additional
// task, recorded by the Kasi.
func seedBankTask(ctx context.Context, svc *service.Service, clk *clock, off *Office) error {
	kasi, err := actorOf(ctx, svc, off.SectionLed["BANK"])
	if err != nil {
		return err
	}
	p, err := svc.MyPlan(ctx, kasi, off.Year)
	if err != nil || p.ID == 0 {
		return err
	}
	clk.set(time.Date(off.Year, time.February, 2, 10, 0, 0, 0, clk.loc))
	_, err = svc.AddTask(ctx, kasi, p.ID, "Anggota tim penyusun SOP penyelesaian retur SP2D lingkup KPPN (ND Kepala Kantor Februari "+fmt.Sprint(off.Year)+").")
	return err
}
