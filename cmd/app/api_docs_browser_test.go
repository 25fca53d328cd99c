package main

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserAPIDocs: /api/docs renders every operation of the OpenAPI
// document in a real browser under the site's Content-Security-Policy, with
// no violation reported while it draws and opens an operation.
func TestBrowserAPIDocs(t *testing.T) {
	app, _ := startRedisApp(t, nil)
	c := loadContract(t, app.URL)
	want := len(c.operations())
	ctx := cspBrowser(t, app)
	checkPageCSP(t, ctx, app, "visitor", "/api/docs")

	sctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if _, err := chromedp.Run(sctx, chromedp.Poll[bool](`document.querySelectorAll(".opblock").length >= `+strconv.Itoa(want),
		chromedp.WithPollingTimeout(20*time.Second))); err != nil {
		n, _ := chromedp.Run(sctx, chromedp.Evaluate[int](`document.querySelectorAll(".opblock").length`))
		t.Fatalf("the docs page shows %d operations, want %d: %v", n, want, err)
	}
	// Open one operation: its schema and example render too.
	if _, err := chromedp.Run(sctx, chromedp.Click(`#operations-accounts-register .opblock-summary-control`)); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(sctx, chromedp.Poll[bool](`!!document.querySelector("#operations-accounts-register .responses-wrapper") &&
		document.querySelector("#operations-accounts-register").textContent.indexOf("token") >= 0`,
		chromedp.WithPollingTimeout(10*time.Second))); err != nil {
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
