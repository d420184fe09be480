package web

import (
	"mime"
	"net/http"
	"strconv"

	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/service"
)

// sendDocument answers with a generated file as a download.
func sendDocument(w http.ResponseWriter, f service.File) {
	h := w.Header()
	h.Set("Content-Type", f.ContentType)
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": f.Name}))
	h.Set("Content-Length", strconv.Itoa(len(f.Data)))
	h.Set("Cache-Control", "private, no-store")
	_, _ = w.Write(f.Data)
}

func (s *Server) reportPDF(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	planID, q, err := reportPath(r)
	if err != nil {
		return err
	}
	f, err := s.svc.ReportPDF(r.Context(), a, planID, q)
	if err != nil {
		return err
	}
	sendDocument(w, f)
	return nil
}

func (s *Server) reportXLSX(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	planID, q, err := reportPath(r)
	if err != nil {
		return err
	}
	f, err := s.svc.ReportXLSX(r.Context(), a, planID, q)
	if err != nil {
		return err
	}
	sendDocument(w, f)
	return nil
}

func (s *Server) quarterPackage(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	year, err := strconv.Atoi(r.PathValue("year"))
	if err != nil {
		return domain.ErrNotFound
	}
	q, err := strconv.Atoi(r.PathValue("q"))
	if err != nil {
		return domain.ErrNotFound
	}
	office, err := strconv.ParseInt(r.URL.Query().Get("office"), 10, 64)
	if err != nil {
		if office, err = s.ownOffice(r, a); err != nil {
			return err
		}
	}
	f, err := s.svc.QuarterPackagePDF(r.Context(), a, year, q, office)
	if err != nil {
		return err
	}
	sendDocument(w, f)
	return nil
}
