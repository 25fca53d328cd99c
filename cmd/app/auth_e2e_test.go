package main

import (
	"net/http"
	"strings"
	"testing"
)

func TestAuthFlow(t *testing.T) {
	app, _ := startRedisApp(t, nil)
	name := uniqueName("Alice")

	c, si := register(t, app.URL, name)
	if si.Player.Username != name || si.Player.DisplayName != name || si.Player.Guest {
		t.Errorf("registered player = %+v", si.Player)
	}
	if len(si.Token) < 40 {
		t.Errorf("token %q is shorter than 256 bits of base64", si.Token)
	}

	// The name is unique regardless of case.
	other := newClient(t, app.URL)
	r := other.must(http.StatusConflict, "POST", "/api/v1/auth/register",
		map[string]string{"username": strings.ToUpper(name), "password": "whatever123"})
	if got := r.ErrorCode(); got != "conflict" {
		t.Errorf("error code = %q, want conflict", got)
	}

	me := c.must(http.StatusOK, "GET", "/api/v1/me", nil).Map(t)
	if me["id"] != si.Player.ID {
		t.Errorf("GET /me id = %v, want %s", me["id"], si.Player.ID)
	}

	// A new session on every login, and the old one keeps working.
	var li signedIn
	newClient(t, app.URL).must(http.StatusOK, "POST", "/api/v1/auth/login",
		map[string]string{"username": strings.ToLower(name), "password": "correct horse"}).JSON(t, &li)
	if li.Token == si.Token || li.Token == "" {
		t.Errorf("login token %q must be new", li.Token)
	}

	// Bad credentials: one answer whether the name exists or not.
	r1 := newClient(t, app.URL).must(http.StatusUnauthorized, "POST", "/api/v1/auth/login",
		map[string]string{"username": name, "password": "wrong password"})
	r2 := newClient(t, app.URL).must(http.StatusUnauthorized, "POST", "/api/v1/auth/login",
		map[string]string{"username": "nobody-" + name, "password": "wrong password"})
	if string(r1.Body) != string(r2.Body) {
		t.Errorf("login failures differ: %s vs %s", r1.Body, r2.Body)
	}

	p := c.must(http.StatusOK, "PATCH", "/api/v1/me", map[string]string{"display_name": "  Alice the Great "}).Map(t)
	if p["display_name"] != "Alice the Great" {
		t.Errorf("display_name = %v", p["display_name"])
	}
	pub := newClient(t, app.URL).must(http.StatusOK, "GET", "/api/v1/players/"+si.Player.ID, nil).Map(t)
	if pub["display_name"] != "Alice the Great" {
		t.Errorf("public display_name = %v", pub["display_name"])
	}
	newClient(t, app.URL).must(http.StatusNotFound, "GET", "/api/v1/players/00000000-0000-0000-0000-000000000000", nil)

	// Logout deletes the session server-side: the token is dead.
	c.must(http.StatusNoContent, "POST", "/api/v1/auth/logout", nil)
	c.must(http.StatusUnauthorized, "GET", "/api/v1/me", nil)
	newClient(t, app.URL).must(http.StatusUnauthorized, "GET", "/api/v1/me", nil)

	g, gi := guest(t, app.URL)
	if !gi.Player.Guest || !strings.HasPrefix(gi.Player.Username, "guest-") || gi.Player.DisplayName == "" {
		t.Errorf("guest = %+v", gi.Player)
	}
	g.must(http.StatusOK, "GET", "/api/v1/me", nil)
}

func TestBadInputChangesNothing(t *testing.T) {
	app, srv := startRedisApp(t, nil)
	rdb := srv.Client(t)
	c, _ := register(t, app.URL, uniqueName("bob"))
	countKeys := func() int64 { return rdb.DBSize(t.Context()).Val() }
	before := countKeys()

	big := `{"username":"` + strings.Repeat("a", 5<<20) + `"}`
	cases := []struct {
		name, method, path string
		body               any
		status             int
		code               string
	}{
		{"malformed json", "POST", "/api/v1/auth/register", `{"username":`, 400, "invalid"},
		{"not an object", "POST", "/api/v1/auth/register", `[1,2]`, 400, "invalid"},
		{"wrong type", "POST", "/api/v1/auth/register", `{"username":42,"password":"abcdefgh"}`, 400, "invalid"},
		{"unknown field", "POST", "/api/v1/auth/register", `{"username":"carol1","password":"abcdefgh","admin":true}`, 400, "invalid"},
		{"two objects", "POST", "/api/v1/auth/register", `{"username":"carol1","password":"abcdefgh"}{}`, 400, "invalid"},
		{"short name", "POST", "/api/v1/auth/register", map[string]string{"username": "ab", "password": "abcdefgh"}, 400, "invalid"},
		{"long name", "POST", "/api/v1/auth/register", map[string]string{"username": strings.Repeat("a", 21), "password": "abcdefgh"}, 400, "invalid"},
		{"bad chars", "POST", "/api/v1/auth/register", map[string]string{"username": "bad name!", "password": "abcdefgh"}, 400, "invalid"},
		{"short password", "POST", "/api/v1/auth/register", map[string]string{"username": "carol1", "password": "short"}, 400, "invalid"},
		{"long password", "POST", "/api/v1/auth/register", map[string]string{"username": "carol1", "password": strings.Repeat("p", 129)}, 400, "invalid"},
		{"reserved guest prefix", "POST", "/api/v1/auth/register", map[string]string{"username": "guest-123", "password": "abcdefgh"}, 400, "invalid"},
		{"5 MB body", "POST", "/api/v1/auth/register", big, 413, "body_too_large"},
		{"empty display name", "PATCH", "/api/v1/me", map[string]string{"display_name": "   "}, 400, "invalid"},
		{"long display name", "PATCH", "/api/v1/me", map[string]string{"display_name": strings.Repeat("x", 33)}, 400, "invalid"},
		{"control chars", "PATCH", "/api/v1/me", map[string]string{"display_name": "a\u0007b"}, 400, "invalid"},
		{"display name wrong type", "PATCH", "/api/v1/me", `{"display_name":["x"]}`, 400, "invalid"},
		{"nothing to patch", "PATCH", "/api/v1/me", `{}`, 400, "invalid"},
		{"unknown route", "GET", "/api/v1/nope", nil, 404, "not_found"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := c.do(tc.method, tc.path, tc.body)
			if r.Status != tc.status || r.ErrorCode() != tc.code {
				t.Errorf("status %d code %q, want %d %q; body %.200s", r.Status, r.ErrorCode(), tc.status, tc.code, r.Body)
			}
		})
	}
	if after := countKeys(); after != before {
		t.Errorf("keys %d -> %d: bad input changed data", before, after)
	}
}

func TestCSRF(t *testing.T) {
	app, _ := startRedisApp(t, nil)
	// A browser-like client: session cookie, no bearer.
	b := newClient(t, app.URL)
	b.must(http.StatusCreated, "POST", "/api/v1/auth/register",
		map[string]string{"username": uniqueName("dave"), "password": "abcdefgh1"})

	r := b.do("PATCH", "/api/v1/me", map[string]string{"display_name": "x"})
	if r.Status != http.StatusForbidden {
		t.Fatalf("cookie PATCH without token: %d, want 403", r.Status)
	}
	// Pages carry the token in a meta tag, as our scripts read it.
	page := b.must(http.StatusOK, "GET", "/", nil)
	token := metaContent(string(page.Body), "csrf-token")
	if token == "" {
		t.Fatal("no csrf-token meta on the page")
	}
	b.CSRF = "wrong" + token
	b.must(http.StatusForbidden, "PATCH", "/api/v1/me", map[string]string{"display_name": "x"})
	b.CSRF = token
	b.must(http.StatusOK, "PATCH", "/api/v1/me", map[string]string{"display_name": "Dave"})

	// A cross-site origin is refused even with the token.
	b.Header.Set("Origin", "https://evil.example")
	b.must(http.StatusForbidden, "PATCH", "/api/v1/me", map[string]string{"display_name": "Evil"})
	b.Header.Del("Origin")
	b.Header.Set("Sec-Fetch-Site", "cross-site")
	b.must(http.StatusForbidden, "POST", "/api/v1/auth/guest", nil)
	b.Header.Del("Sec-Fetch-Site")

	// Bearer requests are exempt.
	c, _ := register(t, app.URL, uniqueName("erin"))
	c.must(http.StatusOK, "PATCH", "/api/v1/me", map[string]string{"display_name": "Erin"})
}

func metaContent(html, name string) string {
	i := strings.Index(html, `<meta name="`+name+`" content="`)
	if i < 0 {
		return ""
	}
	rest := html[i+len(`<meta name="`+name+`" content="`):]
	return rest[:strings.IndexByte(rest, '"')]
}
