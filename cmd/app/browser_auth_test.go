package main

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/ladder/ladder/internal/browsertest"
)

// TestBrowserSignUpSignOutSignIn registers in the page, sees the name in the
// header, signs out and signs in again, as a new user would.
func TestBrowserSignUpSignOutSignIn(t *testing.T) {
	app, _ := startRedisApp(t, nil)
	ctx := browsertest.New(t)
	shots := os.Getenv("SCREENSHOT_DIR")
	name := uniqueName("Zoe")
	step := func(what string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		sctx, cancel := context.WithTimeout(ctx, 20*time.Second)
		defer cancel()
		if err := chromedp.Do(sctx, actions...); err != nil {
			t.Fatalf("%s: %v\napp log:\n%s", what, err, app.out.String())
		}
	}
	text := func(sel string) string {
		t.Helper()
		sctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		s, err := chromedp.Run(sctx, chromedp.Text(sel))
		if err != nil {
			t.Fatalf("text of %s: %v", sel, err)
		}
		return s
	}

	step("open home", chromedp.Navigate(app.URL+"/"), chromedp.WaitVisible(`[data-testid=register-link]`))
	browsertest.Screenshot(t, ctx, shots, "home.png")
	step("register",
		chromedp.Click(`[data-testid=register-link]`),
		chromedp.WaitVisible(`[data-testid=register-form]`),
		chromedp.SendKeys(`input[name=username]`, name),
		chromedp.SendKeys(`input[name=password]`, "a good password"),
		chromedp.Submit(`[data-testid=register-form]`),
		chromedp.WaitVisible(`[data-testid=signed-in-as]`),
	)
	if got := text(`[data-testid=signed-in-as]`); !strings.Contains(got, name) {
		t.Fatalf("header shows %q, want the name %q", got, name)
	}
	step("sign out", chromedp.Click(`[data-testid=logout]`), chromedp.WaitVisible(`[data-testid=login-link]`))
	step("open sign in", chromedp.Click(`[data-testid=login-link]`), chromedp.WaitVisible(`[data-testid=login-form]`))
	step("wrong password",
		chromedp.SendKeys(`input[name=username]`, name),
		chromedp.SendKeys(`input[name=password]`, "not my password"),
		chromedp.Submit(`[data-testid=login-form]`),
		chromedp.WaitVisible(`[data-testid=form-error]`),
	)
	browsertest.Screenshot(t, ctx, shots, "login-error.png")
	step("sign in",
		chromedp.SetValue(`input[name=password]`, "a good password"),
		chromedp.Submit(`[data-testid=login-form]`),
		chromedp.WaitVisible(`[data-testid=signed-in-as]`),
	)
	if got := text(`[data-testid=signed-in-as]`); !strings.Contains(got, name) {
		t.Fatalf("after sign-in the header shows %q, want %q", got, name)
	}
}
