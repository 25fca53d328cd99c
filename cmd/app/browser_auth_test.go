package main

import (
	"os"
	"strings"
	"testing"

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
	browserStep(t, ctx, app, "open home", chromedp.Navigate(app.URL+"/"), chromedp.WaitVisible(`[data-testid=register-link]`))
	browsertest.Screenshot(t, ctx, shots, "home.png")
	browserStep(t, ctx, app, "register",
		chromedp.Click(`[data-testid=register-link]`),
		chromedp.WaitVisible(`[data-testid=register-form]`),
		chromedp.SendKeys(`input[name=username]`, name),
		chromedp.SendKeys(`input[name=password]`, "a good password"),
		chromedp.Submit(`[data-testid=register-form]`),
		chromedp.WaitVisible(`[data-testid=signed-in-as]`),
	)
	if got := browserText(t, ctx, `[data-testid=signed-in-as]`); !strings.Contains(got, name) {
		t.Fatalf("header shows %q, want the name %q", got, name)
	}
	browserStep(t, ctx, app, "sign out", chromedp.Click(`[data-testid=logout]`), chromedp.WaitVisible(`[data-testid=login-link]`))
	browserStep(t, ctx, app, "open sign in", chromedp.Click(`[data-testid=login-link]`), chromedp.WaitVisible(`[data-testid=login-form]`))
	browserStep(t, ctx, app, "wrong password",
		chromedp.SendKeys(`input[name=username]`, name),
		chromedp.SendKeys(`input[name=password]`, "not my password"),
		chromedp.Submit(`[data-testid=login-form]`),
		chromedp.WaitVisible(`[data-testid=form-error]`),
	)
	browsertest.Screenshot(t, ctx, shots, "login-error.png")
	browserStep(t, ctx, app, "sign in",
		chromedp.SetValue(`input[name=password]`, "a good password"),
		chromedp.Submit(`[data-testid=login-form]`),
		chromedp.WaitVisible(`[data-testid=signed-in-as]`),
	)
	if got := browserText(t, ctx, `[data-testid=signed-in-as]`); !strings.Contains(got, name) {
		t.Fatalf("after sign-in the header shows %q, want %q", got, name)
	}
}
