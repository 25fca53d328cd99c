package main

import (
	"net/http"
	"strings"
	"testing"
)

// TestRedisOutOfMemoryIsUnavailable fills Redis to its maxmemory: writes
// answer 503 with Retry-After and code unavailable, pages the HTML error
// page with 503, signed-in reads keep working, /readyz says not ready, no
// route answers 500, the log does not get an ERROR per request, and
// everything recovers once memory is raised, without a restart.
func TestRedisOutOfMemoryIsUnavailable(t *testing.T) {
	app, srv := startRedisApp(t, nil)
	reg, si := register(t, app.URL, uniqueName("oom"))
	gst, _ := guest(t, app.URL)
	newClient(t, app.URL).must(http.StatusOK, "GET", "/readyz", nil)

	raise := srv.FillMemory(t)
	logBefore := strings.Count(app.out.String(), "level=ERROR")

	writes := []struct {
		c          *client
		method     string
		path, body string
	}{
		{newClient(t, app.URL), "POST", "/api/v1/auth/guest", ""},
		{newClient(t, app.URL), "POST", "/api/v1/auth/register", `{"username":"` + uniqueName("full") + `","password":"correct horse"}`},
		{gst, "POST", "/api/v1/matchmaking/connect4/tickets", ""},
		{reg, "POST", "/api/v1/games/target-rush/runs", ""},
	}
	for range 3 { // repeated, for the log check
		for _, w := range writes {
			var body any
			if w.body != "" {
				body = w.body
			}
			r := w.c.do(w.method, w.path, body)
			if r.Status != http.StatusServiceUnavailable || r.ErrorCode() != "unavailable" || r.Header.Get("Retry-After") == "" {
				t.Errorf("%s %s out of memory: %d %s (Retry-After %q), want 503 unavailable",
					w.method, w.path, r.Status, r.Body, r.Header.Get("Retry-After"))
			}
		}
	}
	// Signed-in reads need no write.
	var me struct {
		ID string `json:"id"`
	}
	reg.must(http.StatusOK, "GET", "/api/v1/me", nil).JSON(t, &me)
	if me.ID != si.Player.ID {
		t.Errorf("GET /me = %+v", me)
	}
	gst.must(http.StatusOK, "GET", "/api/v1/me", nil)
	for _, path := range []string{"/", "/leaderboards", "/play/connect4", "/api/v1/leaderboards", "/api/v1/leaderboards/connect4"} {
		if r := reg.do("GET", path, nil); r.Status >= 500 {
			t.Errorf("GET %s out of memory: %d %.200s\n%s", path, r.Status, r.Body, app.out.String())
		}
	}
	if r := newClient(t, app.URL).do("GET", "/readyz", nil); r.Status != http.StatusServiceUnavailable {
		t.Errorf("/readyz out of memory: %d %s, want 503", r.Status, r.Body)
	}
	// A page that has to write (a guest sign-up from the form) gets the
	// HTML error page.
	page := newClient(t, app.URL)
	page.Header.Set("Accept", "text/html")
	if r := page.do("POST", "/api/v1/auth/guest", nil); r.Status != http.StatusServiceUnavailable {
		t.Errorf("guest out of memory: %d", r.Status)
	}
	if n := strings.Count(app.out.String(), "level=ERROR") - logBefore; n > 0 {
		t.Errorf("%d ERROR lines while Redis was out of memory:\n%s", n, app.out.String())
	}
	if n := strings.Count(app.out.String(), "service unavailable"); n > 2 {
		t.Errorf("%d unavailable warnings for %d refused requests, want them rate-limited", n, 3*len(writes))
	}

	raise()
	newClient(t, app.URL).must(http.StatusOK, "GET", "/readyz", nil)
	newClient(t, app.URL).must(http.StatusCreated, "POST", "/api/v1/auth/guest", nil)
	gst.must(http.StatusCreated, "POST", "/api/v1/matchmaking/connect4/tickets", nil)
	reg.must(http.StatusCreated, "POST", "/api/v1/games/target-rush/runs", nil)
}
