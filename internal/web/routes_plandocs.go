package web

import (
	"context"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/service"
)

// planDocRoutes registers the documents of a plan (PK/SKP and manual book
// as PDF, the workbook) and the import of manuals and targets.
func (s *Server) planDocRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /plans/{id}/pdf", s.auth(s.planDocument(s.svc.PlanPDF)))
	mux.HandleFunc("GET /plans/{id}/manual.pdf", s.auth(s.planDocument(s.svc.PlanManualPDF)))
	mux.HandleFunc("GET /plans/{id}/xlsx", s.auth(s.planWorkbook))
	mux.HandleFunc("GET /plans/{id}/import", s.auth(s.planImportPage))
	mux.HandleFunc("GET /plans/{id}/import/template.xlsx", s.auth(s.planImportTemplate))
	mux.HandleFunc("POST /plans/{id}/import", s.auth(s.planImport))
}

// versionParam reads the optional ?version= (a version ID; 0 when absent).
func versionParam(r *http.Request) (int64, error) {
	v := strings.TrimSpace(r.URL.Query().Get("version"))
	if v == "" {
		return 0, nil
	}
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id <= 0 {
		return 0, domain.ErrNotFound
	}
	return id, nil
}

// sendFile answers with a generated document as a download.
func sendFile(w http.ResponseWriter, f service.File) error {
	h := w.Header()
	h.Set("Content-Type", f.ContentType)
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": f.Name}))
	h.Set("Content-Length", strconv.Itoa(len(f.Data)))
	h.Set("Cache-Control", "private, no-store")
	_, err := w.Write(f.Data)
	return err
}

// planDocument serves a PDF of a plan version made by gen.
func (s *Server) planDocument(gen func(ctx context.Context, a authz.Actor, planID, versionID int64) (service.File, error)) handler {
	return func(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
		id, err := pathID(r, "id")
		if err != nil {
			return err
		}
		version, err := versionParam(r)
		if err != nil {
			return err
		}
		f, err := gen(r.Context(), a, id, version)
		if err != nil {
			return err
		}
		return sendFile(w, f)
	}
}

func (s *Server) planWorkbook(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	version, err := versionParam(r)
	if err != nil {
		return err
	}
	f, err := s.svc.PlanXLSX(r.Context(), a, id, version, string(langOf(r)))
	if err != nil {
		return err
	}
	return sendFile(w, f)
}

func (s *Server) planImportTemplate(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f, err := s.svc.PlanImportTemplate(r.Context(), a, id, string(langOf(r)))
	if err != nil {
		return err
	}
	return sendFile(w, f)
}

// planImportPage is the data of the import page.
type planImportPage struct {
	View     service.PlanView
	Problems []string
	File     string
}

func (s *Server) planImportPage(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	view, err := s.svc.PlanImportView(r.Context(), a, id)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "plan_import", langOf(r).T("plandocs.import_title"), planImportPage{View: view})
	return nil
}

func (s *Server) planImport(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	l := langOf(r)
	view, err := s.svc.PlanImportView(r.Context(), a, id)
	if err != nil {
		return err
	}
	d := planImportPage{View: view}
	file, hdr, err := r.FormFile("file")
	if err != nil {
		d.Problems = []string{l.T("plandocs.no_file")}
		s.render(w, r, http.StatusUnprocessableEntity, "plan_import", l.T("plandocs.import_title"), d)
		return nil
	}
	defer file.Close()
	d.File = hdr.Filename
	sum, problems, err := s.svc.ImportPlan(r.Context(), a, id, hdr.Filename, file)
	if err != nil {
		f := newForm(r.PostForm)
		if !f.absorb(l, err) {
			return err
		}
		d.Problems = f.General
		s.render(w, r, http.StatusUnprocessableEntity, "plan_import", l.T("plandocs.import_title"), d)
		return nil
	}
	if len(problems) > 0 {
		for _, p := range problems {
			d.Problems = append(d.Problems, p.Message(string(l)))
		}
		s.render(w, r, http.StatusUnprocessableEntity, "plan_import", l.T("plandocs.import_title"), d)
		return nil
	}
	s.addFlash(r, "ok", l.T("plandocs.done", "file", hdr.Filename, "v", sum.Version, "c", sum.Created, "u", sum.Updated, "s", sum.Unchanged))
	redirect(w, r, "/plans/"+strconv.FormatInt(id, 10)+"/import")
	return nil
}
