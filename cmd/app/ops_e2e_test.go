package main

import (
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ladder/ladder/internal/redistest"
)

func TestReadyzFollowsRedis(t *testing.T) {
	app, srv := startRedisApp(t, nil)
	c, _ := register(t, app.URL, uniqueName("rita"))
	anon := newClient(t, app.URL)
	anon.must(http.StatusOK, "GET", "/readyz", nil)

	srv.Stop()
	anon.must(http.StatusServiceUnavailable, "GET", "/readyz", nil)
	anon.must(http.StatusOK, "GET", "/healthz", nil)
	r := c.do("GET", "/api/v1/me", nil)
	if r.Status != http.StatusServiceUnavailable || r.ErrorCode() != "unavailable" {
		t.Fatalf("API with Redis down: %d %s, want 503 unavailable", r.Status, r.Body)
	}
	r = anon.do("POST", "/api/v1/auth/register", map[string]string{"username": "zed123", "password": "abcdefgh"})
	if r.Status != http.StatusServiceUnavailable {
		t.Fatalf("register with Redis down: %d %s, want 503", r.Status, r.Body)
	}
	if r := anon.do("GET", "/", nil); r.Status >= 500 && r.Status != http.StatusServiceUnavailable {
		t.Fatalf("home page with Redis down: %d", r.Status)
	}

	srv.Restart(t) // an empty Redis comes back on the same address
	deadline := time.Now().Add(10 * time.Second)
	for anon.do("GET", "/readyz", nil).Status != http.StatusOK {
		if time.Now().After(deadline) {
			t.Fatal("/readyz did not recover after Redis came back")
		}
		time.Sleep(50 * time.Millisecond)
	}
	register(t, app.URL, uniqueName("back"))
}

func TestLoginFailuresAreLimited(t *testing.T) {
	app, _ := startRedisApp(t, map[string]string{"LOGIN_RATE_LIMIT": "3", "LOGIN_RATE_WINDOW": "2s"})
	name := uniqueName("lim")
	register(t, app.URL, name)
	// Fresh clients, as separate API calls (a cookie would demand a CSRF token).
	c := newClient(t, app.URL)
	c.http.Jar = nil
	bad := map[string]string{"username": name, "password": "not the password"}
	good := map[string]string{"username": name, "password": "correct horse"}

	// A success does not count against the limit.
	c.must(http.StatusOK, "POST", "/api/v1/auth/login", good)
	for i := range 3 {
		if r := c.do("POST", "/api/v1/auth/login", bad); r.Status != http.StatusUnauthorized {
			t.Fatalf("failure %d: status %d, want 401", i+1, r.Status)
		}
	}
	r := c.do("POST", "/api/v1/auth/login", good)
	if r.Status != http.StatusTooManyRequests {
		t.Fatalf("4th attempt: status %d, want 429", r.Status)
	}
	secs, err := strconv.Atoi(r.Header.Get("Retry-After"))
	if err != nil || secs < 1 || secs > 2 {
		t.Fatalf("Retry-After = %q, want 1..2", r.Header.Get("Retry-After"))
	}
	// The owner gets in again once the window has passed.
	time.Sleep(time.Duration(secs)*time.Second + 100*time.Millisecond)
	c.must(http.StatusOK, "POST", "/api/v1/auth/login", good)
}

func TestAdminBootstrapAcrossInstances(t *testing.T) {
	srv := redistest.Start(t)
	env := map[string]string{"REDIS_URL": srv.URL(), "REDIS_PREFIX": redistest.Prefix(t),
		"ADMIN_USERNAME": "root", "ADMIN_PASSWORD": "admin-password-1"}
	var wg sync.WaitGroup
	apps := make([]*testApp, 3)
	for i := range apps {
		wg.Go(func() { apps[i] = startApp(t, env) })
	}
	wg.Wait()
	// And once more, as after a restart with a new password.
	env2 := map[string]string{}
	for k, v := range env {
		env2[k] = v
	}
	env2["ADMIN_PASSWORD"] = "admin-password-2"
	app := startApp(t, env2)

	rdb := srv.Client(t)
	ids := rdb.HGetAll(t.Context(), env["REDIS_PREFIX"]+":usernames").Val()
	if len(ids) != 1 {
		t.Fatalf("usernames index = %v, want exactly the admin", ids)
	}
	var si signedIn
	newClient(t, app.URL).must(http.StatusOK, "POST", "/api/v1/auth/login",
		map[string]string{"username": "ROOT", "password": "admin-password-2"}).JSON(t, &si)
	if si.Player.Role != "admin" {
		t.Errorf("role = %q, want admin", si.Player.Role)
	}
	newClient(t, app.URL).must(http.StatusUnauthorized, "POST", "/api/v1/auth/login",
		map[string]string{"username": "root", "password": "admin-password-1"})
}

func TestBadConfigFailsFast(t *testing.T) {
	cases := map[string]map[string]string{
		"rate limit":    {"SCORE_RATE_LIMIT": "ten"},
		"window":        {"SCORE_RATE_WINDOW": "-1s"},
		"turn timeout":  {"TURN_TIMEOUT": "5ms"},
		"cookie secure": {"COOKIE_SECURE": "maybe"},
		"admin half":    {"ADMIN_USERNAME": "root"},
		"both redis":    {"REDIS_URL": "redis://x", "REDIS_CLUSTER_ADDRS": "a:1"},
	}
	for name, env := range cases {
		t.Run(name, func(t *testing.T) {
			var out syncBuffer
			err := run(t.Context(), []string{"ladder"}, func(k string) string { return env[k] }, &out, &out)
			if err == nil || !strings.Contains(err.Error(), "invalid configuration") {
				t.Fatalf("run = %v, want an invalid configuration error", err)
			}
		})
	}
}

func TestRedisCluster(t *testing.T) {
	cl := redistest.SharedCluster(t)
	app := startApp(t, map[string]string{"REDIS_CLUSTER_ADDRS": strings.Join(cl.Addrs, ","),
		"REDIS_PREFIX": redistest.Prefix(t)})
	name := uniqueName("clu")
	c, _ := register(t, app.URL, name)
	c.must(http.StatusOK, "GET", "/api/v1/me", nil)
	newClient(t, app.URL).must(http.StatusOK, "POST", "/api/v1/auth/login",
		map[string]string{"username": name, "password": "correct horse"})
	newClient(t, app.URL).must(http.StatusOK, "GET", "/readyz", nil)

	// A score and the cached board page on the cluster: the page follows a
	// rename.
	run := startRush(t, c)
	time.Sleep(e2eRound + 200*time.Millisecond)
	c.must(http.StatusOK, "POST", "/api/v1/leaderboards/target-rush/scores", run.play(1))
	topName := func() string {
		t.Helper()
		var page struct {
			Entries []struct {
				DisplayName string `json:"display_name"`
			} `json:"entries"`
		}
		newClient(t, app.URL).must(http.StatusOK, "GET", "/api/v1/leaderboards/target-rush?limit=100", nil).JSON(t, &page)
		if len(page.Entries) != 1 {
			t.Fatalf("entries = %+v, want one", page.Entries)
		}
		return page.Entries[0].DisplayName
	}
	if got := topName(); got != name {
		t.Errorf("name on the board = %q, want %q", got, name)
	}
	topName() // the cached copy
	c.must(http.StatusOK, "PATCH", "/api/v1/me", map[string]string{"display_name": "Cluster Renamed"})
	if got := topName(); got != "Cluster Renamed" {
		t.Errorf("name on the board after a rename = %q", got)
	}
}

func TestEmbeddedRedis(t *testing.T) {
	app := startApp(t, map[string]string{})
	if !strings.Contains(app.out.String(), "EMBEDDED") {
		t.Errorf("no loud warning about the embedded server in the log:\n%s", app.out.String())
	}
	c, _ := register(t, app.URL, uniqueName("emb"))
	c.must(http.StatusOK, "GET", "/api/v1/me", nil)
	newClient(t, app.URL).must(http.StatusOK, "GET", "/", nil)
}
