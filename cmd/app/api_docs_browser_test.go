package main

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/ladder/ladder/web"
)

// TestBrowserAPIDocs: /api/docs renders every operation of the OpenAPI
// document in a real browser under the site's Content-Security-Policy, with
// no violation reported while it draws and opens an operation.
func TestBrowserAPIDocs(t *testing.T) {
	app, _ := startRedisApp(t, nil)
	c := loadContract(t, app.URL)
	want := len(c.operations())
	ctx := cspBrowser(t, app)
	// The renderer is a large script: a busy machine gets a generous
	// budget, so the test measures correctness, not speed.
	sctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	resp, err := chromedp.RunResponse(sctx, chromedp.Navigate(app.URL+"/api/docs"))
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := resp.Headers["Content-Security-Policy"].(string); got != web.ContentSecurityPolicy {
		t.Fatalf("/api/docs (status %d): Content-Security-Policy %q", resp.Status, got)
	}
	inline, err := chromedp.Run(sctx, chromedp.Evaluate[[]string](inlineCodeJS, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("scan the HTML: %v", err)
	}
	for _, v := range inline {
		t.Errorf("inline code the policy refuses: %s", v)
	}
	if _, err := chromedp.Run(sctx, chromedp.Poll[bool](`document.querySelectorAll(".opblock").length >= `+strconv.Itoa(want),
		chromedp.WithPollingTimeout(90*time.Second))); err != nil {
		n, _ := chromedp.Run(sctx, chromedp.Evaluate[int](`document.querySelectorAll(".opblock").length`))
		t.Fatalf("the docs page shows %d operations, want %d: %v", n, want, err)
	}
	// Open one operation: its schema and example render too.
	if _, err := chromedp.Run(sctx, chromedp.Click(`#operations-accounts-register .opblock-summary-control`)); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(sctx, chromedp.Poll[bool](`!!document.querySelector("#operations-accounts-register .responses-wrapper") &&
		document.querySelector("#operations-accounts-register").textContent.indexOf("token") >= 0`,
		chromedp.WithPollingTimeout(30*time.Second))); err != nil {
		t.Fatalf("the register operation did not open: %v", err)
	}
	title, err := chromedp.Run(sctx, chromedp.Evaluate[string](`document.title + " | " + document.querySelector(".info .title").textContent`))
	if err != nil {
		t.Fatal(err)
	}
	if title == "" {
		t.Fatal("no title")
	}
	time.Sleep(200 * time.Millisecond)
	violations, err := chromedp.Run(sctx, chromedp.Evaluate[[]string](`window.__cspViolations || ["recorder missing"]`))
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range violations {
		t.Errorf("CSP violation while rendering the docs: %s", v)
	}
	t.Logf("%s: %d operations", title, want)
}
