package browsertest_test

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kinerja/kinerja/internal/browsertest"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/service"
)

// A peer set as one of Eko's Q3 raters finds him in the inbox, scores the
// seven behaviours with the KMK guide beside each field, and the score
// counts among the peers' without naming her to Eko.
func TestRaterAssesses(t *testing.T) {
	b := browsertest.Start(t)
	off := b.Office
	eko, peer := off.Staff["BANK"][0], off.Staff["BANK"][1]
	sv, err := b.Service.EmployeeScoreIn(context.Background(), service.SystemActor(), eko, off.Year, 3)
	if err != nil {
		t.Fatal(err)
	}
	path := fmt.Sprintf("/assess/%d/3", sv.Plan.ID)
	ctx := b.LoggedIn(t, b.Username(t, peer))
	if _, err := chromedp.RunResponse(ctx, chromedp.Navigate(b.URL+"/inbox")); err != nil {
		t.Fatal(err)
	}
	links, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll("main a")).map(a => a.getAttribute("href"))`))
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, l := range links {
		found = found || l == path
	}
	if !found {
		t.Fatalf("the inbox does not lead to %s: %v", path, links)
	}
	if _, err := chromedp.RunResponse(ctx, chromedp.Navigate(b.URL+path)); err != nil {
		t.Fatal(err)
	}
	if help := text(t, ctx, "#f-score_0 + .help"); !strings.Contains(help, "masyarakat") {
		t.Errorf("no KMK guide beside the first score: %q", help)
	}
	for i := 0; i < len(domain.BehaviourAspects); i++ {
		typeInto(t, ctx, "#f-score_"+strconv.Itoa(i), strconv.Itoa(100+i))
	}
	submitAndWait(t, ctx, "save the scores", "form[action$='/scores'] button[type=submit]")
	as, err := b.Service.GetAssessment(context.Background(), service.SystemActor(), sv.Plan.ID, 3)
	if err != nil {
		t.Fatal(err)
	}
	if as.Counts[domain.RelationPeer] < 1 {
		t.Errorf("the peer's scores were not saved: %v", as.Counts)
	}
}
