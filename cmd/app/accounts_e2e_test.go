package main

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

func TestSignupLimitAnswers429(t *testing.T) {
	app, _ := startRedisApp(t, map[string]string{"SIGNUP_RATE_LIMIT": "3", "SIGNUP_RATE_WINDOW": "1h"})
	register(t, app.URL, uniqueName("su"))
	guest(t, app.URL)
	guest(t, app.URL)
	for _, try := range []struct {
		path string
		body any
	}{
		{"/api/v1/auth/guest", nil},
		{"/api/v1/auth/register", map[string]string{"username": uniqueName("su"), "password": "correct horse"}},
	} {
		r := newClient(t, app.URL).must(http.StatusTooManyRequests, "POST", try.path, try.body)
		if r.ErrorCode() != "rate_limited" || r.Header.Get("Retry-After") == "" {
			t.Errorf("%s: code %q, Retry-After %q; want rate_limited with Retry-After", try.path, r.ErrorCode(), r.Header.Get("Retry-After"))
		}
	}
	// Signing in is not signing up.
	newClient(t, app.URL).must(http.StatusUnauthorized, "POST", "/api/v1/auth/login",
		map[string]string{"username": "nobody-here", "password": "correct horse"})
}

// TestConcurrentRegistrationsAreBounded sends more registrations at once
// than there are hash slots and sign-up slots: each is created, or told to
// come back later, never failed.
func TestConcurrentRegistrationsAreBounded(t *testing.T) {
	app, _ := startRedisApp(t, map[string]string{"SIGNUP_RATE_LIMIT": "20"})
	const n = 32
	statuses := make([]int, n)
	retry := make([]string, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := newClient(t, app.URL).do("POST", "/api/v1/auth/register",
				map[string]string{"username": fmt.Sprintf("crowd_%d_%d", i, time.Now().UnixNano()%1e6), "password": "correct horse"})
			statuses[i], retry[i] = r.Status, r.Header.Get("Retry-After")
		}()
	}
	wg.Wait()
	count := map[int]int{}
	for i, s := range statuses {
		count[s]++
		switch s {
		case http.StatusCreated:
		case http.StatusTooManyRequests, http.StatusServiceUnavailable:
			if retry[i] == "" {
				t.Errorf("status %d without Retry-After", s)
			}
		default:
			t.Errorf("status %d, want 201, 429 or 503", s)
		}
	}
	if count[http.StatusCreated] == 0 || count[http.StatusCreated] > 20 {
		t.Errorf("created %d accounts, want 1..20 (statuses %v)", count[http.StatusCreated], count)
	}
	t.Logf("statuses: %v", count)
}

func TestLoginWhileSignedInEndsTheOldSession(t *testing.T) {
	app, _ := startRedisApp(t, nil)
	name := uniqueName("relog")
	c, first := register(t, app.URL, name)
	var second signedIn
	c.must(http.StatusOK, "POST", "/api/v1/auth/login",
		map[string]string{"username": name, "password": "correct horse"}).JSON(t, &second)
	if second.Token == first.Token {
		t.Fatal("login returned the same token")
	}
	c.must(http.StatusUnauthorized, "GET", "/api/v1/me", nil) // still the old token
	c.Token = second.Token
	c.must(http.StatusOK, "GET", "/api/v1/me", nil)
}

func TestLogoutClosesThatSessionsSockets(t *testing.T) {
	app, _ := startRedisApp(t, nil)
	name := uniqueName("sock")
	phone, _ := register(t, app.URL, name)
	laptop := newClient(t, app.URL)
	var li signedIn
	laptop.must(http.StatusOK, "POST", "/api/v1/auth/login",
		map[string]string{"username": name, "password": "correct horse"}).JSON(t, &li)
	laptop.Token = li.Token

	phoneWS := wsDial(t, app.URL, bearer(phone.Token))
	laptopWS := wsDial(t, app.URL, bearer(laptop.Token))
	wsExpect(t, phoneWS, "subscribed", 5*time.Second)
	wsExpect(t, laptopWS, "subscribed", 5*time.Second)
	time.Sleep(200 * time.Millisecond) // the player channel's SUBSCRIBE reaches Redis

	phone.must(http.StatusNoContent, "POST", "/api/v1/auth/logout", nil)
	if code := wsCloseCode(t, phoneWS, 5*time.Second); code != websocket.ClosePolicyViolation {
		t.Fatalf("logged-out session's socket: close code %d, want 1008", code)
	}
	// The other session and its socket live on.
	laptop.must(http.StatusOK, "GET", "/api/v1/me", nil)
	if err := laptopWS.WriteMessage(websocket.TextMessage, []byte(`{"type":"ping"}`)); err != nil {
		t.Fatal(err)
	}
	wsExpect(t, laptopWS, "pong", 5*time.Second)
}

func TestTargetRushRunsAreRateLimited(t *testing.T) {
	app, _ := startRedisApp(t, map[string]string{"RUN_RATE_LIMIT": "2", "RUN_RATE_WINDOW": "10m"})
	c, _ := guest(t, app.URL)
	c.must(http.StatusCreated, "POST", "/api/v1/games/target-rush/runs", map[string]any{})
	c.must(http.StatusCreated, "POST", "/api/v1/games/target-rush/runs", map[string]any{})
	r := c.must(http.StatusTooManyRequests, "POST", "/api/v1/games/target-rush/runs", map[string]any{})
	if r.ErrorCode() != "rate_limited" || r.Header.Get("Retry-After") == "" {
		t.Errorf("code %q, Retry-After %q", r.ErrorCode(), r.Header.Get("Retry-After"))
	}
	// Another player has their own allowance.
	other, _ := guest(t, app.URL)
	other.must(http.StatusCreated, "POST", "/api/v1/games/target-rush/runs", map[string]any{})
}

func TestAccountLimitConfigIsValidated(t *testing.T) {
	for name, env := range map[string]map[string]string{
		"signup limit":  {"SIGNUP_RATE_LIMIT": "0"},
		"signup window": {"SIGNUP_RATE_WINDOW": "soon"},
		"max sessions":  {"MAX_SESSIONS": "5000"},
		"run limit":     {"RUN_RATE_LIMIT": "-3"},
		"run window":    {"RUN_RATE_WINDOW": "0s"},
		"anon sockets":  {"WS_ANON_PER_ADDR": "many"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := loadConfig(func(k string) string { return env[k] })
			var key string
			for k := range env {
				key = k
			}
			if err == nil || !strings.Contains(err.Error(), key) {
				t.Fatalf("loadConfig = %v, want an error naming %s", err, key)
			}
		})
	}
	c, err := loadConfig(func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	if c.SignupRateLimit != 20 || c.SignupRateWindow != time.Hour || c.MaxSessions != 20 ||
		c.RunRateLimit != 60 || c.RunRateWindow != 10*time.Minute || c.WSAnonPerAddr != 100 {
		t.Errorf("defaults = %+v", c)
	}
}
