package web

import (
	"fmt"
	"net/http"

	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/report/xlsx"
	"github.com/kinerja/kinerja/internal/service"
)

type importPage struct {
	Problems []string
	Summary  *service.ImportSummary
	File     string
}

func (s *Server) orgImportPage(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	if !authz.Can(a, authz.OrgManage) {
		return domain.ErrForbidden
	}
	s.render(w, r, http.StatusOK, "org_import", langOf(r).T("import.title"), importPage{})
	return nil
}

func (s *Server) orgImportTemplate(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	if !authz.Can(a, authz.OrgManage) {
		return domain.ErrForbidden
	}
	wb, err := s.svc.OrgTemplate(string(langOf(r)))
	if err != nil {
		return err
	}
	defer wb.Close()
	return sendXLSX(w, "templat-struktur-organisasi.xlsx", wb)
}

// orgExport downloads today's chart in the template's form, to edit and
// import again.
func (s *Server) orgExport(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	wb, err := s.svc.OrgExport(r.Context(), a)
	if err != nil {
		return err
	}
	defer wb.Close()
	return sendXLSX(w, "struktur-organisasi-"+s.svc.Today().Format("2006-01-02")+".xlsx", wb)
}

// sendXLSX writes a workbook as a download.
func sendXLSX(w http.ResponseWriter, name string, wb *xlsx.Workbook) error {
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s"`, name))
	_, err := wb.WriteTo(w)
	return err
}

func (s *Server) orgImport(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	if !authz.Can(a, authz.OrgManage) {
		return domain.ErrForbidden
	}
	if err := parseForm(r); err != nil {
		return err
	}
	l := langOf(r)
	file, hdr, err := r.FormFile("file")
	if err != nil {
		s.render(w, r, http.StatusUnprocessableEntity, "org_import", l.T("import.title"), importPage{Problems: []string{l.T("import.no_file")}})
		return nil
	}
	defer file.Close()
	sum, problems, err := s.svc.ImportOrg(r.Context(), a, hdr.Filename, file)
	if err != nil {
		return err
	}
	d := importPage{File: hdr.Filename}
	if len(problems) > 0 {
		for _, p := range problems {
			d.Problems = append(d.Problems, p.Message(string(l)))
		}
		s.render(w, r, http.StatusUnprocessableEntity, "org_import", l.T("import.title"), d)
		return nil
	}
	d.Summary = &sum
	s.render(w, r, http.StatusOK, "org_import", l.T("import.title"), d)
	return nil
}
