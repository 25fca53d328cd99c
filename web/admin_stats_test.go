package web

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"regexp"
	"testing"
	"time"

	"github.com/ladder/ladder/internal/game"
)

// fixedStats is a StatsSource with set figures.
type fixedStats struct {
	now     game.StatsFigures
	history []game.StatsPoint
}

func (f *fixedStats) Count(context.Context, string) {}

func (f *fixedStats) Current(context.Context) (*game.StatsFigures, error) {
	cur := f.now
	return &cur, nil
}

func (f *fixedStats) History(context.Context) ([]game.StatsPoint, error) {
	return append([]game.StatsPoint(nil), f.history...), nil
}

// adminToken signs in a fresh admin account.
func adminToken(t *testing.T, acc *game.Accounts) string {
	t.Helper()
	if err := acc.EnsureAdmin(t.Context(), "boss", "password1"); err != nil {
		t.Fatal(err)
	}
	si, err := acc.Login(t.Context(), "boss", "password1", game.ClientInfo{})
	if err != nil {
		t.Fatal(err)
	}
	return si.Token
}

func adminGet(t *testing.T, srv *Server, token, path string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	rec := httptest.NewRecorder()
	srv.Handler().ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		t.Fatalf("GET %s: status %d; body %.300s", path, rec.Code, rec.Body.String())
	}
	return rec
}

func TestAdminStatsPutCurrentGaugesIntoTheLastMinute(t *testing.T) {
	minute := time.Date(2031, 5, 14, 12, 0, 0, 0, time.UTC)
	src := &fixedStats{
		now: game.StatsFigures{PlayersOnline: 7, PlayersTotal: 40, Sockets: 9, QueueLength: 2, MatchesLive: 3, WaitP95Ms: 1500, GapP95: 80},
		history: []game.StatsPoint{
			{Minute: minute.Add(-time.Minute), Submissions: 5, Sampled: true, PlayersOnline: 4},
			{Minute: minute, Submissions: 1},
		},
	}
	srv, acc := newTestServer(t, func(d *Deps) { d.Stats = src })
	rec := adminGet(t, srv, adminToken(t, acc), "/api/v1/admin/stats")

	var got struct {
		game.StatsFigures
		History []game.StatsPoint `json:"history"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if got.PlayersOnline != 7 || got.PlayersTotal != 40 {
		t.Errorf("figures = %+v, want the source's", got.StatsFigures)
	}
	if len(got.History) != 2 {
		t.Fatalf("history has %d points, want 2", len(got.History))
	}
	if first := got.History[0]; first.PlayersOnline != 4 || first.Submissions != 5 {
		t.Errorf("earlier minute = %+v, want it as sampled", first)
	}
	last := got.History[1]
	want := game.StatsPoint{Minute: minute, Submissions: 1, Sampled: true, PlayersOnline: 7, Sockets: 9,
		QueueLength: 2, MatchesLive: 3, WaitP95Ms: 1500, GapP95: 80}
	if !last.Minute.Equal(want.Minute) {
		t.Errorf("last minute = %v, want %v", last.Minute, want.Minute)
	}
	last.Minute = want.Minute
	if last != want {
		t.Errorf("last minute = %+v, want %+v", last, want)
	}
}

func TestAdminDashboardWithoutStatsCountsPlayers(t *testing.T) {
	srv, acc := newTestServer(t)
	token := adminToken(t, acc)
	for range 2 {
		if _, err := acc.Guest(t.Context(), game.ClientInfo{}); err != nil {
			t.Fatal(err)
		}
	}
	rec := adminGet(t, srv, token, "/admin")
	m := regexp.MustCompile(`data-stat="players_total"[^>]*>([^<]*)<`).FindStringSubmatch(rec.Body.String())
	if m == nil {
		t.Fatalf("no players_total on the dashboard: %.500s", rec.Body.String())
	}
	if m[1] != "3" {
		t.Errorf("players_total = %q, want 3 (the admin and two guests)", m[1])
	}
}
