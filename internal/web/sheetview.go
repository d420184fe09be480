package web

import (
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/kinerja/kinerja/internal/blob"
	"github.com/kinerja/kinerja/internal/calc"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/i18n"
	"github.com/kinerja/kinerja/internal/service"
)

// rawEmptyRows is how many blank raw-data rows the form offers without
// JavaScript (the script adds and removes rows as needed).
const rawEmptyRows = 3

// sheetPage is the data of the quarter sheet page.
type sheetPage struct {
	service.SheetPage
	Lines     []sheetLine // lines with a target this quarter
	NoTarget  []sheetLine // lines without one, listed greyed
	Revision  int
	Kinds     []string // evidence kinds the viewer may add
	Accept    string   // the file input's accept list
	MaxUpload float64  // the largest file, in MiB
	MaxBytes  int64    // the same in bytes, for the script that checks a chosen file
	Conflict  bool     // a save met a newer revision; Saved hints show what is stored
	Posted    *form    // the refused form, whichever it was (see F)
	Me        int64    // the viewer's user ID (nobody decides their own correction)
	Title     string
	Words     *sheetWords // what every line says alike
	lang      i18n.Lang
	loc       *time.Location
}

// Num formats an optional number in the viewer's language ("–" when absent).
func (p *sheetPage) Num(o calc.Opt) string { return optText(p.lang, o) }

// F returns the posted form when it is the one named id, so each of the
// page's small forms shows only its own input and errors.
func (p *sheetPage) F(id string) *form {
	if p.Posted != nil && p.Posted.Get("form_id") == id {
		return p.Posted
	}
	return nil
}

// Name is how a user appears in the sheet's history.
func (p *sheetPage) Name(id int64) string {
	if svc, ok := p.Services[id]; ok {
		return p.lang.T("svc.on_behalf", "account", svc, "owner", p.Employee.Name)
	}
	if n, ok := p.Names[id]; ok {
		return n
	}
	return "–"
}

// SavedBy says who saved a line's value when a service account did, on the
// owner's behalf; "" otherwise (the owner saves their own values).
func (p *sheetPage) SavedBy(userID int64) string {
	if _, ok := p.Services[userID]; !ok {
		return ""
	}
	return p.lang.T("svc.saved_by", "name", p.Name(userID))
}

// sheetLine is one line of the sheet as shown.
type sheetLine struct {
	service.SheetLine
	ID           int64
	Value        string // the value input: what was typed, else what is stored
	Note         string
	Raw          []rawRow
	RawComputed  string
	Saved        string // after a conflict: the value stored meanwhile, when it differs from the input
	UploadOpen   bool   // the refused form holds this line's document (its input or errors)
	ToDate, Own  figures
	Explain      []explainStep
	Evidence     []sheetEvidence
	Current      []sheetEvidence // evidence not replaced, for the "replaces" choice
	Pending      *domain.Correction
	CheckOK      bool
	CheckComment string
	Doubt        string // why the stored value looks implausible, for the owner and the reviewers
	PendingDoubt string // the same for the value a pending correction asks for
	Confirm      bool   // the refused form confirmed an implausible value

	// What the line prints (sheetlines.go), made here once rather than by
	// template calls per line.
	Key                                    string // the line ID in names and ids
	SavedBy                                string
	ValueText                              string        // the stored value, read only
	RawRead                                []rawRow      // the stored raw data, read only
	Required                               []requiredRow // shadows SheetLine.Required, with the kinds' names
	ValueErr, ConfirmErr, RawErr, CheckErr string
	Up                                     lineUpload     // the document form
	Corr                                   lineCorrection // the correction request form
}

// rawRow is a raw-data row; N numbers it from 1 for the inputs' labels.
type rawRow struct {
	Name, Value, Unit string
	N                 int
}

type requiredRow struct {
	service.RequiredEvidence
	KindLabel string
}

// option is a choice of a select.
type option struct {
	Value, Label string
	Selected     bool
}

// rlInput is a labelled input of a line's form (writeField):
// Value is what it shows, the posted one when its form was refused.
type rlInput struct {
	ID, N, Form, Label, Type, Mode, Help, Err, Value string
	Req, Textarea                                    bool
}

// lineUpload is the form adding a document to a line.
type lineUpload struct {
	Prefix                        string // the inputs' names begin so
	Kinds, Replaces               []option
	KindErr, ReplacesErr, FileErr string
	URL, Body, Reason             rlInput
}

// lineCorrection is the form asking for a correction of a line's value.
type lineCorrection struct {
	Open                bool // its form was refused
	Value, Note, Reason rlInput
	ConfirmErr          string
	Confirm, AskConfirm bool
}

// input makes a line's input named n from the form f (nil unless refused).
func input(f *form, n, id, label, help, formAttr, value string) rlInput {
	in := rlInput{ID: id, N: n, Form: formAttr, Label: label, Type: "text", Help: help, Err: f.Error(n), Value: value}
	if f != nil {
		in.Value = f.Get(n)
	}
	return in
}

// figures are a period's numbers formatted for the page and the preview.
type figures struct {
	Target      string `json:"target"`
	Realisation string `json:"realisation"`
	Achievement string `json:"achievement"`
	Status      string `json:"status"`       // green, yellow, red or "" (CSS class suffix)
	StatusLabel string `json:"status_label"` // the colour's name in the viewer's language
}

type explainStep struct {
	Label string `json:"label"`
	Text  string `json:"text"`
}

// sheetEvidence is a document with what the list shows about it.
type sheetEvidence struct {
	domain.Evidence
	Size       string
	KindLabel  string
	When       string // when it was uploaded
	Short      string // the first characters of the SHA-256
	Uploader   string
	ReplacedBy string // the name of the document that replaced this one
	Reason     string // why it was replaced
}

func optText(l i18n.Lang, o calc.Opt) string {
	if !o.OK {
		return "–"
	}
	return i18n.FormatNumberTrim(string(l), o.V, 4)
}

// figuresOf formats a period's figures; achievements are rounded by the
// rule engine's display rule, so the colour and the number agree.
func figuresOf(l i18n.Lang, f calc.Figures) figures {
	out := figures{Target: figureText(l, f.Target), Realisation: figureText(l, f.Realisation), Achievement: scoreText(l, f.Achievement),
		Status: string(f.Status)}
	if f.Status != calc.StatusNone {
		out.StatusLabel = l.T("realui.colour." + string(f.Status))
	}
	return out
}

func explainOf(l i18n.Lang, steps []calc.Step) []explainStep {
	out := make([]explainStep, 0, len(steps))
	for _, st := range steps {
		out = append(out, explainStep{Label: st.Label(string(l)), Text: st.Text(string(l))})
	}
	return out
}

// inputNumber writes a stored number for an input so that i18n.ParseNumber
// reads it back unchanged: no thousands separators, the language's decimal
// separator, and a fourth decimal where three would be ambiguous (1,2340).
func inputNumber(l i18n.Lang, x float64) string {
	s := strconv.FormatFloat(x, 'f', -1, 64)
	intPart, frac, ok := strings.Cut(strings.TrimPrefix(s, "-"), ".")
	if ok && len(frac) == 3 && len(intPart) <= 3 && intPart[0] != '0' {
		s += "0"
	}
	if l.Code() != "en" {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// acceptList is the accept attribute of file inputs: the allowed types by
// extension and MIME type.
func acceptList() string {
	var exts []string
	for m, ext := range blob.Allowed() {
		exts = append(exts, ext, m)
		if ext == ".jpg" {
			exts = append(exts, ".jpeg")
		}
	}
	sort.Strings(exts)
	return strings.Join(exts, ",")
}

// buildSheetPage turns a sheet into its page. posted is the refused form
// (nil after a GET); its values replace the stored ones in the inputs.
func buildSheetPage(l i18n.Lang, loc *time.Location, sp service.SheetPage, posted *form, conflict bool, me int64, maxUpload int64) *sheetPage {
	p := &sheetPage{SheetPage: sp, Revision: sp.Sheet.Revision, Posted: posted, Conflict: conflict, Me: me, lang: l, loc: loc,
		MaxUpload: float64(maxUpload) / (1 << 20), MaxBytes: maxUpload, Accept: acceptList()}
	p.Words = newSheetWords(l, sp.Quarter.Quarter, p.MaxUpload, sp.Perm.Edit)
	switch {
	case sp.Perm.Edit:
		p.Kinds = domain.EvidenceKinds
	case sp.Perm.AddVerificationDoc:
		p.Kinds = []string{domain.EvidenceVerification}
	}
	byID := map[string]domain.Evidence{}
	for _, ln := range sp.Lines {
		for _, e := range ln.Evidence {
			byID[e.ID] = e
		}
	}
	for _, ln := range sp.Lines {
		sl := p.line(ln, byID)
		if ln.HasTarget {
			p.Lines = append(p.Lines, sl)
		} else {
			p.NoTarget = append(p.NoTarget, sl)
		}
	}
	return p
}

// line turns one line of the sheet into its part of the page. byID holds
// every document of the sheet, for the names of replacements.
func (p *sheetPage) line(ln service.SheetLine, byID map[string]domain.Evidence) sheetLine {
	l, sheetForm := p.lang, p.F("sheet")
	sl := sheetLine{SheetLine: ln, ID: ln.Indicator.LineID}
	id := strconv.FormatInt(sl.ID, 10)
	sl.Key = id
	r := ln.Realisation
	if r.Value.OK {
		sl.Value = inputNumber(l, r.Value.V)
	}
	sl.Note = r.Note
	for _, raw := range r.Raw {
		sl.Raw = append(sl.Raw, rawRow{Name: raw.Name, Value: inputNumber(l, raw.Value), Unit: raw.Unit})
	}
	// A form cut off by the body limit lacks the later lines: they show what is stored.
	if sheetForm != nil && len(sheetForm.Values["value_"+id]) > 0 {
		sl.retype(sheetForm, id, p.Conflict)
	}
	sl.UploadOpen = p.F("upload_"+id) != nil || documentGiven(sheetForm, "evidence_"+id+"_")
	if ln.Raw.Computed.OK {
		sl.RawComputed = i18n.FormatNumberTrim(string(l), ln.Raw.Computed.V, 4)
	}
	if ln.Doubt != calc.DoubtNone {
		sl.Doubt = translate(l, ln.DoubtMsg)
	}
	if sheetForm != nil {
		sl.Confirm = sheetForm.Get("confirm_"+id) != ""
	}
	if p.Perm.Edit {
		for range rawEmptyRows {
			if len(sl.Raw) < 20 {
				sl.Raw = append(sl.Raw, rawRow{})
			}
		}
	}
	sl.ToDate, sl.Own = figuresOf(l, ln.Figures.ToDate), figuresOf(l, ln.Figures.Own)
	sl.Explain = lineExplain(l, ln)
	p.documents(&sl, byID)
	p.pendingCorrection(&sl)
	sl.CheckOK, sl.CheckComment = r.CheckOK != nil && *r.CheckOK, r.CheckComment
	if vf := p.F("verify"); vf != nil {
		sl.CheckOK, sl.CheckComment = vf.Get("check_"+id) != "", vf.Get("checkcomment_"+id)
		sl.CheckErr = vf.Error("check_" + id)
	}
	p.shown(&sl, sheetForm)
	return sl
}

// shown fills what the line prints: the stored value and raw
// data as read, the errors of the sheet's form, the document form and the
// correction form.
func (p *sheetPage) shown(sl *sheetLine, sheetForm *form) {
	l, id, r := p.lang, sl.Key, sl.Realisation
	for i := range sl.Raw {
		sl.Raw[i].N = i + 1
	}
	sl.SavedBy = p.SavedBy(r.UpdatedBy)
	sl.ValueErr, sl.ConfirmErr, sl.RawErr = sheetForm.Error("value_"+id), sheetForm.Error("confirm_"+id), sheetForm.Error("raw_"+id)
	if !p.Perm.Edit {
		sl.ValueText = optText(l, r.Value)
		for _, raw := range r.Raw {
			sl.RawRead = append(sl.RawRead, rawRow{Name: raw.Name, Value: i18n.FormatNumberTrim(string(l), raw.Value, 4), Unit: raw.Unit})
		}
	}
	for _, req := range sl.SheetLine.Required {
		sl.Required = append(sl.Required, requiredRow{RequiredEvidence: req, KindLabel: l.T("realui.kind." + req.Item.Kind)})
	}
	if len(p.Kinds) > 0 {
		p.uploadForm(sl, sheetForm)
	}
	if p.Perm.RequestCorrection && sl.Pending == nil {
		p.correctionForm(sl)
	}
}

// uploadForm fills the line's document form: the sheet's own form for its
// owner, the line's upload form otherwise.
func (p *sheetPage) uploadForm(sl *sheetLine, sheetForm *form) {
	l, w, id := p.lang, p.Words, sl.Key
	uf := p.F("upload_" + id)
	if p.Perm.Edit {
		uf = sheetForm
	}
	pre := "evidence_" + id + "_"
	up := lineUpload{Prefix: pre, KindErr: uf.Error(pre + "kind"), ReplacesErr: uf.Error(pre + "replaces"), FileErr: uf.Error(pre + "file")}
	kind, replaces := uf.Get(pre+"kind"), uf.Get(pre+"replaces")
	for _, k := range p.Kinds {
		up.Kinds = append(up.Kinds, option{Value: k, Label: l.T("realui.kind." + k), Selected: kind == k})
	}
	for _, e := range sl.Current {
		title := e.Body
		switch e.Form {
		case domain.FormFile:
			title = e.Filename
		case domain.FormLink:
			title = e.URL
		}
		up.Replaces = append(up.Replaces, option{Value: e.ID, Label: e.KindLabel + ": " + title, Selected: replaces == e.ID})
	}
	fa := w.FormAttr
	up.URL = input(uf, pre+"url", "f-url_"+id, l.T("realui.link"), l.T("realui.link_help"), fa, "")
	up.URL.Type = "url"
	up.Body = input(uf, pre+"body", "f-body_"+id, l.T("realui.text"), l.T("realui.text_help"), fa, "")
	up.Reason = input(uf, pre+"reason", "f-reason_"+id, l.T("realui.reason"), l.T("realui.reason_help"), fa, "")
	sl.Up = up
}

// correctionForm fills the line's correction request form.
func (p *sheetPage) correctionForm(sl *sheetLine) {
	l, id := p.lang, sl.Key
	cf := p.F("corr_" + id)
	c := lineCorrection{Open: cf != nil, ConfirmErr: cf.Error("confirm"), Confirm: cf.Get("confirm") != ""}
	c.AskConfirm = c.ConfirmErr != "" || c.Confirm
	c.Value = input(cf, "value", "f-cvalue_"+id, l.T("realui.new_value"), "", "", sl.Value)
	c.Value.Req, c.Value.Mode = true, "decimal"
	c.Note = input(cf, "note", "f-cnote_"+id, l.T("realui.new_note"), "", "", sl.Realisation.Note)
	c.Reason = input(cf, "reason", "f-creason_"+id, l.T("realui.correction_reason"), "", "", "")
	c.Reason.Req, c.Reason.Textarea = true, true
	sl.Corr = c
}

// retype puts what the refused form typed for the line in its inputs; after
// a conflict, Saved shows the value stored meanwhile where it differs.
func (sl *sheetLine) retype(f *form, id string, conflict bool) {
	if typed := f.Get("value_" + id); typed != sl.Value && conflict {
		sl.Saved = sl.Value
		if sl.Saved == "" {
			sl.Saved = "–"
		}
	}
	sl.Value, sl.Note = f.Get("value_"+id), f.Get("note_"+id)
	names, values, units := f.Values["raw_"+id+"_name"], f.Values["raw_"+id+"_value"], f.Values["raw_"+id+"_unit"]
	sl.Raw = nil
	for i := range names {
		row := rawRow{Name: names[i]}
		if i < len(values) {
			row.Value = values[i]
		}
		if i < len(units) {
			row.Unit = units[i]
		}
		if row != (rawRow{}) {
			sl.Raw = append(sl.Raw, row)
		}
	}
}

// lineExplain is how a line's figures were made: as frozen at verification,
// in the viewer's language, or as the rule engine explains them now.
func lineExplain(l i18n.Lang, ln service.SheetLine) []explainStep {
	r := ln.Realisation
	if !ln.Frozen || r.Frozen == nil {
		return explainOf(l, ln.Explain)
	}
	texts := r.Frozen.Explain
	if l.Code() == "en" {
		texts = r.Frozen.ExplainEN
	}
	var out []explainStep
	for _, t := range texts {
		out = append(out, explainStep{Text: t})
	}
	return out
}

// documents lists a line's documents, the current ones apart.
func (p *sheetPage) documents(sl *sheetLine, byID map[string]domain.Evidence) {
	for _, e := range sl.SheetLine.Evidence {
		row := sheetEvidence{Evidence: e, Uploader: p.Name(e.UploadedBy), KindLabel: p.lang.T("realui.kind." + e.Kind),
			When: dateTime(p.lang, p.loc, e.UploadedAt)}
		if e.Form == domain.FormFile {
			row.Size, row.Short = sizeText(p.lang, e.Size), e.SHA256[:min(12, len(e.SHA256))]
		}
		if nx, ok := byID[e.SupersededBy]; ok {
			row.ReplacedBy, row.Reason = evidenceTitle(nx), nx.ReplaceReason
		}
		sl.Evidence = append(sl.Evidence, row)
		if e.Current() {
			sl.Current = append(sl.Current, row)
		}
	}
}

// pendingCorrection finds the correction of the line waiting for a decision,
// with a doubt about the value it asks for.
func (p *sheetPage) pendingCorrection(sl *sheetLine) {
	r := sl.Realisation
	for i := range p.Corrections {
		c := p.Corrections[i]
		if c.RealisationID == r.ID && r.ID != 0 && c.Status == domain.CorrectionPending {
			sl.Pending = &c
			if d, m := sl.DoubtOf(p.Quarter.Quarter, c.NewValue); d != calc.DoubtNone {
				sl.PendingDoubt = translate(p.lang, m)
			}
		}
	}
}

// documentGiven reports whether a posted form holds input or errors for a
// line's document (fields named prefix…).
func documentGiven(f *form, prefix string) bool {
	if f == nil {
		return false
	}
	for _, field := range []string{"file", "url", "body", "replaces", "reason"} {
		if f.Errors[prefix+field] != "" || (field != "file" && strings.TrimSpace(f.Get(prefix+field)) != "") {
			return true
		}
	}
	return false
}

// evidenceTitle is how a document is named in lists: its file name, link or text.
func evidenceTitle(e domain.Evidence) string {
	switch e.Form {
	case domain.FormFile:
		return e.Filename
	case domain.FormLink:
		return e.URL
	}
	if len([]rune(e.Body)) > 60 {
		return string([]rune(e.Body)[:60]) + "…"
	}
	return e.Body
}

// LineCode returns the code of a line by its ID (for corrections and missing items).
func (p *sheetPage) LineCode(realisationID int64) string {
	for _, ln := range p.SheetView.Lines {
		if ln.Realisation.ID == realisationID && realisationID != 0 {
			return ln.Indicator.Code + " " + ln.Indicator.Name
		}
	}
	return ""
}
