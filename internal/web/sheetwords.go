package web

import (
	"reflect"
	"time"

	"github.com/kinerja/kinerja/internal/i18n"
)

// sheetWords are the sheet's words that are the same on every line. They
// are translated once per page: the lines (sheetlines.go) then print fields
// rather than calling the translation function some sixty times a line,
// which was most of the page's cost.
type sheetWords struct {
	Unit               string `t:"realui.unit"`
	NotReported        string `t:"realui.not_reported"`
	ValueHelp          string `t:"realui.value_help"`
	ConfirmImplausible string `t:"realui.confirm_implausible"`
	Note               string `t:"realui.note"`
	Raw                string `t:"realui.raw"`
	RawHelp            string `t:"realui.raw_help"`
	RawName            string `t:"realui.raw_name"`
	RawValue           string `t:"realui.raw_value"`
	RawRemove          string `t:"realui.raw_remove"`
	RawAdd             string `t:"realui.raw_add"`
	RawComputed        string `t:"realui.raw_computed"`
	RawMismatch        string `t:"realui.raw_mismatch"`
	Implausible        string `t:"realui.implausible"`
	Target             string `t:"realui.target"`
	Realisation        string `t:"realui.realisation"`
	Achievement        string `t:"realui.achievement"`
	FrozenNote         string `t:"realui.frozen_note"`
	LiveNote           string `t:"realui.live_note"`
	How                string `t:"realui.how"`
	Documents          string `t:"realui.documents"`
	Required           string `t:"realui.required"`
	Missing            string `t:"realui.missing"`
	NoDocuments        string `t:"realui.no_documents"`
	AddDocument        string `t:"realui.add_document"`
	Kind               string `t:"realui.kind"`
	Replaces           string `t:"realui.replaces"`
	ReplacesNone       string `t:"realui.replaces_none"`
	File               string `t:"realui.file"`
	SaveUpload         string `t:"realui.save_upload"`
	SaveUploadHelp     string `t:"realui.save_upload_help"`
	Upload             string `t:"realui.upload"`
	Check              string `t:"realui.check"`
	CheckOK            string `t:"realui.check_ok"`
	CheckComment       string `t:"realui.check_comment"`
	Checked            string `t:"realui.checked"`
	CorrectionPending  string `t:"realui.correction_pending"`
	RequestCorrection  string `t:"realui.request_correction"`
	CorrectionHelp     string `t:"realui.correction_help"`

	// Words with the quarter or the upload limit in them.
	Quarter, TargetQ, TargetToDate, ValueLabel, ToDate string
	FileTooLarge, FileHelp                             string

	// FormAttr is the form the line's document inputs belong to: the
	// sheet's own form for its owner, their own form otherwise ("").
	FormAttr string
}

// wordKeys are the message keys of sheetWords' tagged fields, by field index.
var wordKeys = func() map[int]string {
	keys := map[int]string{}
	t := reflect.TypeFor[sheetWords]()
	for i := range t.NumField() {
		if k := t.Field(i).Tag.Get("t"); k != "" {
			keys[i] = k
		}
	}
	return keys
}()

func newSheetWords(l i18n.Lang, q int, maxUpload float64, edit bool) *sheetWords {
	w := &sheetWords{}
	v := reflect.ValueOf(w).Elem()
	for i, k := range wordKeys {
		v.Field(i).SetString(l.T(k))
	}
	w.Quarter = i18n.Quarter(string(l), q)
	w.TargetQ = l.T("realui.target_q", "q", q)
	w.TargetToDate = l.T("realui.target_todate", "q", q)
	w.ValueLabel = l.T("realui.value_label", "q", q)
	w.ToDate = l.T("realui.todate", "q", q)
	w.FileTooLarge = l.T("realui.file_too_large", "name", "{name}", "max", maxUpload)
	w.FileHelp = l.T("realui.file_help", "max", maxUpload)
	if edit {
		w.FormAttr = "sheet-form"
	}
	return w
}

// dateText is the template's date function: a date in the viewer's
// language ("–" when none).
func dateText(l i18n.Lang, t time.Time) string {
	if t.IsZero() {
		return "–"
	}
	return i18n.FormatDate(string(l), t)
}

// dateTime is the template's datetime function, for figures made in Go.
func dateTime(l i18n.Lang, loc *time.Location, t time.Time) string {
	if t.IsZero() {
		return "–"
	}
	return i18n.FormatDateTime(string(l), t, loc)
}
