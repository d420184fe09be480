package web

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/blob"
	"github.com/kinerja/kinerja/internal/calc"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/i18n"
	"github.com/kinerja/kinerja/internal/service"
)

// sheetPath reads the plan and quarter of a sheet URL.
func sheetPath(r *http.Request) (int64, int, error) {
	planID, err := pathID(r, "id")
	if err != nil {
		return 0, 0, err
	}
	q, err := strconv.Atoi(r.PathValue("q"))
	if err != nil || q < 1 || q > 4 {
		return 0, 0, domain.ErrNotFound
	}
	return planID, q, nil
}

func sheetURL(planID int64, q int) string {
	return "/plans/" + strconv.FormatInt(planID, 10) + "/quarters/" + strconv.Itoa(q)
}

func (s *Server) sheetPage(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	planID, q, err := sheetPath(r)
	if err != nil {
		return err
	}
	return s.renderSheet(w, r, a, planID, q, http.StatusOK, nil, false)
}

// renderSheet shows a sheet, with a refused form's input and errors when posted is set.
func (s *Server) renderSheet(w http.ResponseWriter, r *http.Request, a authz.Actor, planID int64, q, status int, posted *form, conflict bool) error {
	sp, err := s.svc.GetSheetPage(r.Context(), a, planID, q)
	if err != nil {
		return err
	}
	l := langOf(r)
	p := buildSheetPage(l, s.svc.Location(), sp, posted, conflict, a.User.ID, s.cfg.MaxUpload)
	p.Title = l.T("realui.sheet.title", "q", q, "year", sp.Year.Year)
	s.renderForm(w, r, status, "sheet", p.Title+" — "+sp.Employee.Name, p, posted)
	return nil
}

// refusedStatus is the status of a page re-rendered after a refused form.
func refusedStatus(err error) int {
	var ve *domain.ValidationError
	if err == nil || errors.As(err, &ve) {
		return http.StatusUnprocessableEntity
	}
	return http.StatusConflict
}

// numberError turns a parse error of i18n.ParseNumber into the user's words.
func numberError(l i18n.Lang, err error) string {
	var ne *i18n.NumberError
	if errors.As(err, &ne) {
		return ne.Message(l.Code())
	}
	return l.T("err.number")
}

// parseOptNumber reads an optional number typed by a user; a parse error
// becomes the field's error.
func parseOptNumber(f *form, l i18n.Lang, name string) calc.Opt {
	v := strings.TrimSpace(f.Get(name))
	if v == "" {
		return calc.Opt{}
	}
	x, err := i18n.ParseNumber(v)
	if err != nil {
		f.Errors[name] = numberError(l, err)
		return calc.Opt{}
	}
	return calc.Some(x)
}

// parseRaw reads the raw-data rows posted under prefix (prefix_name,
// prefix_value and prefix_unit, repeated in row order); blank rows are skipped.
func parseRaw(f *form, l i18n.Lang, prefix, field string) []domain.RawRow {
	names, values, units := f.Values[prefix+"_name"], f.Values[prefix+"_value"], f.Values[prefix+"_unit"]
	at := func(list []string, i int) string {
		if i < len(list) {
			return strings.TrimSpace(list[i])
		}
		return ""
	}
	var out []domain.RawRow
	for i := range max(len(names), len(values)) {
		name, value, unit := at(names, i), at(values, i), at(units, i)
		if name == "" && value == "" && unit == "" {
			continue
		}
		if name == "" || value == "" {
			f.Errors[field] = l.T("sheet.raw_row")
			continue
		}
		x, err := i18n.ParseNumber(value)
		if err != nil {
			f.Errors[field] = numberError(l, err)
			continue
		}
		out = append(out, domain.RawRow{Name: name, Value: x, Unit: unit})
	}
	return out
}

// sheetInput reads the owner's values of the lines that have a target, and
// the documents chosen for them.
func sheetInput(f *form, l i18n.Lang, up *upload, lineIDs []int64) ([]service.RealisationInput, []service.EvidenceInput) {
	var in []service.RealisationInput
	var docs []service.EvidenceInput
	for _, lineID := range lineIDs {
		id := strconv.FormatInt(lineID, 10)
		in = append(in, service.RealisationInput{
			LineID:  lineID,
			Value:   parseOptNumber(f, l, "value_"+id),
			Note:    f.Get("note_" + id),
			Raw:     parseRaw(f, l, "raw_"+id, "raw_"+id),
			Confirm: f.Get("confirm_"+id) != "",
		})
		if d, ok := documentInput(f, up, lineID); ok {
			docs = append(docs, d)
		}
	}
	return in, docs
}

// errFormRefused stops a save whose form does not parse; the form carries
// the reasons.
var errFormRefused = errors.New("form refused")

// sheetSave stores the owner's values, with the documents chosen on the
// page, and, when asked, submits the sheet. Values and documents are saved
// together or not at all: a refused form, a file over the limit included,
// comes back as it was typed.
func (s *Server) sheetSave(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	planID, q, err := sheetPath(r)
	if err != nil {
		return err
	}
	up := newUpload()
	defer up.Close()
	err = up.read(r, s.cfg.MaxUpload)
	ctx, l := r.Context(), langOf(r)
	f := newForm(up.Values)
	f.Values.Set("form_id", "sheet")
	if s.tooLarge(l, f, up, err) {
		return s.renderSheet(w, r, a, planID, q, http.StatusRequestEntityTooLarge, f, false)
	}
	if err != nil {
		return err
	}
	revision, err := strconv.Atoi(f.Get("revision"))
	if err != nil {
		return errBadRequest
	}
	var docs []service.EvidenceInput
	read := func(lineIDs []int64) ([]service.RealisationInput, []service.EvidenceInput, error) {
		var in []service.RealisationInput
		in, docs = sheetInput(f, l, up, lineIDs)
		if f.HasErrors() {
			return nil, nil, errFormRefused
		}
		return in, docs, nil
	}
	savedRevision, err := s.svc.SaveSheetForm(ctx, a, planID, q, revision, read)
	if errors.Is(err, errFormRefused) {
		fileAgain(l, f, up)
		return s.renderSheet(w, r, a, planID, q, http.StatusUnprocessableEntity, f, false)
	}
	if err != nil {
		conflict := errors.Is(err, domain.ErrConflict)
		if !f.absorb(l, err) {
			if !conflict {
				return err
			}
			f.General = append(f.General, l.T("sheet.changed_meanwhile"))
		}
		fileAgain(l, f, up)
		if conflict {
			return s.renderSheet(w, r, a, planID, q, http.StatusConflict, f, true)
		}
		return s.renderSheet(w, r, a, planID, q, refusedStatus(err), f, false)
	}
	done := l.T("saved")
	if len(docs) > 0 {
		done = l.T("realui.flash.saved_uploaded", "n", len(docs))
	}
	// The upload button of a line saves the same form and returns to its line.
	back := sheetURL(planID, q)
	if line, ok := strings.CutPrefix(f.Get("action"), "line-"); ok {
		if _, err := strconv.ParseInt(line, 10, 64); err == nil {
			back += "#line-" + line
		}
	}
	if f.Get("action") != "submit" {
		s.addFlash(r, "ok", done)
		redirect(w, r, back)
		return nil
	}
	sh, err := s.svc.SubmitSheet(ctx, a, planID, q, savedRevision)
	if err != nil {
		// The values are saved; what stops the submission is listed above
		// the submit button of the page the user returns to.
		g := newForm(nil)
		if !g.absorb(l, err) {
			return err
		}
		s.addFlash(r, "ok", done)
		for _, m := range g.General {
			s.addFlash(r, "error", m)
		}
		if len(g.Errors) > 0 {
			s.addFlash(r, "error", l.T("realui.flash.not_submitted"))
		}
		redirect(w, r, back)
		return nil
	}
	msg := l.T("realui.flash.submitted")
	if sh.Late {
		msg = l.T("realui.flash.submitted_late")
	}
	s.addFlash(r, "ok", msg)
	redirect(w, r, back)
	return nil
}

// documentInput reads the document fields of a line (evidence_<line>_…);
// ok is false when neither a file, a link nor a text was given.
func documentInput(f *form, up *upload, lineID int64) (service.EvidenceInput, bool) {
	p := "evidence_" + strconv.FormatInt(lineID, 10) + "_"
	in := service.EvidenceInput{LineID: lineID, Kind: f.Get(p + "kind"), URL: f.Get(p + "url"), Body: f.Get(p + "body"),
		Replaces: f.Get(p + "replaces"), Reason: f.Get(p + "reason")}
	in.Reader, in.Filename = up.File(p + "file")
	return in, in.Reader != nil || strings.TrimSpace(in.URL) != "" || strings.TrimSpace(in.Body) != ""
}

// tooLarge puts into f what passed the size limits: a file over the limit
// beside its input, a body over the server's limit (whose later fields are
// missing) above the form. It reports whether anything did; then nothing
// is saved.
func (s *Server) tooLarge(l i18n.Lang, f *form, up *upload, err error) bool {
	var mbe *http.MaxBytesError
	body := errors.As(err, &mbe)
	if !body && len(up.TooLarge) == 0 {
		return false
	}
	limit := float64(s.cfg.MaxUpload) / (1 << 20)
	for field, name := range up.TooLarge {
		f.Errors[field] = l.T("realui.file_too_large", "name", name, "max", limit)
	}
	if body {
		f.General = append(f.General, l.T("realui.body_too_large", "max", limit))
	} else {
		f.General = append(f.General, l.T("realui.not_saved_too_large", "max", limit))
	}
	return true
}

// fileAgain asks for the files of a refused form to be chosen again: a
// page cannot fill a file input in.
func fileAgain(l i18n.Lang, f *form, up *upload) {
	for field, sp := range up.files {
		if f.Errors[field] == "" {
			f.Errors[field] = l.T("realui.file_again", "name", sp.name)
		}
	}
}

// sheetAction runs one workflow step posted from the sheet page: on success
// it flashes done and returns to the sheet; a refusal re-renders the sheet
// with the posted form.
func (s *Server) sheetAction(formID string, run func(ctx context.Context, l i18n.Lang, a authz.Actor, planID int64, q, revision int, f *form) (string, error)) handler {
	return func(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
		planID, q, err := sheetPath(r)
		if err != nil {
			return err
		}
		if err := parseForm(r); err != nil {
			return err
		}
		l := langOf(r)
		f := newForm(r.PostForm)
		f.Values.Set("form_id", formID)
		revision, err := strconv.Atoi(f.Get("revision"))
		if err != nil {
			return errBadRequest
		}
		done, err := run(r.Context(), l, a, planID, q, revision, f)
		if err == nil && !f.HasErrors() {
			s.addFlash(r, "ok", done)
			redirect(w, r, sheetURL(planID, q))
			return nil
		}
		if err != nil && !f.absorb(l, err) {
			return err
		}
		return s.renderSheet(w, r, a, planID, q, refusedStatus(err), f, false)
	}
}

func (s *Server) sheetValidate() handler {
	return s.sheetAction("validate", func(ctx context.Context, l i18n.Lang, a authz.Actor, planID int64, q, revision int, _ *form) (string, error) {
		_, err := s.svc.ValidateSheet(ctx, a, planID, q, revision)
		return l.T("realui.flash.validated"), err
	})
}

func (s *Server) sheetReturn() handler {
	return s.sheetAction("return", func(ctx context.Context, l i18n.Lang, a authz.Actor, planID int64, q, revision int, f *form) (string, error) {
		_, err := s.svc.ReturnSheet(ctx, a, planID, q, revision, f.Get("comment"))
		return l.T("realui.flash.returned"), err
	})
}

func (s *Server) sheetVerify() handler {
	return s.sheetAction("verify", func(ctx context.Context, l i18n.Lang, a authz.Actor, planID int64, q, revision int, f *form) (string, error) {
		var checks []service.Check
		seen := map[int64]bool{}
		for key := range f.Values {
			rest, ok := strings.CutPrefix(key, "checkcomment_")
			if !ok {
				rest, ok = strings.CutPrefix(key, "check_")
			}
			id, err := strconv.ParseInt(rest, 10, 64)
			if !ok || err != nil || seen[id] {
				continue
			}
			seen[id] = true
			idText := strconv.FormatInt(id, 10)
			checks = append(checks, service.Check{LineID: id, OK: f.Get("check_"+idText) != "", Comment: f.Get("checkcomment_" + idText)})
		}
		sh, err := s.svc.VerifySheet(ctx, a, planID, q, revision, checks)
		if err == nil && sh.Status == domain.SheetLocked {
			return l.T("realui.flash.verified_locked"), nil
		}
		return l.T("realui.flash.verified"), err
	})
}

// correctionRequest asks to change a verified or locked line.
func (s *Server) correctionRequest(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	planID, q, err := sheetPath(r)
	if err != nil {
		return err
	}
	lineID, err := pathID(r, "line")
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	l := langOf(r)
	f := newForm(r.PostForm)
	f.Values.Set("form_id", "corr_"+strconv.FormatInt(lineID, 10))
	value := parseOptNumber(f, l, "value")
	if !f.HasErrors() {
		_, err = s.svc.RequestCorrection(r.Context(), a, planID, q, lineID, value, f.Get("note"), f.Get("reason"), f.Get("confirm") != "")
		if err == nil {
			s.addFlash(r, "ok", l.T("realui.flash.correction_requested"))
			redirect(w, r, sheetURL(planID, q))
			return nil
		}
		if !f.absorb(l, err) {
			return err
		}
	}
	return s.renderSheet(w, r, a, planID, q, refusedStatus(err), f, false)
}

// correctionDecide approves or rejects a correction and returns to the
// page it was decided on (the sheet or the quarter console).
func (s *Server) correctionDecide(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	l := langOf(r)
	back := safeNext(r.PostFormValue("back"))
	approve := r.PostFormValue("decision") == "approve"
	_, err = s.svc.DecideCorrection(r.Context(), a, id, approve, r.PostFormValue("comment"))
	if err != nil {
		g := newForm(nil)
		if !g.absorb(l, err) {
			return err
		}
		for _, m := range g.General {
			s.addFlash(r, "error", m)
		}
		for _, m := range g.Errors {
			s.addFlash(r, "error", m)
		}
		redirect(w, r, back)
		return nil
	}
	if approve {
		s.addFlash(r, "ok", l.T("correction.approved_flash"))
	} else {
		s.addFlash(r, "ok", l.T("realui.flash.correction_rejected"))
	}
	redirect(w, r, back)
	return nil
}

// evidenceUpload adds one document (file, link or text) to a line, from
// the verifier's form of that line; the owner's documents come with the
// sheet's form (sheetSave).
func (s *Server) evidenceUpload(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	planID, q, err := sheetPath(r)
	if err != nil {
		return err
	}
	up := newUpload()
	defer up.Close()
	err = up.read(r, s.cfg.MaxUpload)
	l := langOf(r)
	f := newForm(up.Values)
	lineID, perr := strconv.ParseInt(f.Get("line_id"), 10, 64)
	if perr != nil {
		if err != nil {
			return err
		}
		return errBadRequest
	}
	id := strconv.FormatInt(lineID, 10)
	f.Values.Set("form_id", "upload_"+id)
	if s.tooLarge(l, f, up, err) {
		return s.renderSheet(w, r, a, planID, q, http.StatusRequestEntityTooLarge, f, false)
	}
	if err != nil {
		return err
	}
	in, _ := documentInput(f, up, lineID)
	if _, err := s.svc.AddEvidence(r.Context(), a, planID, q, in); err != nil {
		g := newForm(nil)
		if !g.absorb(l, err) {
			return err
		}
		f.General = g.General
		for field, msg := range g.Errors {
			f.Errors["evidence_"+id+"_"+field] = msg
		}
		fileAgain(l, f, up)
		return s.renderSheet(w, r, a, planID, q, refusedStatus(err), f, false)
	}
	s.addFlash(r, "ok", l.T("realui.flash.uploaded"))
	redirect(w, r, sheetURL(planID, q)+"#line-"+id)
	return nil
}

// evidenceDownload hands out a stored file to those who may see its plan.
func (s *Server) evidenceDownload(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	e, rc, err := s.svc.OpenEvidence(r.Context(), a, r.PathValue("id"))
	if err != nil {
		return err
	}
	return sendStored(w, r, rc, e.Filename, e.MIME, e.SHA256, e.Size)
}

// previewAnswer is the live preview of one line while its owner types.
type previewAnswer struct {
	Error       string        `json:"error,omitempty"` // what is wrong with the typed value
	RawError    string        `json:"raw_error,omitempty"`
	ToDate      figures       `json:"to_date"`
	Own         figures       `json:"own"`
	Explain     []explainStep `json:"explain"`
	RawComputed string        `json:"raw_computed"`
	RawMismatch bool          `json:"raw_mismatch"`
	Doubt       string        `json:"doubt,omitempty"` // why the value would need confirming
}

// sheetPreview computes a line's figures from a typed value and raw data
// without saving them, in the viewer's language.
func (s *Server) sheetPreview(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	planID, q, err := sheetPath(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	l := langOf(r)
	f := newForm(r.PostForm)
	lineID, err := strconv.ParseInt(f.Get("line"), 10, 64)
	if err != nil {
		return errBadRequest
	}
	value := parseOptNumber(f, l, "value")
	raw := parseRaw(f, l, "raw", "raw")
	var ans previewAnswer
	ans.Error, ans.RawError = f.Errors["value"], f.Errors["raw"]
	if ans.Error == "" {
		pv, err := s.svc.PreviewRealisation(r.Context(), a, planID, q, lineID, value, raw)
		if err != nil {
			g := newForm(nil)
			if !g.absorb(l, err) {
				return err
			}
			ans.Error = g.Errors["value"]
			if ans.RawError == "" {
				ans.RawError = g.Errors["raw"]
			}
		}
		if pv.Doubt != calc.DoubtNone {
			ans.Doubt = translate(l, pv.DoubtMsg)
		}
		ans.ToDate, ans.Own = figuresOf(l, pv.Figures.ToDate), figuresOf(l, pv.Figures.Own)
		ans.Explain = explainOf(l, pv.Steps)
		if pv.Raw.Computed.OK {
			ans.RawComputed = i18n.FormatNumberTrim(string(l), pv.Raw.Computed.V, 4)
		}
		ans.RawMismatch = pv.Raw.Mismatch
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	return json.NewEncoder(w).Encode(ans)
}

// sendStored streams an uploaded file with its download headers; a link or a
// text has no file (it is shown on its page).
func sendStored(w http.ResponseWriter, r *http.Request, rc io.ReadCloser, name, mime, sha string, size int64) error {
	if rc == nil {
		return domain.ErrNotFound
	}
	defer rc.Close()
	blob.SetDownloadHeaders(w.Header(), name, mime, sha, size)
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		_, _ = io.Copy(w, rc)
	}
	return nil
}
