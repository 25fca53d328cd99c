package web

import (
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/ladder/ladder/internal/game"
	"github.com/ladder/ladder/internal/redistest"
)

func TestMain(m *testing.M) { os.Exit(redistest.Main(m)) }

// newTestServer builds the web server on a fresh redis-server with the
// account services; with sets what else a test needs.
func newTestServer(t *testing.T, with ...func(*Deps)) (*Server, *game.Accounts) {
	t.Helper()
	rdb := redistest.Start(t).Client(t)
	d := game.Deps{Redis: rdb, Keys: game.NewKeys(redistest.Prefix(t))}
	// Every test client signs up from one address; the sign-up limit has
	// tests of its own.
	acc := game.NewAccounts(d, game.NewSessions(d), game.LoginLimits{}).
		WithSignupLimits(game.SignupLimits{PerAddr: 100000, Window: time.Minute})
	audit := game.NewAudit(d)
	deps := Deps{Accounts: acc, PlayerAdmin: game.NewPlayerAdmin(d, acc, audit), Audit: audit,
		Presence: game.NewPresence(d), Log: discardLog()}
	for _, fn := range with {
		fn(&deps)
	}
	srv := New(Config{}, deps)
	return srv, acc
}

// TestAdminRoutesRefuseNonAdmins walks every registered route under the
// admin prefixes, so a route added later cannot be forgotten.
func TestAdminRoutesRefuseNonAdmins(t *testing.T) {
	srv, acc := newTestServer(t)
	si, err := acc.Register(t.Context(), "plainplayer", "password1", game.ClientInfo{})
	if err != nil {
		t.Fatal(err)
	}
	var n int
	for _, r := range srv.echo.Routes() {
		isAPI := strings.HasPrefix(r.Path, "/api/v1/admin")
		isPage := r.Path == "/admin" || strings.HasPrefix(r.Path, "/admin/")
		if (!isAPI && !isPage) || strings.HasPrefix(r.Method, "echo_") {
			continue // echo_route_not_found entries are Echo's own 404 fallbacks
		}
		n++
		path := strings.NewReplacer(":id", "00000000-0000-0000-0000-000000000001", ":player_id", "x", "*", "x").Replace(r.Path)
		t.Run(r.Method+" "+r.Path, func(t *testing.T) {
			for _, who := range []struct {
				name, token string
				api, page   int
			}{
				{"anonymous", "", http.StatusUnauthorized, http.StatusSeeOther},
				{"player", si.Token, http.StatusForbidden, http.StatusForbidden},
			} {
				req := httptest.NewRequest(r.Method, path, strings.NewReader(`{}`))
				req.Header.Set("Content-Type", "application/json")
				if who.token != "" {
					req.Header.Set("Authorization", "Bearer "+who.token)
				}
				rec := httptest.NewRecorder()
				srv.Handler().ServeHTTP(rec, req)
				want := who.api
				if isPage {
					want = who.page
					if r.Method != http.MethodGet && who.token == "" {
						want = http.StatusUnauthorized
					}
				}
				if rec.Code != want {
					t.Errorf("%s: status %d, want %d; body %.200s", who.name, rec.Code, want, rec.Body.String())
				}
				if strings.Contains(rec.Body.String(), "plainplayer") && isAPI {
					t.Errorf("%s: admin content leaked: %.200s", who.name, rec.Body.String())
				}
			}
		})
	}
	if n < 9 {
		t.Fatalf("found only %d admin routes; is the walk broken?", n)
	}
}
