package main

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/ladder/ladder/internal/browsertest"
	"github.com/ladder/ladder/web"
)

// TestBrowserNextStaysOnSite signs in from a link whose next hides "//" behind
// a tab, which a browser drops: the browser must end up on Ladder, not on
// the other host.
func TestBrowserNextStaysOnSite(t *testing.T) {
	app, _ := startRedisApp(t, nil)
	register(t, app.URL, "wanderer")
	ctx := browsertest.New(t)
	for _, next := range []string{"/%09/evil.example/", "/%5C/evil.example/", "/%0A/evil.example/", "//evil.example/"} {
		browserStep(t, ctx, app, "sign in with next="+next,
			chromedp.Navigate(app.URL+"/login?next="+next),
			chromedp.WaitVisible(`[data-testid=login-form]`),
			chromedp.SendKeys(`input[name=username]`, "wanderer"),
			chromedp.SendKeys(`input[name=password]`, "correct horse"),
			chromedp.Submit(`[data-testid=login-form]`),
		)
		loc := waitLeave(t, ctx, app.URL+"/login")
		if !strings.HasPrefix(loc, app.URL+"/") {
			t.Fatalf("next=%s: the browser went to %q, off %s", next, loc, app.URL)
		}
		browserStep(t, ctx, app, "signed in", chromedp.WaitVisible(`[data-testid=signed-in-as]`))
		// Signed in, the sign-in page sends the browser on at once.
		browserStep(t, ctx, app, "open sign in again", chromedp.Navigate(app.URL+"/login?next="+next))
		if loc := waitLeave(t, ctx, app.URL+"/login"); !strings.HasPrefix(loc, app.URL+"/") {
			t.Fatalf("signed in, next=%s: the browser went to %q", next, loc)
		}
		browserStep(t, ctx, app, "sign out", chromedp.Click(`[data-testid=logout]`), chromedp.WaitVisible(`[data-testid=login-link]`))
	}
}

// waitLeave waits until the page's URL no longer starts with from, and
// returns it.
func waitLeave(t *testing.T, ctx context.Context, from string) string {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		sctx, cancel := context.WithTimeout(ctx, time.Second)
		loc, err := chromedp.Run(sctx, chromedp.Location())
		cancel()
		if err == nil && loc != "" && !strings.HasPrefix(loc, from) && loc != "about:blank" {
			return loc
		}
		if time.Now().After(deadline) {
			t.Fatalf("page stayed at %q (%v)", loc, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// cspRecorder runs before any script of every page: it keeps each
// Content-Security-Policy violation the page reports.
const cspRecorder = `window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__cspViolations.push(e.effectiveDirective + " blocked " + (e.blockedURI || "inline") +
    " at " + (e.sourceFile || "?") + ":" + e.lineNumber + " " + (e.sample || ""));
});`

// inlineCodeJS lists what the page's HTML holds that the policy refuses:
// event handler and style attributes, inline scripts and style elements,
// javascript: links. It parses a fresh copy of the HTML, since scripts may
// have set styles through the CSSOM, which the policy allows.
const inlineCodeJS = `(async function () {
  var res = await fetch(location.href, { credentials: "same-origin" });
  var doc = new DOMParser().parseFromString(await res.text(), "text/html");
  var bad = [];
  doc.querySelectorAll("*").forEach(function (el) {
    for (var i = 0; i < el.attributes.length; i++) {
      var a = el.attributes[i];
      if (/^on/i.test(a.name) || a.name === "style") bad.push(el.tagName.toLowerCase() + "[" + a.name + "=" + a.value.slice(0, 40) + "]");
      if (/^\s*javascript:/i.test(a.value)) bad.push(el.tagName.toLowerCase() + "[" + a.name + "] javascript:");
    }
  });
  doc.querySelectorAll("script:not([src])").forEach(function (s) { bad.push("inline script " + s.textContent.slice(0, 40)); });
  doc.querySelectorAll("style").forEach(function () { bad.push("style element"); });
  return bad;
})()`

// cspBrowser is a browser that records policy violations.
func cspBrowser(t *testing.T, app *testApp) context.Context {
	t.Helper()
	ctx := browsertest.New(t)
	browserStep(t, ctx, app, "install the violation recorder", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: cspRecorder})
		return err
	}))
	return ctx
}

// checkPageCSP opens path and fails on a missing policy header, a reported
// violation or inline code in the HTML. Pages with a live socket get the
// time to open it, so a refused connection shows up too.
func checkPageCSP(t *testing.T, ctx context.Context, app *testApp, who, path string) {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	resp, err := chromedp.RunResponse(sctx, chromedp.Navigate(app.URL+path))
	if err != nil {
		t.Fatalf("%s %s: %v", who, path, err)
	}
	if got, _ := resp.Headers["Content-Security-Policy"].(string); got != web.ContentSecurityPolicy {
		t.Errorf("%s %s (status %d): Content-Security-Policy %q", who, path, resp.Status, got)
	}
	if !strings.HasPrefix(resp.MimeType, "text/html") {
		t.Errorf("%s %s: %s, want an HTML page", who, path, resp.MimeType)
	}
	_, _ = chromedp.Run(sctx, chromedp.Poll[bool](`document.readyState === "complete" &&
		!(window.Ladder && Ladder.live && Ladder.live.status() === "connecting")`, chromedp.WithPollingTimeout(5*time.Second)))
	time.Sleep(150 * time.Millisecond) // late reports arrive as tasks
	violations, err := chromedp.Run(sctx, chromedp.Evaluate[[]string](`window.__cspViolations || ["recorder missing"]`))
	if err != nil {
		t.Fatalf("%s %s: read violations: %v", who, path, err)
	}
	for _, v := range violations {
		t.Errorf("%s %s: CSP violation: %s", who, path, v)
	}
	inline, err := chromedp.Run(sctx, chromedp.Evaluate[[]string](inlineCodeJS, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("%s %s: scan the HTML: %v", who, path, err)
	}
	for _, v := range inline {
		t.Errorf("%s %s: inline code the policy refuses: %s", who, path, v)
	}
}

// TestBrowserPagesKeepCSP opens every page, as a visitor, a signed-in
// player in a match and an admin, and fails on any Content-Security-Policy
// violation. The admin's confirm dialogs must still guard their forms.
func TestBrowserPagesKeepCSP(t *testing.T) {
	app, admin := startAdminApp(t, map[string]string{"TURN_TIMEOUT": "10m"}) // the match outlives the walk
	admin.must(http.StatusCreated, "POST", "/api/v1/admin/leaderboards",
		map[string]any{"id": "csp-board", "title": "CSP board", "order": "desc", "operator": "best", "reset": "daily"})
	p1, si1 := register(t, app.URL, "cspone")
	p2, si2 := register(t, app.URL, "csptwo")
	p1.must(http.StatusOK, "POST", "/api/v1/leaderboards/csp-board/scores", map[string]int{"score": 42})
	p2.must(http.StatusOK, "POST", "/api/v1/leaderboards/csp-board/scores", map[string]int{"score": 7})
	var tk [2]struct {
		TicketID string `json:"ticket_id"`
	}
	p1.must(http.StatusCreated, "POST", "/api/v1/matchmaking/connect4/tickets", nil).JSON(t, &tk[0])
	p2.must(http.StatusCreated, "POST", "/api/v1/matchmaking/connect4/tickets", nil).JSON(t, &tk[1])
	matchID := waitTicket(t, p1, tk[0].TicketID)
	if matchID == "" {
		t.Fatal("no match made")
	}

	public := []string{"/", "/play", "/login", "/register", "/leaderboards", "/leaderboards/target-rush",
		"/leaderboards/target-rush-weekly", "/leaderboards/connect4", "/leaderboards/csp-board",
		"/leaderboards/csp-board?period=previous", "/players/" + si1.Player.ID, "/play/target-rush",
		"/play/connect4", "/matches/" + matchID, "/live", "/no-such-page", "/leaderboards/no-such-board"}
	adminPages := []string{"/admin", "/admin/players", "/admin/players?q=csp", "/admin/players/" + si2.Player.ID,
		"/admin/audit", "/admin/leaderboards", "/admin/leaderboards/csp-board", "/admin/matches"}

	visitor := cspBrowser(t, app)
	for _, p := range public {
		checkPageCSP(t, visitor, app, "visitor", p)
	}
	// A player is refused the admin pages on an HTML error page.
	player := cspBrowser(t, app)
	signInAs(t, player, app, si1.Token)
	for _, p := range append(public, "/admin") {
		checkPageCSP(t, player, app, "player", p)
	}
	boss := cspBrowser(t, app)
	signInBrowser(t, boss, app, "boss", "boss-password")
	// Public pages share the player's layout; the admin's adds its link.
	for _, p := range append(adminPages, "/", "/matches/"+matchID) {
		checkPageCSP(t, boss, app, "admin", p)
	}

	// Saying no in the in-page dialog keeps the form from being sent; the
	// browser's own confirm() is never used.
	asked := `window.__asked = []; window.confirm = window.prompt = function (q) { window.__asked.push(q); return false; }; true`
	for _, form := range []struct{ path, button string }{
		{"/admin/leaderboards/csp-board", `[data-testid=board-reset]`},
		{"/admin/players/" + si2.Player.ID, `[data-testid=delete]`},
	} {
		browserStep(t, boss, app, "refuse "+form.button, chromedp.Navigate(app.URL+form.path),
			discard(chromedp.Evaluate[bool](asked)), chromedp.Click(form.button),
			chromedp.WaitVisible(`[data-testid=confirm-dialog]`), chromedp.Click(`[data-testid=dialog-cancel]`),
			chromedp.WaitNotVisible(`[data-testid=confirm-dialog]`))
		time.Sleep(300 * time.Millisecond)
		if n := eval[int](t, boss, `window.__asked ? window.__asked.length : -1`); n != 0 {
			t.Errorf("%s: the browser's confirm/prompt was used %d times, want the in-page dialog only", form.path, n)
		}
		if v := eval[[]string](t, boss, `window.__cspViolations`); len(v) > 0 {
			t.Errorf("%s: CSP violations %q", form.path, v)
		}
	}
	// The player is still there: the refused delete was never sent.
	admin.must(http.StatusOK, "GET", "/api/v1/admin/players/"+si2.Player.ID, nil)
	// The board still has its entries: the refused reset was never sent.
	var board struct {
		Entries []struct {
			Score int64 `json:"score"`
		} `json:"entries"`
	}
	admin.must(http.StatusOK, "GET", "/api/v1/leaderboards/csp-board", nil).JSON(t, &board)
	if len(board.Entries) != 2 {
		t.Errorf("after a refused reset the board has %d entries, want 2", len(board.Entries))
	}

	// The cancel dialog puts the reason in the form.
	browserStep(t, boss, app, "cancel the match",
		chromedp.Navigate(app.URL+"/admin/matches"),
		chromedp.Click(`[data-testid=cancel-match]`),
		chromedp.WaitVisible(`[data-testid=dialog-reason]`),
		chromedp.SendKeys(`[data-testid=dialog-reason]`, "testing the prompt"),
		chromedp.Click(`[data-testid=dialog-confirm]`))
	waitLocation(t, boss, "done=")
	var m struct {
		Status string `json:"status"`
	}
	admin.must(http.StatusOK, "GET", "/api/v1/matches/"+matchID, nil).JSON(t, &m)
	if m.Status != "cancelled" {
		t.Errorf("match %s after the cancel, want cancelled", m.Status)
	}
	audit := admin.must(http.StatusOK, "GET", "/api/v1/admin/audit", nil)
	if !strings.Contains(string(audit.Body), "testing the prompt") {
		t.Errorf("audit log lacks the cancel reason: %.300s", audit.Body)
	}
}
