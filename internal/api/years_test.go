package api_test

import (
	"fmt"
	"testing"

	"github.com/kinerja/kinerja/internal/api"
	"github.com/kinerja/kinerja/internal/store/storetest"
)

// The second party at the top of the tree: recorded by the Kanwil's
// pengelola kinerja, refused for an office whose upper head is in the system.
func TestSetSignatoryAPI(t *testing.T) {
	t.Parallel()
	for _, engine := range storetest.Engines() {
		t.Run(string(engine), func(t *testing.T) {
			e := newEnv(t, engine)
			kanwilPeng := e.kanwilPengelola
			path := fmt.Sprintf("/years/%d/signatories/%d", e.off.Year, e.off.KanwilID)
			body := map[string]any{"name": "Astera Primanto Bhakti", "nip": "19680717 199403 1 002", "position": "Direktur Jenderal Perbendaharaan"}
			e.call(e.staffBank, "PUT", path, body, 403, nil)
			e.call(e.pengelola, "PUT", path, body, 403, nil) // the KPPN's pengelola manages only the KPPN
			var p problem
			e.call(kanwilPeng, "PUT", path, map[string]any{"name": "", "position": "x", "nip": "12"}, 422, &p)
			if !pointsAt(p, "body.name") || !pointsAt(p, "body.nip") {
				t.Errorf("bad input: %+v", p)
			}
			var got api.Signatory
			e.call(kanwilPeng, "PUT", path, body, 200, &got)
			if got.NIP != "196807171994031002" || got.OfficeID != e.off.KanwilID || got.Position != "Direktur Jenderal Perbendaharaan" {
				t.Errorf("recorded %+v", got)
			}
			// The KPPN's upper head approves in person: nothing to record.
			e.call(e.pengelola, "PUT", fmt.Sprintf("/years/%d/signatories/%d", e.off.Year, e.off.OfficeID), body, 409, nil)
			e.call(kanwilPeng, "PUT", fmt.Sprintf("/years/%d/signatories/%d", 2090, e.off.KanwilID), body, 404, nil)
			e.call(kanwilPeng, "PUT", fmt.Sprintf("/years/%d/signatories/%d", e.off.Year, 999999), body, 404, nil)
		})
	}
}
