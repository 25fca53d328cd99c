package main

import (
	"context"
	"net/http"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/ladder/ladder/internal/browsertest"
)

// shotSizes saves the current page at a desktop and a phone size.
func shotSizes(t *testing.T, ctx context.Context, app *testApp, dir, name string) {
	t.Helper()
	browserStep(t, ctx, app, "desktop size", chromedp.EmulateViewport(1366, 900))
	shot(t, ctx, dir, name+"-desktop.png")
	browserStep(t, ctx, app, "phone size", chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2)))
	shot(t, ctx, dir, name+"-phone.png")
	browserStep(t, ctx, app, "back to desktop", chromedp.EmulateViewport(1366, 900))
}

// TestBrowserGuestUpgradeKeepsEverything: a guest who won a ranked match
// creates an account on the settings page and keeps id, record and rating.
func TestBrowserGuestUpgradeKeepsEverything(t *testing.T) {
	app, _ := startRedisApp(t, nil)
	ctx := browsertest.New(t)
	shots := os.Getenv("SCREENSHOT_DIR")
	g, sg := guest(t, app.URL)
	other, _ := guest(t, app.URL)
	playResigned(t, g, other, sg.Player.ID)
	var before struct {
		Ratings map[string]struct {
			Rating float64 `json:"rating"`
			Wins   int     `json:"wins"`
		} `json:"ratings"`
	}
	g.must(http.StatusOK, "GET", "/api/v1/me", nil).JSON(t, &before)
	signInAs(t, ctx, app, g.Token)

	browserStep(t, ctx, app, "open settings", chromedp.Navigate(app.URL+"/settings"), chromedp.WaitVisible(`[data-testid=upgrade-form]`))
	shotSizes(t, ctx, app, shots, "settings-guest")
	browserStep(t, ctx, app, "name taken",
		chromedp.SendKeys(`[data-testid=upgrade-form] input[name=username]`, "guest-nope"),
		chromedp.SendKeys(`[data-testid=upgrade-form] input[name=password]`, "a fine password"),
		chromedp.Submit(`[data-testid=upgrade-form]`),
		chromedp.WaitVisible(`[data-testid=form-error]`))
	if msg := browserText(t, ctx, `[data-testid=form-error]`); !strings.HasPrefix(msg, "Usernames starting") {
		t.Errorf("error shown = %q", msg)
	}
	browserStep(t, ctx, app, "upgrade",
		chromedp.SetValue(`[data-testid=upgrade-form] input[name=username]`, "Kept_All"),
		chromedp.SendKeys(`[data-testid=upgrade-form] input[name=password]`, "a fine password"),
		chromedp.Submit(`[data-testid=upgrade-form]`),
		chromedp.WaitVisible(`[data-testid=password-form]`))
	if got := browserText(t, ctx, `[data-testid=signed-in-as]`); !strings.Contains(got, "Kept_All") && !strings.Contains(got, sg.Player.DisplayName) {
		t.Errorf("header after upgrade = %q", got)
	}
	shotSizes(t, ctx, app, shots, "settings-registered")

	browserStep(t, ctx, app, "open profile", chromedp.Navigate(app.URL+"/players/"+sg.Player.ID), chromedp.WaitVisible(`[data-testid=rating-chart]`))
	if id := eval[string](t, ctx, `document.querySelector("[data-testid=profile]").dataset.playerId`); id != sg.Player.ID {
		t.Errorf("profile id %s, want %s", id, sg.Player.ID)
	}
	if w := browserText(t, ctx, `[data-testid=c4-wins]`); w != "1" || before.Ratings["connect4"].Wins != 1 {
		t.Errorf("wins shown %q (API had %d)", w, before.Ratings["connect4"].Wins)
	}
	want := thousandsOf(int(before.Ratings["connect4"].Rating + 0.5))
	if r := browserText(t, ctx, `[data-testid=c4-rating-value]`); r != want {
		t.Errorf("rating shown %q, want %q", r, want)
	}
	if r := browserText(t, ctx, `[data-testid=match-rating]`); r != want {
		t.Errorf("history rating shown %q, want %q (one number format)", r, want)
	}
	if reason := browserText(t, ctx, `[data-testid=match-reason]`); !strings.HasPrefix(reason, "Resigned") {
		t.Errorf("reason shown %q", reason)
	}
	if !strings.Contains(browserText(t, ctx, `[data-testid=profile]`), "@Kept_All") {
		t.Error("the profile does not show the new username")
	}
	shotSizes(t, ctx, app, shots, "profile")
	// The guest's old token ended with the upgrade.
	g.must(http.StatusUnauthorized, "GET", "/api/v1/me", nil)
}

// TestBrowserPasswordChangeEndsOtherSessions: changing the password on the
// settings page signs another client out and keeps this one.
func TestBrowserPasswordChangeEndsOtherSessions(t *testing.T) {
	app, _ := startRedisApp(t, nil)
	ctx := browsertest.New(t)
	name := uniqueName("pw")
	other, _ := register(t, app.URL, name)
	signInBrowser(t, ctx, app, name, "correct horse")
	browserStep(t, ctx, app, "wrong current password", chromedp.Navigate(app.URL+"/settings"),
		chromedp.WaitVisible(`[data-testid=password-form]`),
		chromedp.SendKeys(`input[name=current]`, "not the password"),
		chromedp.SendKeys(`input[name=new]`, "brand new secret"),
		chromedp.Submit(`[data-testid=password-form]`),
		chromedp.WaitVisible(`[data-testid=form-error]`))
	if msg := browserText(t, ctx, `[data-testid=form-error]`); msg != "That is not your current password." {
		t.Errorf("error shown = %q", msg)
	}
	other.must(http.StatusOK, "GET", "/api/v1/me", nil)
	browserStep(t, ctx, app, "change password",
		chromedp.SendKeys(`input[name=current]`, "correct horse"),
		chromedp.SendKeys(`input[name=new]`, "brand new secret"),
		chromedp.Submit(`[data-testid=password-form]`),
		chromedp.WaitVisible(`.flash`))
	waitLocation(t, ctx, "/settings?done=password")
	other.must(http.StatusUnauthorized, "GET", "/api/v1/me", nil)
	browserStep(t, ctx, app, "still signed in here", chromedp.Navigate(app.URL+"/settings"), chromedp.WaitVisible(`[data-testid=signed-in-as]`))
	newClient(t, app.URL).must(http.StatusOK, "POST", "/api/v1/auth/login", map[string]string{"username": name, "password": "brand new secret"})
}

// TestBrowserDeleteAccount deletes an account through the confirmation
// dialog; afterwards no key but finished matches and the audit log names
// the player.
func TestBrowserDeleteAccount(t *testing.T) {
	app, srv := startRedisApp(t, nil)
	rdb := srv.Client(t)
	ctx := browsertest.New(t)
	name := uniqueName("bye")
	c, si := register(t, app.URL, name)
	opp, _ := guest(t, app.URL)
	playResigned(t, c, opp, si.Player.ID)
	signInBrowser(t, ctx, app, name, "correct horse")
	browserStep(t, ctx, app, "open settings", chromedp.Navigate(app.URL+"/settings"), chromedp.WaitVisible(`[data-testid=delete-open]`))
	browserStep(t, ctx, app, "open and cancel the dialog",
		chromedp.Click(`[data-testid=delete-open]`), chromedp.WaitVisible(`[data-testid=delete-dialog]`),
		chromedp.Click(`[data-testid=delete-cancel]`), chromedp.WaitNotVisible(`[data-testid=delete-dialog]`))
	c.must(http.StatusOK, "GET", "/api/v1/me", nil)
	browserStep(t, ctx, app, "wrong password",
		chromedp.Click(`[data-testid=delete-open]`), chromedp.WaitVisible(`[data-testid=delete-dialog]`))
	shotSizes(t, ctx, app, os.Getenv("SCREENSHOT_DIR"), "settings-delete")
	browserStep(t, ctx, app, "submit a wrong password",
		chromedp.SendKeys(`[data-testid=delete-form] input[name=password]`, "not it at all"),
		chromedp.Click(`[data-testid=delete-confirm]`),
		chromedp.WaitVisible(`#delete [data-testid=form-error]`))
	c.must(http.StatusOK, "GET", "/api/v1/me", nil)
	browserStep(t, ctx, app, "delete",
		chromedp.Click(`[data-testid=delete-open]`), chromedp.WaitVisible(`[data-testid=delete-dialog]`),
		chromedp.SendKeys(`[data-testid=delete-form] input[name=password]`, "correct horse"),
		chromedp.Click(`[data-testid=delete-confirm]`),
		chromedp.WaitVisible(`[data-testid=login-link]`))
	c.must(http.StatusUnauthorized, "GET", "/api/v1/me", nil)
	if keys := tracesOf(t, rdb, app.Env["REDIS_PREFIX"], si.Player.ID); len(keys) > 0 {
		t.Errorf("keys still mention the deleted player: %v", keys)
	}
	browserStep(t, ctx, app, "the profile is gone", chromedp.Navigate(app.URL+"/players/"+si.Player.ID), chromedp.WaitVisible(`[data-testid=error-page]`))
	if h := browserText(t, ctx, `[data-testid=error-page] h1`); h != "This player is not available" {
		t.Errorf("headline = %q", h)
	}
}

// thousandsOf formats n as the site does: 1,609.
func thousandsOf(n int) string {
	d := strconv.Itoa(n)
	var b strings.Builder
	for i := range len(d) {
		if i > 0 && (len(d)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteByte(d[i])
	}
	return b.String()
}
