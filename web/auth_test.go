package web

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/ladder/ladder/internal/game"
)

// Redirect targets as they appear in a URL's query. Echo hands handlers the
// decoded value, and a form field arrives decoded too, so each is checked
// both as written and once decoded.
var (
	offSiteNexts = []string{
		"",
		"evil.example",
		"./evil.example",
		"//evil.example",
		"///evil.example",
		"////evil.example",
		`/\evil.example`,
		`\/evil.example`,
		`/\/evil.example`,
		"/%5Cevil.example",
		"/%5cevil.example",
		"/%09/evil.example/",
		"/\t/evil.example/",
		"/%0A/evil.example",
		"/\n/evil.example",
		"/%0D%0A/evil.example",
		"/\r\n/evil.example",
		"/%0d/evil.example",
		"/%00/evil.example",
		"/%7F/evil.example",
		"/\x7f/evil.example",
		"/\u0085/evil.example", // C1 next line
		"/\u202e/evil.example", // right-to-left override
		"/\u200b/evil.example", // zero-width space
		"/%E2%80%AE/evil.example",
		" //evil.example",
		"\t//evil.example",
		"javascript:alert(1)",
		"JavaScript:alert(1)",
		"/javascript:alert(1)//%0a",
		"https://evil.example",
		"https:/evil.example",
		"http:evil.example",
		"//user@evil.example",
		"/.//evil.example",
		"/./%2Fevil.example",
		"/%2F/evil.example",
		"/%2f%2fevil.example",
		"/a/..//evil.example",
		"/%zz",
		"/\xff",
	}
	onSiteNexts = []string{
		"/",
		"/play",
		"/play/connect4",
		"/leaderboards/target-rush?period=weekly",
		"/matches/0b6c1f0e-5f55-4d0c-9d1f-7a4f3c8f2a11#moves",
		"/admin/players?q=a+b",
		"/players/caf%C3%A9",
		"/play?x=1&y=%2F%2Fok",
	}
)

func decodedToo(raw string) []string {
	out := []string{raw}
	if d, err := url.QueryUnescape(raw); err == nil && d != raw {
		out = append(out, d)
	}
	return out
}

func TestSafeNext(t *testing.T) {
	for _, raw := range offSiteNexts {
		for _, next := range decodedToo(raw) {
			if got := safeNext(next); got != "/" {
				t.Errorf("safeNext(%q) = %q, want /", next, got)
			}
		}
	}
	for _, raw := range onSiteNexts {
		for _, next := range decodedToo(raw) {
			if got := safeNext(next); got != next {
				t.Errorf("safeNext(%q) = %q, want it kept", next, got)
			}
		}
	}
}

// TestSignInRedirectsStayOnSite sends targets through the four places that
// follow next, as a link or a form would carry them.
func TestSignInRedirectsStayOnSite(t *testing.T) {
	srv, acc := newTestServer(t)
	if _, err := acc.Register(t.Context(), "redirected", "password1", game.ClientInfo{}); err != nil {
		t.Fatal(err)
	}
	send := func(method, target, form, token string) *httptest.ResponseRecorder {
		t.Helper()
		req := httptest.NewRequest(method, target, strings.NewReader(form))
		if form != "" {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		if token != "" {
			req.AddCookie(&http.Cookie{Name: SessionCookie, Value: token})
		}
		rec := httptest.NewRecorder()
		srv.Handler().ServeHTTP(rec, req)
		return rec
	}
	check := func(t *testing.T, what string, rec *httptest.ResponseRecorder, want string) {
		t.Helper()
		if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != want {
			t.Errorf("%s: status %d, Location %q; want 303 to %q", what, rec.Code, rec.Header().Get("Location"), want)
		}
	}
	sessionOf := func(rec *httptest.ResponseRecorder) string {
		for _, c := range rec.Result().Cookies() {
			if c.Name == SessionCookie {
				return c.Value
			}
		}
		return ""
	}
	follow := func(t *testing.T, q, want string) {
		t.Helper()
		login := send("POST", "/login", "username=redirected&password=password1&next="+q, "")
		check(t, "POST /login", login, want)
		token := sessionOf(login)
		if token == "" {
			t.Fatalf("POST /login set no session cookie")
		}
		check(t, "GET /login signed in", send("GET", "/login?next="+q, "", token), want)
		check(t, "POST /guest", send("POST", "/guest", "next="+q, ""), want)
	}
	for _, raw := range offSiteNexts {
		if raw == "" {
			continue // no target: each handler has its own default
		}
		// Escaped, handlers see raw itself; as written (when a URL can
		// carry it), they see it decoded once.
		qs := []string{url.QueryEscape(raw)}
		if _, err := url.QueryUnescape(raw); err == nil && raw != "" && !strings.ContainsAny(raw, " #&+") && printableASCII(raw) {
			qs = append(qs, raw)
		}
		for _, q := range qs {
			t.Run(q, func(t *testing.T) { follow(t, q, "/") })
		}
	}
	for _, raw := range onSiteNexts {
		t.Run(raw, func(t *testing.T) { follow(t, url.QueryEscape(raw), raw) })
	}
	form := "username=newcomer&password=password1&next=/%09/evil.example/"
	check(t, "POST /register", send("POST", "/register", form, ""), "/")
	form = "username=newcomer2&password=password1&next=%2Fplay%2Fconnect4"
	check(t, "POST /register", send("POST", "/register", form, ""), "/play/connect4")
}

func printableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] <= 0x20 || s[i] >= 0x7f {
			return false
		}
	}
	return true
}
