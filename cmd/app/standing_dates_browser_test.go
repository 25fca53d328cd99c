package main

import (
	"net/http"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/ladder/ladder/internal/browsertest"
)

// TestStandingDates: a board standing says when the player reached the
// score, through the API and on the profile, and a better score moves the
// date while a worse one keeps it.
func TestStandingDates(t *testing.T) {
	app, admin := startAdminApp(t, nil)
	admin.must(http.StatusCreated, "POST", "/api/v1/admin/leaderboards", map[string]any{"id": "arena", "title": "Arena"})
	c, si := guest(t, app.URL)
	standing := func() time.Time {
		t.Helper()
		var st struct {
			At *time.Time `json:"at"`
		}
		newClient(t, app.URL).must(http.StatusOK, "GET", "/api/v1/leaderboards/arena/players/"+si.Player.ID, nil).JSON(t, &st)
		if st.At == nil {
			t.Fatal("the standing has no at")
		}
		return *st.At
	}
	before := time.Now().Add(-time.Second)
	c.must(http.StatusOK, "POST", "/api/v1/leaderboards/arena/scores", map[string]int{"score": 300})
	first := standing()
	if first.Before(before) || first.After(time.Now().Add(time.Second)) {
		t.Errorf("at %v, want about now", first)
	}
	time.Sleep(20 * time.Millisecond)
	c.must(http.StatusOK, "POST", "/api/v1/leaderboards/arena/scores", map[string]int{"score": 200})
	if got := standing(); !got.Equal(first) {
		t.Errorf("a worse score moved at from %v to %v", first, got)
	}
	c.must(http.StatusOK, "POST", "/api/v1/leaderboards/arena/scores", map[string]int{"score": 400})
	if got := standing(); !got.After(first) {
		t.Errorf("a better score left at at %v (was %v)", got, first)
	}

	ctx := browsertest.New(t)
	browserStep(t, ctx, app, "profile", chromedp.Navigate(app.URL+"/players/"+si.Player.ID),
		chromedp.WaitVisible(`[data-testid=standing][data-board=arena] [data-testid=standing-date]`))
	if got, want := browserText(t, ctx, `[data-testid=standing][data-board=arena] [data-testid=standing-date]`), "Set "+time.Now().UTC().Format("2 Jan 2006"); got != want {
		t.Errorf("profile says %q, want %q", got, want)
	}
	if n := eval[int](t, ctx, `document.querySelectorAll("[data-testid=standing][data-board=target-rush] [data-testid=standing-date]").length`); n != 0 {
		t.Errorf("a board without a score shows %d dates", n)
	}
	shotPhone(t, ctx, app, "profile-standing-dates")
}
