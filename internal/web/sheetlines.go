package web

// The lines of a quarter sheet are most of its page and the page is the
// most opened one on a reporting day. html/template spent two thirds of the
// page's time on them, calling an escaper by reflection for each of the
// hundreds of values of every line; they are written in Go instead
// (htmlwriter.go).

import (
	"html/template"
	"strconv"

	"github.com/kinerja/kinerja/internal/calc"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/i18n"
)

// LinesHTML is the sheet's lines with a target this quarter.
func (p *sheetPage) LinesHTML() template.HTML {
	var w htmlWriter
	w.Grow(len(p.Lines) * 6000)
	for i := range p.Lines {
		p.writeLine(&w, &p.Lines[i])
	}
	return template.HTML(w.String()) // every value above is escaped
}

func (p *sheetPage) base() string {
	return "/plans/" + strconv.FormatInt(p.Plan.ID, 10) + "/quarters/" + strconv.Itoa(p.Quarter.Quarter)
}

func (p *sheetPage) writeLine(w *htmlWriter, ln *sheetLine) {
	wd, id, ind := p.Words, ln.Key, ln.Indicator
	w.s("\n<section class=\"card rl-line\" id=\"line-", id, `" data-line="`, id, `" data-preview="`)
	if p.Perm.Edit {
		w.s(p.base(), "/preview")
	}
	w.s("\">\n  <header class=\"rl-head\">\n    <div>\n      <p class=\"rl-code\"><span class=\"mono\">")
	w.e(ind.Code)
	w.s(`</span> <span class="pill">`)
	w.e(string(ind.Kind))
	w.s("</span></p>\n      <h2>")
	w.e(ind.Name)
	w.s("</h2>\n      <p class=\"muted small\">")
	w.e(wd.Unit)
	w.s(": ")
	w.e(ind.Unit)
	w.s(" · ")
	w.e(wd.TargetQ)
	w.s(": <strong>")
	w.e(ln.Own.Target)
	w.s("</strong> · ")
	w.e(wd.TargetToDate)
	w.s(": <strong>")
	w.e(ln.ToDate.Target)
	w.s("</strong></p>\n    </div>\n    <div class=\"rl-status\" data-fig=\"status\" data-none=\"")
	w.e(wd.NotReported)
	w.s(`">`)
	if ln.ToDate.StatusLabel != "" {
		w.s(`<span class="pill pill-`)
		w.e(ln.ToDate.Status)
		w.s(`">`)
		w.e(ln.ToDate.StatusLabel)
	} else {
		w.s(`<span class="pill">`)
		w.e(wd.NotReported)
	}
	w.s("</span></div>\n  </header>\n  ")
	p.writeSources(w, ln)
	w.s("\n  <div class=\"rl-body\">\n    <div class=\"rl-input\">\n    ")
	if p.Perm.Edit {
		p.writeInputs(w, ln)
	} else {
		p.writeStored(w, ln)
	}
	w.s("\n    \n    </div>\n")
	p.writeFigures(w, ln)
	w.s("  </div>\n\n  <div class=\"rl-docs\">\n    <h3>")
	w.e(wd.Documents)
	w.s("</h3>\n    ")
	p.writeDocuments(w, ln)
	w.s("\n\n    ")
	if len(p.Kinds) > 0 {
		p.writeUpload(w, ln)
	}
	w.s("\n  </div>\n\n  ")
	p.writeCheck(w, ln)
	w.s("\n\n  ")
	p.writeCorrection(w, ln)
	w.s("\n</section>\n")
}

// writeSources lists the offices a line's figure is consolidated from.
func (p *sheetPage) writeSources(w *htmlWriter, ln *sheetLine) {
	loc := ln.SheetLine.Located
	if loc == nil {
		return
	}
	l := p.lang
	num := func(o calc.Opt) string {
		if o.OK {
			return i18n.FormatNumberTrim(string(l), o.V, 4)
		}
		return "–"
	}
	w.s("<div class=\"rl-sources\">\n    <p class=\"small\"><strong>")
	w.e(l.T("hier.sources"))
	w.s("</strong> · ")
	w.e(l.T("hier.loc." + string(ln.Indicator.LocationConsolidation)))
	w.s(": <strong>")
	w.e(num(loc.Value))
	w.s("</strong></p>\n    <table class=\"rl-rawtable\">\n      <thead><tr><th scope=\"col\">")
	w.e(l.T("hier.office"))
	w.s(`</th><th scope="col">`)
	w.e(p.Words.RawValue)
	w.s(`</th><th scope="col">`)
	w.e(l.T("employee.status"))
	w.s("</th></tr></thead>\n      <tbody>")
	for _, src := range loc.Sources {
		w.s("<tr><td>")
		w.e(src.Office)
		w.s("</td><td>")
		w.e(num(src.Value))
		w.s("</td>\n        <td>")
		if src.State == "none" {
			w.e(l.T("hier.no_sheet"))
		} else {
			w.s(`<span class="pill pill-`)
			w.e(src.State)
			w.s(`">`)
			w.e(l.T("realui.state." + src.State))
			w.s("</span>")
		}
		if !src.Counted {
			w.s(` <span class="muted small">(`)
			w.e(l.T("hier.not_counted"))
			w.s(")</span>")
		}
		w.s("</td></tr>")
	}
	w.s("</tbody>\n    </table>\n  </div>")
}

// writeInputs is the owner's form of a line: value, note and raw data.
func (p *sheetPage) writeInputs(w *htmlWriter, ln *sheetLine) {
	wd, id := p.Words, ln.Key
	w.s("\n      <div class=\"field")
	w.when(ln.ValueErr != "", " has-error")
	w.s("\">\n        <label for=\"f-value_", id, `">`)
	w.e(wd.ValueLabel)
	w.s(` <span class="muted">(`)
	w.e(ln.Indicator.Unit)
	w.s(")</span></label>\n        <input id=\"f-value_", id, `" name="value_`, id,
		`" form="sheet-form" type="text" inputmode="decimal" autocomplete="off" class="rl-value" value="`)
	w.e(ln.Value)
	w.s(`" data-role="value"`)
	w.when(ln.SheetLine.Located != nil, " readonly")
	if ln.ValueErr != "" {
		w.s(` aria-invalid="true" aria-describedby="e-value_`, id, `"`)
	}
	w.s(">\n        <p class=\"help\">")
	w.e(wd.ValueHelp)
	w.s("</p>\n        ")
	if ln.SavedBy != "" {
		w.s(`<p class="small muted">`)
		w.e(ln.SavedBy)
		w.s("</p>")
	}
	w.s("\n        ")
	if ln.Saved != "" {
		w.s(`<p class="rl-saved">`)
		w.e(p.lang.T("realui.saved_meanwhile", "value", ln.Saved))
		w.s("</p>")
	}
	w.s("\n        <p class=\"error\" id=\"e-value_", id, `" data-role="value-error"`)
	w.when(ln.ValueErr == "", " hidden")
	w.s(">")
	w.e(ln.ValueErr)
	w.s("</p>\n        \n        <div class=\"rl-doubt")
	ce := ln.ConfirmErr
	w.when(ce != "", " has-error")
	w.s(`" data-role="doubt"`)
	w.when(ln.Doubt == "" && ce == "" && !ln.Confirm, " hidden")
	w.s(">\n          <p class=\"warn-text small\" data-role=\"doubt-text\"")
	w.when(ce != "", " hidden")
	w.s(">⚠ ")
	w.e(ln.Doubt)
	w.s("</p>\n          ")
	if ce != "" {
		w.s(`<p class="error" id="e-confirm_`, id, `">`)
		w.e(ce)
		w.s("</p>")
	}
	w.s("\n          <label class=\"checkbox\"><input type=\"checkbox\" name=\"confirm_", id, `" value="1" form="sheet-form"`)
	w.when(ln.Confirm, " checked")
	if ce != "" {
		w.s(` aria-invalid="true" aria-describedby="e-confirm_`, id, `"`)
	}
	w.s("> ")
	w.e(wd.ConfirmImplausible)
	w.s("</label>\n        </div>\n      </div>\n      <div class=\"field\">\n        <label for=\"f-note_", id, `">`)
	w.e(wd.Note)
	w.s("</label>\n        <textarea id=\"f-note_", id, `" name="note_`, id, `" form="sheet-form" rows="2">`)
	w.e(ln.Note)
	w.s("</textarea>\n      </div>\n      <fieldset class=\"rl-raw")
	w.when(ln.RawErr != "", " has-error")
	w.s("\" data-role=\"raw\">\n        <legend>")
	w.e(wd.Raw)
	w.s("</legend>\n        <p class=\"help\">")
	w.e(wd.RawHelp)
	w.s("</p>\n        <table class=\"rl-rawtable\">\n          <thead><tr><th scope=\"col\">")
	w.e(wd.RawName)
	w.s(`</th><th scope="col">`)
	w.e(wd.RawValue)
	w.s(`</th><th scope="col">`)
	w.e(wd.Unit)
	w.s(`</th><th><span class="sr-only">`)
	w.e(wd.RawRemove)
	w.s("</span></th></tr></thead>\n          <tbody>\n          ")
	for _, row := range ln.Raw {
		n := strconv.Itoa(row.N)
		w.s("<tr>\n            <td><input name=\"raw_", id, `_name" form="sheet-form" value="`)
		w.e(row.Name)
		w.s(`" aria-label="`)
		w.e(wd.RawName)
		w.s(" ", n, "\" list=\"rl-rawnames\"></td>\n            <td><input name=\"raw_", id, `_value" form="sheet-form" value="`)
		w.e(row.Value)
		w.s(`" inputmode="decimal" aria-label="`)
		w.e(wd.RawValue)
		w.s(" ", n, "\"></td>\n            <td><input name=\"raw_", id, `_unit" form="sheet-form" value="`)
		w.e(row.Unit)
		w.s(`" aria-label="`)
		w.e(wd.Unit)
		w.s(" ", n, "\"></td>\n            <td><button type=\"button\" class=\"link rl-rawdel\" hidden>")
		w.e(wd.RawRemove)
		w.s("</button></td>\n          </tr>")
	}
	w.s("\n          </tbody>\n        </table>\n        <button type=\"button\" class=\"btn btn-secondary btn-small rl-rawadd\" hidden>")
	w.e(wd.RawAdd)
	w.s("</button>\n        <p class=\"error\" id=\"e-raw_", id, `" data-role="raw-error"`)
	w.when(ln.RawErr == "", " hidden")
	w.s(">")
	w.e(ln.RawErr)
	w.s("</p>\n        <p class=\"small rl-rawcheck\" data-role=\"rawcheck\"")
	w.when(ln.RawComputed == "", " hidden")
	w.s(">")
	w.e(wd.RawComputed)
	w.s(` <strong data-fig="raw-computed">`)
	w.e(ln.RawComputed)
	w.s("</strong>\n          <span class=\"rl-mismatch\" data-role=\"mismatch\"")
	w.when(!ln.SheetLine.Raw.Mismatch, " hidden")
	w.s(">⚠ ")
	w.e(wd.RawMismatch)
	w.s("</span></p>\n      </fieldset>")
}

// writeStored is a line's value, note and raw data as stored, for readers.
func (p *sheetPage) writeStored(w *htmlWriter, ln *sheetLine) {
	wd := p.Words
	w.s("\n      <dl class=\"kv\">\n        <dt>")
	w.e(wd.ValueLabel)
	w.s("</dt><dd><strong>")
	w.e(ln.ValueText)
	w.s(`</strong> <span class="muted">`)
	w.e(ln.Indicator.Unit)
	w.s("</span>")
	if ln.Doubt != "" {
		w.s(`<br><span class="rl-doubtflag warn-text small">⚠ `)
		w.e(wd.Implausible)
		w.s(": ")
		w.e(ln.Doubt)
		w.s("</span>")
	}
	w.s("</dd>\n        ")
	if note := ln.Realisation.Note; note != "" {
		w.s("<dt>")
		w.e(wd.Note)
		w.s(`</dt><dd class="rl-note">`)
		w.e(note)
		w.s("</dd>")
	}
	w.s("\n      </dl>\n      ")
	if ln.SavedBy != "" {
		w.s(`<p class="small muted">`)
		w.e(ln.SavedBy)
		w.s("</p>")
	}
	w.s("\n      ")
	if len(ln.RawRead) > 0 {
		w.s("\n      <table class=\"rl-rawtable rl-rawread\">\n        <caption>")
		w.e(wd.Raw)
		w.s("</caption>\n        <thead><tr><th scope=\"col\">")
		w.e(wd.RawName)
		w.s(`</th><th scope="col" class="num">`)
		w.e(wd.RawValue)
		w.s(`</th><th scope="col">`)
		w.e(wd.Unit)
		w.s("</th></tr></thead>\n        <tbody>")
		for _, row := range ln.RawRead {
			w.s("<tr><td>")
			w.e(row.Name)
			w.s(`</td><td class="num">`)
			w.e(row.Value)
			w.s("</td><td>")
			w.e(row.Unit)
			w.s("</td></tr>")
		}
		w.s("</tbody>\n      </table>\n      <p class=\"small\">")
		w.e(wd.RawComputed)
		w.s(" <strong>")
		w.e(ln.RawComputed)
		w.s("</strong>")
		if ln.SheetLine.Raw.Mismatch {
			w.s(` <span class="rl-mismatch">⚠ `)
			w.e(wd.RawMismatch)
			w.s("</span>")
		}
		w.s("</p>\n      ")
	}
}

// writeFigures is a line's target, realisation and achievement with how
// they were computed.
func (p *sheetPage) writeFigures(w *htmlWriter, ln *sheetLine) {
	wd := p.Words
	w.s("    <div class=\"rl-figs\">\n      <table class=\"rl-figtable\">\n        <thead><tr><th scope=\"col\"></th><th scope=\"col\" class=\"num\">")
	w.e(wd.Quarter)
	w.s(`</th><th scope="col" class="num">`)
	w.e(wd.ToDate)
	w.s("</th></tr></thead>\n        <tbody>\n          <tr><th scope=\"row\">")
	w.e(wd.Target)
	w.s(`</th><td class="num" data-fig="own-target">`)
	w.e(ln.Own.Target)
	w.s(`</td><td class="num" data-fig="todate-target">`)
	w.e(ln.ToDate.Target)
	w.s("</td></tr>\n          <tr><th scope=\"row\">")
	w.e(wd.Realisation)
	w.s(`</th><td class="num" data-fig="own-realisation">`)
	w.e(ln.Own.Realisation)
	w.s(`</td><td class="num" data-fig="todate-realisation">`)
	w.e(ln.ToDate.Realisation)
	w.s("</td></tr>\n          <tr class=\"rl-ach\"><th scope=\"row\">")
	w.e(wd.Achievement)
	w.s(`</th><td class="num" data-fig="own-achievement">`)
	w.e(ln.Own.Achievement)
	w.s(`</td><td class="num"><strong data-fig="todate-achievement">`)
	w.e(ln.ToDate.Achievement)
	w.s("</strong></td></tr>\n        </tbody>\n      </table>\n      <p class=\"small muted\">")
	if ln.Frozen {
		w.e(wd.FrozenNote)
	} else {
		w.e(wd.LiveNote)
	}
	w.s("</p>\n      <details class=\"rl-explain\">\n        <summary>")
	w.e(wd.How)
	w.s("</summary>\n        <ol data-fig=\"explain\">")
	for _, st := range ln.Explain {
		w.s("<li>")
		if st.Label != "" {
			w.s(`<span class="rl-steplabel">`)
			w.e(st.Label)
			w.s("</span> ")
		}
		w.e(st.Text)
		w.s("</li>")
	}
	w.s("</ol>\n      </details>\n    </div>\n")
}

// writeDocuments lists what a line requires and the documents it has.
func (p *sheetPage) writeDocuments(w *htmlWriter, ln *sheetLine) {
	wd := p.Words
	if len(ln.Required) > 0 {
		w.s("\n    <ul class=\"rl-required\" aria-label=\"")
		w.e(wd.Required)
		w.s("\">\n      ")
		for _, req := range ln.Required {
			if req.Satisfied {
				w.s(`<li class="rl-ok"><span aria-hidden="true">✓</span> `)
			} else {
				w.s(`<li class="rl-missing"><span aria-hidden="true">✗</span> `)
			}
			w.e(req.Item.Name)
			w.s(` <span class="muted small">(`)
			w.e(req.KindLabel)
			w.s(")")
			if !req.Satisfied {
				w.s(" — ")
				w.e(wd.Missing)
			}
			w.s("</span></li>")
		}
		w.s("\n    </ul>\n    ")
	}
	w.s("\n    ")
	if len(ln.Evidence) == 0 {
		w.s(`<p class="muted small">`)
		w.e(wd.NoDocuments)
		w.s("</p>")
		return
	}
	w.s("\n    <ul class=\"rl-evidence\">\n      ")
	for i := range ln.Evidence {
		p.writeEvidence(w, &ln.Evidence[i])
	}
	w.s("\n    </ul>\n    ")
}

func (p *sheetPage) writeEvidence(w *htmlWriter, ev *sheetEvidence) {
	cur := ev.Current()
	w.s("\n      <li class=\"")
	w.when(!cur, "rl-superseded")
	w.s("\">\n        <span class=\"pill rl-kind\">")
	w.e(ev.KindLabel)
	w.s("</span>\n        ")
	switch ev.Form {
	case domain.FormFile:
		if !cur {
			w.s("<s>")
		}
		w.s(`<a href="/evidence/`)
		w.e(urlPart(ev.ID))
		w.s(`">`)
		w.e(ev.Filename)
		w.s("</a>")
		if !cur {
			w.s("</s>")
		}
		w.s(` <span class="muted small">`)
		w.e(ev.Size)
		w.s(` · <span class="mono" title="SHA-256 `)
		w.e(ev.SHA256)
		w.s(`">`)
		w.e(ev.Short)
		w.s("</span></span>\n        ")
	case domain.FormLink:
		if cur {
			w.s(`<a href="`)
			w.e(safeURL(ev.URL))
			w.s(`" rel="noopener noreferrer" target="_blank">`)
			w.e(ev.URL)
			w.s("</a>")
		} else {
			w.s("<s>")
			w.e(ev.URL)
			w.s("</s>")
		}
		w.s("\n        ")
	default:
		if cur {
			w.s(`<span class="rl-text">`)
			w.e(ev.Body)
			w.s("</span>")
		} else {
			w.s("<s>")
			w.e(ev.Body)
			w.s("</s>")
		}
	}
	w.s("\n        <span class=\"muted small\">· ")
	w.e(ev.Uploader)
	w.s(", ")
	w.e(ev.When)
	w.s("</span>\n        ")
	if !cur {
		w.s(`<br><span class="small">`)
		w.e(p.lang.T("realui.replaced_by", "name", ev.ReplacedBy, "reason", ev.Reason))
		w.s("</span>")
	}
	w.s("\n      </li>\n      ")
}

// writeUpload is the form adding a document to a line: part of the sheet's
// form for its owner, a form of its own for a verifier.
func (p *sheetPage) writeUpload(w *htmlWriter, ln *sheetLine) {
	wd, id, up := p.Words, ln.Key, &ln.Up
	pre, fa := up.Prefix, wd.FormAttr
	w.s("\n    <details class=\"rl-upload\"")
	w.when(ln.UploadOpen, " open")
	w.s(">\n      <summary>")
	w.e(wd.AddDocument)
	w.s("</summary>\n      ")
	if p.Perm.Edit {
		w.s(`<div class="rl-uploadform">`)
	} else {
		w.s(`<form method="post" action="`, p.base(), "/evidence\" enctype=\"multipart/form-data\" class=\"rl-uploadform\">\n        <input type=\"hidden\" name=\"line_id\" value=\"", id, `">`)
	}
	w.s("\n        <div class=\"formrow\">\n          ")
	writeSelect(w, lineSelect{line: id, prefix: pre, name: "kind", label: wd.Kind, form: fa, options: up.Kinds, err: up.KindErr})
	w.s("\n          ")
	if len(ln.Current) > 0 {
		w.s("\n          ")
		writeSelect(w, lineSelect{line: id, prefix: pre, name: "replaces", label: wd.Replaces, form: fa, role: "replaces",
			none: wd.ReplacesNone, options: up.Replaces, err: up.ReplacesErr})
		w.s("\n          ")
	}
	fe := up.FileErr
	w.s("\n        </div>\n        \n        <div class=\"field")
	w.when(fe != "", " has-error")
	w.s("\">\n          <label for=\"f-file_", id, `">`)
	w.e(wd.File)
	w.s("</label>\n          <input id=\"f-file_", id, `" name="`)
	w.e(pre)
	w.s(`file"`)
	w.attrIf("form", fa)
	w.s(` type="file" accept="`)
	w.e(p.Accept)
	w.s(`" data-max="`, strconv.FormatInt(p.MaxBytes, 10), `" data-too-large="`)
	w.e(wd.FileTooLarge)
	w.s(`"`)
	if fe != "" {
		w.s(` aria-invalid="true" aria-describedby="e-file_`, id, `"`)
	}
	w.s(">\n          <p class=\"help\">")
	w.e(wd.FileHelp)
	w.s("</p>\n          <p class=\"error\" id=\"e-file_", id, `" data-role="file-error"`)
	w.when(fe == "", " hidden")
	w.s(">")
	w.e(fe)
	w.s("</p>\n        </div>\n        <div class=\"formrow\">\n          ")
	writeField(w, &up.URL)
	w.s("\n          ")
	writeField(w, &up.Body)
	w.s("\n        </div>\n        ")
	if len(ln.Current) > 0 {
		w.s(`<div class="rl-reason" data-role="reason">`)
		writeField(w, &up.Reason)
		w.s("</div>")
	}
	w.s("\n        ")
	if p.Perm.Edit {
		w.s("\n        <div class=\"formactions\"><button class=\"btn rl-uploadbtn\" type=\"submit\" form=\"sheet-form\" name=\"action\" value=\"line-", id, `">`)
		w.e(wd.SaveUpload)
		w.s("</button></div>\n        <p class=\"help\">")
		w.e(wd.SaveUploadHelp)
		w.s("</p>\n      </div>\n        ")
	} else {
		w.s("\n        <div class=\"formactions\"><button class=\"btn rl-uploadbtn\" type=\"submit\">")
		w.e(wd.Upload)
		w.s("</button></div>\n      </form>\n        ")
	}
	w.s("\n    </details>\n    ")
}

// lineSelect is a choice of a line's document form.
type lineSelect struct {
	line, prefix, name, label, form string
	role, none                      string // data-role, and the label of an empty first choice
	options                         []option
	err                             string
}

func writeSelect(w *htmlWriter, sel lineSelect) {
	w.s(`<div class="field`)
	w.when(sel.err != "", " has-error")
	w.s(`"><label for="f-`, sel.name, "_", sel.line, `">`)
	w.e(sel.label)
	w.s("</label>\n            <select id=\"f-", sel.name, "_", sel.line, `" name="`)
	w.e(sel.prefix)
	w.s(sel.name, `"`)
	w.attrIf("form", sel.form)
	w.attrIf("data-role", sel.role)
	w.s(">")
	if sel.none != "" {
		w.s(`<option value="">`)
		w.e(sel.none)
		w.s("</option>")
	}
	writeOptions(w, sel.options)
	w.s("</select>\n            ")
	if sel.err != "" {
		w.s(`<p class="error" id="e-`)
		w.e(sel.prefix)
		w.s(sel.name, `">`)
		w.e(sel.err)
		w.s("</p>")
	}
	w.s("</div>")
}

func writeOptions(w *htmlWriter, opts []option) {
	for _, o := range opts {
		w.s(`<option value="`)
		w.e(o.Value)
		w.s(`"`)
		w.when(o.Selected, " selected")
		w.s(">")
		w.e(o.Label)
		w.s("</option>")
	}
}

// writeField is a labelled input of a line's form (an rlInput).
func writeField(w *htmlWriter, in *rlInput) {
	w.s("\n<div class=\"field")
	w.when(in.Err != "", " has-error")
	w.s("\">\n  <label for=\"")
	w.e(in.ID)
	w.s(`">`)
	w.e(in.Label)
	w.when(in.Req, ` <span class="req" aria-hidden="true">*</span>`)
	w.s("</label>\n  ")
	open := func() {
		w.e(in.ID)
		w.s(`" name="`)
		w.e(in.N)
		w.s(`"`)
		w.attrIf("form", in.Form)
	}
	invalid := func() {
		if in.Err != "" {
			w.s(` aria-invalid="true" aria-describedby="e-`)
			w.e(in.ID)
			w.s(`"`)
		}
	}
	if in.Textarea {
		w.s("\n  <textarea id=\"")
		open()
		w.s(` rows="2"`)
		w.when(in.Req, " required")
		invalid()
		w.s(">")
		w.e(in.Value)
		w.s("</textarea>\n  ")
	} else {
		w.s("\n  <input id=\"")
		open()
		w.s(` type="`)
		w.e(in.Type)
		w.s(`" value="`)
		w.e(in.Value)
		w.s(`"`)
		w.when(in.Req, " required")
		w.attrIf("inputmode", in.Mode)
		invalid()
		w.s(">\n  ")
	}
	w.s("\n  ")
	if in.Help != "" {
		w.s(`<p class="help">`)
		w.e(in.Help)
		w.s("</p>")
	}
	w.s("\n  ")
	if in.Err != "" {
		w.s(`<p class="error" id="e-`)
		w.e(in.ID)
		w.s(`">`)
		w.e(in.Err)
		w.s("</p>")
	}
	w.s("\n</div>\n")
}

// writeCheck is the verifier's check of a line, or the check recorded.
func (p *sheetPage) writeCheck(w *htmlWriter, ln *sheetLine) {
	wd, id := p.Words, ln.Key
	if p.Perm.Verify {
		w.s("\n  <div class=\"rl-check\">\n    <h3>")
		w.e(wd.Check)
		w.s("</h3>\n    <label class=\"checkbox\"><input type=\"checkbox\" name=\"check_", id, `" value="1" form="verify-form"`)
		w.when(ln.CheckOK, " checked")
		w.s("> ")
		w.e(wd.CheckOK)
		w.s("</label>\n    ")
		if ln.CheckErr != "" {
			w.s(`<p class="error" id="e-check_`, id, `">`)
			w.e(ln.CheckErr)
			w.s("</p>")
		}
		w.s("\n    <label for=\"f-checkcomment_", id, `" class="small">`)
		w.e(wd.CheckComment)
		w.s("</label>\n    <input id=\"f-checkcomment_", id, `" name="checkcomment_`, id, `" form="verify-form" value="`)
		w.e(ln.CheckComment)
		w.s("\">\n  </div>\n  ")
		return
	}
	if ok := ln.Realisation.CheckOK; ok != nil && *ok {
		w.s("\n  <p class=\"small rl-checked\">✓ ")
		w.e(wd.Checked)
		if c := ln.Realisation.CheckComment; c != "" {
			w.s(" — “")
			w.e(c)
			w.s("”")
		}
		w.s("</p>\n  ")
	}
}

// writeCorrection is the correction waiting for a decision, or the form
// asking for one.
func (p *sheetPage) writeCorrection(w *htmlWriter, ln *sheetLine) {
	wd, id, l := p.Words, ln.Key, p.lang
	if c := ln.Pending; c != nil {
		w.s("\n  <div class=\"flash flash-info rl-pending\">\n    <p><strong>")
		w.e(wd.CorrectionPending)
		w.s("</strong> ")
		w.e(l.T("realui.correction_change", "old", p.Num(c.OldValue), "new", p.Num(c.NewValue)))
		w.s("</p>\n    ")
		if ln.PendingDoubt != "" {
			w.s(`<p class="rl-doubtflag warn-text small">⚠ `)
			w.e(wd.Implausible)
			w.s(": ")
			w.e(ln.PendingDoubt)
			w.s("</p>")
		}
		w.s("\n    <p class=\"small\">")
		w.e(c.Reason)
		w.s(` <span class="muted">— `)
		w.e(p.Name(c.RequestedBy))
		w.s(", ")
		w.e(dateTime(l, p.loc, c.RequestedAt))
		w.s("</span></p>\n  </div>\n  ")
		return
	}
	if !p.Perm.RequestCorrection {
		return
	}
	c := &ln.Corr
	w.s("\n  <details class=\"rl-correct\"")
	w.when(c.Open, " open")
	w.s(">\n    <summary>")
	w.e(wd.RequestCorrection)
	w.s("</summary>\n    <form method=\"post\" action=\"/plans/", strconv.FormatInt(p.Plan.ID, 10), "/lines/", id, "/quarters/",
		strconv.Itoa(p.Quarter.Quarter), "/corrections\">\n      <p class=\"help\">")
	w.e(wd.CorrectionHelp)
	w.s("</p>\n      <div class=\"formrow\">\n        ")
	writeField(w, &c.Value)
	w.s("\n        ")
	writeField(w, &c.Note)
	w.s("\n      </div>\n      ")
	writeField(w, &c.Reason)
	w.s("\n      ")
	if c.AskConfirm {
		w.s("<div class=\"field")
		w.when(c.ConfirmErr != "", " has-error")
		w.s("\">\n        ")
		if c.ConfirmErr != "" {
			w.s(`<p class="error" id="e-cconfirm_`, id, `">`)
			w.e(c.ConfirmErr)
			w.s("</p>")
		}
		w.s("\n        <label class=\"checkbox\"><input type=\"checkbox\" name=\"confirm\" value=\"1\"")
		w.when(c.Confirm, " checked")
		w.s("> ")
		w.e(wd.ConfirmImplausible)
		w.s("</label>\n      </div>")
	}
	w.s("\n      <div class=\"formactions\"><button class=\"btn btn-secondary\" type=\"submit\">")
	w.e(wd.RequestCorrection)
	w.s("</button></div>\n    </form>\n  </details>\n  ")
}
