// Package demo fills a database with a realistic demo office so that every
// screen has something real to show, and generates large synthetic
// organisations for benchmarks.
package demo

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/service"
	"github.com/kinerja/kinerja/internal/store"
)

// Password is the password of every demo account.
const Password = "kinerja-demo"

// Account is a demo login worth showing to a newcomer.
type Account struct {
	Username string
	Name     string
	Role     string // what the account shows off
}

// Office is what Seed created, for the demo banner and for tests.
type Office struct {
	OfficeID   int64
	Head       int64            // employee IDs by role in the story
	Pengelola  int64            // performance administrator (Subbagian Umum)
	Sections   map[string]int64 // section code → unit ID
	SectionLed map[string]int64 // section code → head employee ID
	Staff      map[string][]int64
	Moved      int64 // the clerk moved from Seksi Bank to Seksi Pencairan Dana on 1 July
	Accounts   []Account
	Year       int
	// The Kanwil above the office (SPEC §15).
	KanwilID        int64
	KanwilHead      int64
	KanwilPengelola int64
	KanwilPK        int64
	KanwilLines     map[string]int64 // KPPN IKU code → the Kanwil line it cascades from
}

type person struct {
	name  string
	sex   byte // '1' male, '2' female
	grade string
}

type sectionSpec struct {
	code, name, headTitle, staffTitle string
	head                              person
	staff                             []person
	fungsional                        []person // substantive functional staff
}

// administratorSection is the section whose head holds an administrator
// post, the others' being pengawas: the demo's structural post whose SKP
// takes the head's expectations per work result (SPEC §14.1).
const administratorSection = "BANK"

func sectionHeadKind(code string) domain.PositionKind {
	if code == administratorSection {
		return domain.PosAdministrator
	}
	return domain.PosPengawas
}

// The demo office: a KPPN-like kantor pelayanan with five sections.
var (
	officeHead = person{"Dr. Hendra Wijaya, S.E., M.Ak.", '1', "Pembina Tk. I (IV/b)"}
	sections   = []sectionSpec{
		{"UMUM", "Subbagian Umum", "Kepala Subbagian Umum", "Pelaksana Subbagian Umum",
			person{"Ratna Sari Dewi, S.E., M.M.", '2', "Penata Tk. I (III/d)"},
			[]person{
				{"Agus Setiawan, S.Kom.", '1', "Penata Muda Tk. I (III/b)"}, // pengelola kinerja
				{"Sri Wahyuni, A.Md.", '2', "Pengatur Tk. I (II/d)"},
				{"Bambang Prasetyo", '1', "Pengatur (II/c)"},
				{"Nur Aini Rahmawati, S.E.", '2', "Penata Muda (III/a)"},
				{"Dedi Kurniawan", '1', "Pengatur Muda Tk. I (II/b)"},
			}, nil},
		{"PD", "Seksi Pencairan Dana", "Kepala Seksi Pencairan Dana", "Pelaksana Seksi Pencairan Dana",
			person{"Budi Santoso, S.E., M.Si.", '1', "Penata Tk. I (III/d)"},
			[]person{
				{"Siti Nurhaliza, S.E.", '2', "Penata Muda Tk. I (III/b)"},
				{"Rudi Hartono, A.Md.", '1', "Pengatur Tk. I (II/d)"},
				{"Lestari Handayani, S.Ak.", '2', "Penata Muda (III/a)"},
				{"Yusuf Maulana", '1', "Pengatur (II/c)"},
				{"Fitri Ramadhani, S.E.", '2', "Penata Muda (III/a)"},
				{"Arief Budiman, A.Md.Ak.", '1', "Pengatur Tk. I (II/d)"},
			},
			[]person{{"Dian Permatasari, S.E.", '2', "Penata (III/c)"}}},
		{"BANK", "Seksi Bank", "Kepala Seksi Bank", "Pelaksana Seksi Bank",
			person{"Indah Purnamasari, S.E., M.Ak.", '2', "Penata Tk. I (III/d)"},
			[]person{
				{"Eko Prasetyo, S.Kom.", '1', "Penata Muda Tk. I (III/b)"},
				{"Wulan Sari, A.Md.", '2', "Pengatur Tk. I (II/d)"},
				{"Fajar Nugroho", '1', "Pengatur (II/c)"},
				{"Ayu Lestari, S.E.", '2', "Penata Muda (III/a)"},
			}, nil},
		{"VERA", "Seksi Verifikasi dan Akuntansi", "Kepala Seksi Verifikasi dan Akuntansi", "Pelaksana Seksi Verifikasi dan Akuntansi",
			person{"Ahmad Fauzi, S.E., M.Ak., Ak.", '1', "Penata Tk. I (III/d)"},
			[]person{
				{"Maya Anggraini, S.Ak.", '2', "Penata Muda Tk. I (III/b)"},
				{"Hendri Saputra, A.Md.Ak.", '1', "Pengatur Tk. I (II/d)"},
				{"Rina Marlina, S.E.", '2', "Penata Muda (III/a)"},
				{"Joko Susilo", '1', "Pengatur (II/c)"},
				{"Putri Amelia, A.Md.", '2', "Pengatur (II/c)"},
			},
			[]person{{"Taufik Hidayat, S.E., M.Ak.", '1', "Penata (III/c)"}}},
		{"MSKI", "Seksi Manajemen Satker dan Kepatuhan Internal", "Kepala Seksi Manajemen Satker dan Kepatuhan Internal", "Pelaksana Seksi MSKI",
			person{"Dewi Kartika Sari, S.H., M.H.", '2', "Penata Tk. I (III/d)"},
			[]person{
				{"Irfan Hakim, S.E.", '1', "Penata Muda Tk. I (III/b)"},
				{"Novi Susanti, A.Md.", '2', "Pengatur Tk. I (II/d)"},
				{"Rizky Pratama, S.Kom.", '1', "Penata Muda (III/a)"},
				{"Anisa Fitriani", '2', "Pengatur (II/c)"},
				{"Galih Permana, S.E.", '1', "Penata Muda (III/a)"},
				{"Yuliana Putri, A.Md.", '2', "Pengatur Tk. I (II/d)"},
				{"Hadi Kusuma", '1', "Pengatur Muda Tk. I (II/b)"},
			}, nil},
	}
)

// nipFor makes a valid-looking NIP: birth date, appointment month, sex digit, sequence.
func nipFor(i int, sex byte) string {
	birthYear := 1968 + (i*7)%28
	birth := time.Date(birthYear, time.Month(1+(i*5)%12), 1+(i*11)%28, 0, 0, 0, 0, time.UTC)
	appt := time.Date(birthYear+22+i%5, time.Month(1+(i*3)%12), 1, 0, 0, 0, 0, time.UTC)
	return fmt.Sprintf("%s%s%c%03d", birth.Format("20060102"), appt.Format("200601"), sex, 1+(i*37)%999)
}

// username makes a login name from a person's name: first name and initial of the next.
func username(name string) string {
	name = strings.Split(name, ",")[0]
	name = strings.TrimPrefix(name, "Dr. ")
	parts := strings.Fields(strings.ToLower(name))
	u := parts[0]
	if len(parts) > 1 {
		u += "." + parts[1]
	}
	return u
}

// neighbours are the other offices of the demo office's region.
var neighbours = []OfficeName{
	{"KPPN-BDG1", "Kantor Pelayanan Perbendaharaan Negara Bandung I", "Bandung"},
	{"KPPN-BGR", "Kantor Pelayanan Perbendaharaan Negara Bogor", "Bogor"},
	{"KPPN-CRB", "Kantor Pelayanan Perbendaharaan Negara Cirebon", "Cirebon"},
	{"KPPN-TSM", "Kantor Pelayanan Perbendaharaan Negara Tasikmalaya", "Tasikmalaya"},
}

// Seed creates the demo organisation, accounts and performance year through
// the services, so that everything it makes is validated and audited; the
// region's other offices are generated (demo.Generate), which is why Seed
// takes the store base runs on.
func Seed(ctx context.Context, st *store.Store, base *service.Service) (*Office, error) {
	today := base.Now()
	clk := &clock{year: today.Year(), cap: today.Add(-time.Hour), loc: base.Location()}
	clk.at(time.January, 2, 8)
	svc := base.WithClock(clk.Now)
	sys := service.SystemActor()
	off := &Office{Sections: map[string]int64{}, SectionLed: map[string]int64{}, Staff: map[string][]int64{}}
	start := time.Date(svc.Today().Year()-1, 1, 2, 0, 0, 0, 0, time.UTC)

	root, err := svc.CreateUnit(ctx, sys, service.UnitInput{Code: "DJPB", Name: "Direktorat Jenderal Perbendaharaan", Kind: domain.UnitOrganisation})
	if err != nil {
		return nil, fmt.Errorf("demo: %w", err)
	}
	kanwil, err := svc.CreateUnit(ctx, sys, service.UnitInput{ParentID: root.ID, Code: "KANWIL-JBR", Name: "Kantor Wilayah DJPb Provinsi Jawa Barat", Kind: domain.UnitRegion, City: "Bandung"})
	if err != nil {
		return nil, fmt.Errorf("demo: %w", err)
	}
	office, err := svc.CreateUnit(ctx, sys, service.UnitInput{ParentID: kanwil.ID, Code: "KPPN-SKM", Kind: domain.UnitOffice,
		Name:       "Kantor Pelayanan Perbendaharaan Negara Sukamaju",
		Letterhead: "KEMENTERIAN KEUANGAN REPUBLIK INDONESIA\nDIREKTORAT JENDERAL PERBENDAHARAAN\nKANTOR WILAYAH DIREKTORAT JENDERAL PERBENDAHARAAN PROVINSI JAWA BARAT",
		Address:    "Jalan Merdeka Nomor 45, Sukamaju 43111; Telepon (0263) 512345; laman djpb.kemenkeu.go.id/kppn/sukamaju",
		City:       "Sukamaju"})
	if err != nil {
		return nil, fmt.Errorf("demo: %w", err)
	}
	off.OfficeID = office.ID

	seq := 0
	hire := func(p person, unitID, reportsTo int64, title string, kind domain.PositionKind) (int64, int64, error) {
		seq++
		pos, err := svc.CreatePosition(ctx, sys, service.PositionInput{UnitID: unitID, Title: title, Kind: kind, ReportsToID: reportsTo})
		if err != nil {
			return 0, 0, err
		}
		e, err := svc.CreateEmployeeIn(ctx, sys, service.EmployeeInput{NIP: nipFor(seq, p.sex), Name: p.name, Grade: p.grade,
			Email: username(p.name) + "@kemenkeu.go.id"}, pos.ID, start)
		if err != nil {
			return 0, 0, fmt.Errorf("%s: %w", p.name, err)
		}
		return e.ID, pos.ID, nil
	}
	accounts := map[int64]domain.Role{}
	headID, headPos, err := hire(officeHead, office.ID, 0, "Kepala Kantor", domain.PosHead)
	if err != nil {
		return nil, fmt.Errorf("demo: %w", err)
	}
	off.Head = headID
	for _, sec := range sections {
		u, err := svc.CreateUnit(ctx, sys, service.UnitInput{ParentID: office.ID, Code: "KPPN-SKM-" + sec.code, Name: sec.name, Kind: domain.UnitSection})
		if err != nil {
			return nil, fmt.Errorf("demo: %w", err)
		}
		off.Sections[sec.code] = u.ID
		lead, leadPos, err := hire(sec.head, u.ID, headPos, sec.headTitle, sectionHeadKind(sec.code))
		if err != nil {
			return nil, fmt.Errorf("demo: %w", err)
		}
		off.SectionLed[sec.code] = lead
		for _, p := range sec.staff {
			id, _, err := hire(p, u.ID, leadPos, sec.staffTitle, domain.PosPelaksana)
			if err != nil {
				return nil, fmt.Errorf("demo: %w", err)
			}
			off.Staff[sec.code] = append(off.Staff[sec.code], id)
		}
		for _, p := range sec.fungsional {
			id, _, err := hire(p, u.ID, leadPos, "Pranata Keuangan APBN Penyelia", domain.PosFungsional)
			if err != nil {
				return nil, fmt.Errorf("demo: %w", err)
			}
			off.Staff[sec.code] = append(off.Staff[sec.code], id)
		}
	}
	off.Pengelola = off.Staff["UMUM"][0]
	accounts[off.Pengelola] = domain.RolePengelola

	// The Kanwil's own people, hired after the office's.
	off.KanwilID = kanwil.ID
	kHead, kHeadPos, err := hire(kanwilHead, kanwil.ID, 0, "Kepala Kantor", domain.PosHead)
	if err != nil {
		return nil, fmt.Errorf("demo: %w", err)
	}
	off.KanwilHead = kHead
	for _, sec := range kanwilUnits {
		u, err := svc.CreateUnit(ctx, sys, service.UnitInput{ParentID: kanwil.ID, Code: "KANWIL-JBR-" + sec.code, Name: sec.name, Kind: domain.UnitSection})
		if err != nil {
			return nil, fmt.Errorf("demo: %w", err)
		}
		_, leadPos, err := hire(sec.head, u.ID, kHeadPos, sec.headTitle, domain.PosAdministrator)
		if err != nil {
			return nil, fmt.Errorf("demo: %w", err)
		}
		for _, p := range sec.staff {
			id, _, err := hire(p, u.ID, leadPos, sec.staffTitle, domain.PosPelaksana)
			if err != nil {
				return nil, fmt.Errorf("demo: %w", err)
			}
			if off.KanwilPengelola == 0 {
				off.KanwilPengelola = id
				accounts[id] = domain.RolePengelola
			}
		}
	}

	// Every employee can sign in; the pengelola kinerja has that role.
	c, err := svc.Chart(ctx)
	if err != nil {
		return nil, err
	}
	employeeAccounts := func(ids []int64) error {
		for _, id := range ids {
			e := c.Employees[id]
			role := accounts[id]
			if role == "" {
				role = domain.RoleEmployee
			}
			if _, err := svc.CreateUser(ctx, sys, service.UserInput{Username: username(e.Name), Password: Password, Role: role, EmployeeID: id, Lang: "id", Active: true}); err != nil {
				return fmt.Errorf("demo: account of %s: %w", e.Name, err)
			}
		}
		return nil
	}
	if err := employeeAccounts(c.OfficeEmployees(office.ID)); err != nil {
		return nil, err
	}
	for _, u := range []service.UserInput{
		{Username: "admin", Password: Password, Role: domain.RoleAdmin, Lang: "id", Active: true},
		{Username: "pemeriksa", Password: Password, Role: domain.RolePemeriksa, Lang: "id", Active: true},
	} {
		if _, err := svc.CreateUser(ctx, sys, u); err != nil {
			return nil, fmt.Errorf("demo: account %s: %w", u.Username, err)
		}
	}
	// The Kanwil's accounts come after, so the office's keep their numbers.
	if err := employeeAccounts(c.OfficeEmployees(kanwil.ID)); err != nil {
		return nil, err
	}
	off.Year = svc.Today().Year()
	if _, err := svc.CreateYear(ctx, sys, off.Year, ""); err != nil {
		return nil, fmt.Errorf("demo: year: %w", err)
	}
	if err := seedKanwilPlan(ctx, svc, clk, off); err != nil {
		return nil, fmt.Errorf("demo: Kanwil: %w", err)
	}
	if err := seedPlans(ctx, svc, clk, off); err != nil {
		return nil, fmt.Errorf("demo: plans: %w", err)
	}
	if err := seedRealisation(ctx, svc, clk, off); err != nil {
		return nil, fmt.Errorf("demo: realisation: %w", err)
	}
	if err := seedReports(ctx, svc, clk, off); err != nil {
		return nil, fmt.Errorf("demo: reports: %w", err)
	}
	if err := seedScores(ctx, svc, clk, off); err != nil {
		return nil, fmt.Errorf("demo: scores: %w", err)
	}
	if err := seedInitiatives(ctx, svc, clk, off); err != nil {
		return nil, fmt.Errorf("demo: strategic initiatives: %w", err)
	}
	// The other offices of the region, smaller and generated, so that the
	// region's overview compares several offices.
	upper, err := UpperOf(ctx, svc, off)
	if err != nil {
		return nil, err
	}
	if _, err := Generate(ctx, st, base, GenerateOptions{Offices: len(neighbours), EmployeesPerOffice: 24, Seed: 7, Region: kanwil.ID,
		Year: off.Year, Names: neighbours, Upper: upper}); err != nil {
		return nil, fmt.Errorf("demo: neighbouring offices: %w", err)
	}
	if err := seedKanwilQuarters(ctx, svc, clk, off); err != nil {
		return nil, fmt.Errorf("demo: Kanwil quarters: %w", err)
	}
	name := func(id int64) string { return c.Employees[id].Name }
	off.Accounts = []Account{
		{username(name(off.Head)), name(off.Head), "Kepala Kantor (pemilik peta strategi)"},
		{username(name(off.SectionLed["BANK"])), name(off.SectionLed["BANK"]), "Kepala Seksi Bank"},
		{username(name(off.Staff["BANK"][0])), name(off.Staff["BANK"][0]), "Pelaksana Seksi Bank"},
		{username(name(off.Pengelola)), name(off.Pengelola), "Pengelola Kinerja"},
		{"admin", "Administrator", "Admin sistem"},
		{"pemeriksa", "Pemeriksa", "Pemeriksa (hanya baca)"},
		{username(name(off.KanwilHead)), name(off.KanwilHead), "Kepala Kanwil (pihak kedua PK kantor, melihat seluruh wilayah)"},
		{username(name(off.KanwilPengelola)), name(off.KanwilPengelola), "Pengelola Kinerja Kanwil"},
	}
	return off, nil
}
