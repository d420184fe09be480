package service_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/kinerja/kinerja/internal/auth"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/report/xlsx"
	"github.com/kinerja/kinerja/internal/service"
	"github.com/kinerja/kinerja/internal/store"
	"github.com/kinerja/kinerja/internal/store/storetest"
)

func newImportService(t *testing.T, st *store.Store) *service.Service {
	t.Helper()
	now := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	return service.New(st, service.Options{PasswordParams: &auth.TestParams, Now: func() time.Time { return now }})
}

// workbook fills the import template with rows.
func workbook(t *testing.T, svc *service.Service, units, emps [][]any) []byte {
	t.Helper()
	wb, err := svc.OrgTemplate("id")
	if err != nil {
		t.Fatal(err)
	}
	defer wb.Close()
	for _, r := range units {
		if err := wb.Sheet("Unit").WriteRow(r...); err != nil {
			t.Fatal(err)
		}
	}
	for _, r := range emps {
		if err := wb.Sheet("Pegawai").WriteRow(r...); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if _, err := wb.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

var importUnits = [][]any{
	{"KPPN-X", "KPPN Contoh", "kantor", "", "Jl. Contoh 1", "Contoh", "KEMENTERIAN KEUANGAN|DJPB"},
	{"KPPN-X-BANK", "Seksi Bank", "seksi", "KPPN-X", "", "", ""},
}

var importEmps = [][]any{
	{"198001012005011001", "Kepala Contoh", "IV/a", "kepala@example.go.id", "KPPN-X", "Kepala Kantor", "pimpinan", "", "2026-01-02"},
	{"198502022008012002", "Kasi Bank", "III/d", "", "KPPN-X-BANK", "Kepala Seksi Bank", "pengawas", "198001012005011001", ""},
	{"199003032012011003", "Staf Satu", "III/a", "", "KPPN-X-BANK", "Pelaksana Seksi Bank", "pelaksana", "198502022008012002", ""},
	{"199104042013012004", "Staf Dua", "III/a", "", "KPPN-X-BANK", "Pelaksana Seksi Bank", "pelaksana", "198502022008012002", ""},
}

func TestImportOrgCreatesTheChart(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		svc := newImportService(t, st)
		sum, problems, err := svc.ImportOrg(ctx, service.SystemActor(), "org.xlsx", bytes.NewReader(workbook(t, svc, importUnits, importEmps)))
		if err != nil || len(problems) > 0 {
			t.Fatalf("import: %v %v", err, problems)
		}
		want := service.ImportSummary{UnitsCreated: 2, PositionsCreated: 3, PositionsUpdated: 2, EmployeesCreated: 4}
		if sum != want {
			t.Errorf("summary = %+v, want %+v", sum, want)
		}
		c, err := svc.Chart(ctx)
		if err != nil {
			t.Fatal(err)
		}
		staff, _ := st.GetEmployeeByNIP(ctx, "199104042013012004")
		kasi, _ := st.GetEmployeeByNIP(ctx, "198502022008012002")
		head, _ := st.GetEmployeeByNIP(ctx, "198001012005011001")
		if !c.IsSupervisor(kasi.ID, staff.ID) || !c.IsSupervisor(head.ID, kasi.ID) {
			t.Errorf("supervisors not derived from NIP Atasan")
		}
		if off := c.EmployeeOffice(staff.ID); c.Units[off].Code != "KPPN-X" {
			t.Errorf("office of staff = %v", off)
		}
		if c.Head(c.EmployeeOffice(staff.ID)) != head.ID {
			t.Errorf("head not found")
		}
		// Importing the same file again changes nothing.
		sum, problems, err = svc.ImportOrg(ctx, service.SystemActor(), "org.xlsx", bytes.NewReader(workbook(t, svc, importUnits, importEmps)))
		if err != nil || len(problems) > 0 {
			t.Fatalf("reimport: %v %v", err, problems)
		}
		if sum.UnitsCreated+sum.PositionsCreated+sum.EmployeesCreated+sum.Transfers+sum.PositionsUpdated+sum.EmployeesUpdated != 0 {
			t.Errorf("reimport changed things: %+v", sum)
		}
	})
}

func TestImportOrgRefusesBadRowsAndSavesNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		svc := newImportService(t, st)
		bad := append([][]any{}, importEmps...)
		bad = append(bad,
			[]any{"12345", "NIP Pendek", "", "", "KPPN-X-BANK", "Pelaksana Seksi Bank", "pelaksana", "198502022008012002", ""},
			[]any{"199205052014011005", "Unit Salah", "", "", "KPPN-TIDAK-ADA", "Pelaksana", "pelaksana", "", ""},
			[]any{"199306062015012006", "Atasan Salah", "", "", "KPPN-X-BANK", "Pelaksana Seksi Bank", "pelaksana", "111111111111111111", ""},
			[]any{"199003032012011003", "Duplikat", "", "", "KPPN-X-BANK", "Pelaksana Seksi Bank", "pelaksana", "198502022008012002", ""},
		)
		_, problems, err := svc.ImportOrg(ctx, service.SystemActor(), "org.xlsx", bytes.NewReader(workbook(t, svc, importUnits, bad)))
		if err != nil {
			t.Fatal(err)
		}
		if len(problems) != 4 {
			t.Fatalf("want 4 problems (rows 6-9), got %d: %v", len(problems), problems)
		}
		for _, p := range problems {
			if p.Sheet != "Pegawai" || p.Row < 6 || p.Row > 9 || p.Column == "" {
				t.Errorf("problem without a clear place: %+v", p)
			}
		}
		if n, _ := st.ListUnits(ctx); len(n) != 0 {
			t.Errorf("units were saved despite errors: %d", len(n))
		}
	})
}

func TestImportOrgCSVAndCycle(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		svc := newImportService(t, st)
		if _, p, err := svc.ImportOrg(ctx, service.SystemActor(), "org.xlsx", bytes.NewReader(workbook(t, svc, importUnits, importEmps[:1]))); err != nil || len(p) > 0 {
			t.Fatal(err, p)
		}
		csv := "NIP;Nama;Kode Unit;Jabatan;Jenis Jabatan;NIP Atasan\n" +
			"198502022008012002;A;KPPN-X-BANK;Jabatan A;pengawas;199003032012011003\n" +
			"199003032012011003;B;KPPN-X-BANK;Jabatan B;pelaksana;198502022008012002\n"
		_, problems, err := svc.ImportOrg(ctx, service.SystemActor(), "org.csv", strings.NewReader(csv))
		if err != nil {
			t.Fatal(err)
		}
		if len(problems) == 0 || !strings.Contains(problems[0].EN, "cycle") {
			t.Fatalf("cycle not refused: %v", problems)
		}
		csv = "NIP;Nama;Kode Unit;Jabatan;Jenis Jabatan;NIP Atasan;TMT Jabatan\n" +
			"198502022008012002;Kasi;KPPN-X-BANK;Kepala Seksi Bank;pengawas;198001012005011001;01/07/2026\n"
		sum, problems, err := svc.ImportOrg(ctx, service.SystemActor(), "org.csv", strings.NewReader(csv))
		if err != nil || len(problems) > 0 {
			t.Fatal(err, problems)
		}
		if sum.EmployeesCreated != 1 {
			t.Errorf("summary %+v", sum)
		}
		e, _ := st.GetEmployeeByNIP(ctx, "198502022008012002")
		h, _ := st.ListAssignmentsOfEmployee(ctx, e.ID)
		if len(h) != 1 || !h[0].StartDate.Equal(time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)) {
			t.Errorf("assignment %+v", h)
		}
	})
}

func TestImportOrgNeedsPermission(t *testing.T) {
	st := storetest.Open(t, store.SQLite)
	svc := newImportService(t, st)
	staff := service.SystemActor()
	staff.User.Role = domain.RoleEmployee
	_, _, err := svc.ImportOrg(context.Background(), staff, "org.csv", strings.NewReader("NIP\n"))
	if err != domain.ErrForbidden {
		t.Fatalf("err = %v, want forbidden", err)
	}
}

// TestImportOrgNonSubstantive: the Non-Substantif column marks fungsional
// posts; left empty it keeps an existing post's flag, and a bad value or a
// flag on another kind of post is refused with its place.
func TestImportOrgNonSubstantive(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		svc := newImportService(t, st)
		fungsional := func(flag string) [][]any {
			return append(append([][]any{}, importEmps...),
				[]any{"199205052014011005", "Pranata Satu", "III/b", "", "KPPN-X-BANK", "Pranata Keuangan APBN", "fungsional", "198502022008012002", "", flag},
				[]any{"199306062015012006", "Pranata Dua", "III/b", "", "KPPN-X-BANK", "Pranata Keuangan APBN", "fungsional", "198502022008012002", "", ""})
		}
		flagOf := func() bool {
			t.Helper()
			e, err := st.GetEmployeeByNIP(ctx, "199306062015012006")
			if err != nil {
				t.Fatal(err)
			}
			c := must[*domain.Chart](t)(svc.Chart(ctx))
			pos, ok := c.Primary(e.ID)
			if !ok || pos.Kind != domain.PosFungsional {
				t.Fatalf("post %+v", pos)
			}
			return pos.NonSubstantive
		}
		imp := func(rows [][]any) (service.ImportSummary, []string) {
			t.Helper()
			sum, problems, err := svc.ImportOrg(ctx, service.SystemActor(), "org.xlsx", bytes.NewReader(workbook(t, svc, importUnits, rows)))
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, p := range problems {
				out = append(out, fmt.Sprintf("%d %s %s: %s", p.Row, p.Column, p.Header, p.EN))
			}
			return sum, out
		}
		if _, problems := imp(fungsional("ya")); problems != nil {
			t.Fatal(problems)
		}
		if !flagOf() {
			t.Error("the shared fungsional post is not non-substantive")
		}
		// Empty keeps the flag; "tidak" clears it, and says so in the summary.
		if sum, problems := imp(fungsional("")); problems != nil || sum.PositionsUpdated != 0 || !flagOf() {
			t.Errorf("an empty flag: %+v %v, flag %v", sum, problems, flagOf())
		}
		if sum, problems := imp(fungsional("Tidak")); problems != nil || sum.PositionsUpdated != 1 || flagOf() {
			t.Errorf("tidak: %+v %v, flag %v", sum, problems, flagOf())
		}

		// A value the column does not know stops the file at the reading.
		if _, problems := imp(fungsional("mungkin")); strings.Join(problems, "\n") != `6 J Non-Substantif: "mungkin" is not an allowed value; use one of: ya, tidak` {
			t.Errorf("problems: %v", problems)
		}
		bad := fungsional("ya")                                  // row 6
		bad[2] = append(append([]any{}, bad[2]...), "ya")        // row 4: a pelaksana
		bad[5] = append(append([]any{}, bad[5][:9]...), "tidak") // row 7: the post of row 6
		_, problems := imp(bad)
		want := []string{
			"4 J Non-Substantif: only a fungsional post can be non-substantive",
			"7 J Non-Substantif: the same post is marked otherwise on row 6",
		}
		if strings.Join(problems, "\n") != strings.Join(want, "\n") {
			t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(problems, "\n"), strings.Join(want, "\n"))
		}
		if flagOf() {
			t.Error("a refused file changed the flag")
		}
	})
}

// TestOrgExportRoundTrip: the chart exported in the template's form imports
// again changing no post and no person, flags included; a post's flag
// changed in the workbook comes back.
func TestOrgExportRoundTrip(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		svc := newImportService(t, st)
		rows := append(append([][]any{}, importEmps...),
			[]any{"199205052014011005", "Pranata Satu", "III/b", "", "KPPN-X-BANK", "Pranata Keuangan APBN", "fungsional", "198502022008012002", "", "ya"},
			[]any{"199306062015012006", "Analis Satu", "III/b", "", "KPPN-X-BANK", "Analis Perbendaharaan", "fungsional", "198502022008012002", "", "tidak"})
		if _, problems, err := svc.ImportOrg(ctx, service.SystemActor(), "org.xlsx", bytes.NewReader(workbook(t, svc, importUnits, rows))); err != nil || problems != nil {
			t.Fatalf("import: %v %v", err, problems)
		}
		export := func() []byte {
			t.Helper()
			wb, err := svc.OrgExport(ctx, service.SystemActor())
			if err != nil {
				t.Fatal(err)
			}
			defer wb.Close()
			var buf bytes.Buffer
			if _, err := wb.WriteTo(&buf); err != nil {
				t.Fatal(err)
			}
			return buf.Bytes()
		}
		sum, problems, err := svc.ImportOrg(ctx, service.SystemActor(), "org.xlsx", bytes.NewReader(export()))
		if err != nil || problems != nil {
			t.Fatalf("re-import: %v %v", err, problems)
		}
		if sum.UnitsCreated+sum.PositionsCreated+sum.PositionsUpdated+sum.EmployeesCreated+sum.EmployeesUpdated+sum.Transfers != 0 {
			t.Errorf("the export imported changes things: %+v", sum)
		}
		flags := func() map[string]bool {
			out := map[string]bool{}
			for _, p := range must[*domain.Chart](t)(svc.Chart(ctx)).Positions {
				if p.Kind == domain.PosFungsional {
					out[p.Title] = p.NonSubstantive
				}
			}
			return out
		}
		if f := flags(); !f["Pranata Keuangan APBN"] || f["Analis Perbendaharaan"] || len(f) != 2 {
			t.Errorf("flags after the round trip: %v", f)
		}
		// The export holds every person with their post's flag, and what it
		// holds changed comes back.
		data := export()
		wbRows, cellProblems, err := xlsxPegawai(data)
		if err != nil || cellProblems != nil {
			t.Fatalf("read the export: %v %v", err, cellProblems)
		}
		if len(wbRows) != len(rows) {
			t.Errorf("the export has %d people, want %d", len(wbRows), len(rows))
		}
		for i := range wbRows {
			if wbRows[i][0] == "199306062015012006" {
				wbRows[i][9] = "ya"
			}
		}
		if _, problems, err := svc.ImportOrg(ctx, service.SystemActor(), "org.xlsx", bytes.NewReader(workbook(t, svc, nil, wbRows))); err != nil || problems != nil {
			t.Fatalf("import the edited export: %v %v", err, problems)
		}
		if f := flags(); !f["Analis Perbendaharaan"] {
			t.Errorf("flags after the edit: %v", f)
		}
	})
}

// xlsxPegawai reads the Pegawai sheet of a workbook as texts.
func xlsxPegawai(data []byte) ([][]any, []xlsx.CellError, error) {
	var spec xlsx.Spec
	spec.Sheet = "Pegawai"
	for _, h := range []string{"NIP", "Nama", "Pangkat/Golongan", "Email", "Kode Unit", "Jabatan", "Jenis Jabatan", "NIP Atasan", "TMT Jabatan", "Non-Substantif"} {
		spec.Columns = append(spec.Columns, xlsx.Column{Header: h})
	}
	rows, problems, err := spec.ReadXLSX(bytes.NewReader(data))
	var out [][]any
	for _, r := range rows {
		var row []any
		for _, v := range r.Values {
			row = append(row, v.Text)
		}
		out = append(out, row)
	}
	return out, problems, err
}
