package main

import (
	"encoding/json"
	"github.com/redis/go-redis/v9"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"
)

// playResigned pairs two players for a ranked match and has the loser
// resign; it returns the match id once both histories hold the match.
func playResigned(t *testing.T, winner, loser *client, winnerID string) string {
	t.Helper()
	var tw, tl struct {
		TicketID string `json:"ticket_id"`
	}
	winner.must(http.StatusCreated, "POST", "/api/v1/matchmaking/connect4/tickets", nil).JSON(t, &tw)
	loser.must(http.StatusCreated, "POST", "/api/v1/matchmaking/connect4/tickets", nil).JSON(t, &tl)
	id := waitMatched(t, winner, tw.TicketID)
	waitMatched(t, loser, tl.TicketID)
	loser.must(http.StatusOK, "POST", "/api/v1/matches/"+id+"/resign", nil)
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		var h historyJSON
		winner.must(http.StatusOK, "GET", "/api/v1/players/"+winnerID+"/matches?limit=1", nil).JSON(t, &h)
		if len(h.Matches) > 0 && h.Matches[0].ID == id {
			return id
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("match %s never reached the history", id)
	return ""
}

type historyJSON struct {
	Matches []struct {
		ID       string `json:"id"`
		Opponent struct {
			ID          string `json:"id"`
			DisplayName string `json:"display_name"`
		} `json:"opponent"`
		Result       string `json:"result"`
		Reason       string `json:"reason"`
		RatingBefore int    `json:"rating_before"`
		RatingAfter  int    `json:"rating_after"`
		Moves        int    `json:"moves"`
		EndedAt      string `json:"ended_at"`
	} `json:"matches"`
	Total int `json:"total"`
}

type ratingsJSON struct {
	Points []struct {
		At      string `json:"at"`
		Rating  int    `json:"rating"`
		RD      int    `json:"rd"`
		MatchID string `json:"match_id"`
	} `json:"points"`
}

func TestUpgradeGuestKeepsEverything(t *testing.T) {
	app, srv := startRedisApp(t, nil)
	rdb := srv.Client(t)
	prefix := app.Env["REDIS_PREFIX"]
	g, sg := guest(t, app.URL)
	other, so := guest(t, app.URL)
	match := playResigned(t, g, other, sg.Player.ID)
	var before map[string]any
	g.must(http.StatusOK, "GET", "/api/v1/me", nil).JSON(t, &before)

	register(t, app.URL, "takenname")
	for _, tc := range []struct {
		body any
		want int
	}{
		{map[string]string{"username": "ab", "password": "long enough"}, http.StatusBadRequest},
		{map[string]string{"username": "fine_name", "password": "short"}, http.StatusBadRequest},
		{map[string]string{"username": "guest-abc", "password": "long enough"}, http.StatusBadRequest},
		{map[string]string{"username": "TakenName", "password": "long enough"}, http.StatusConflict},
		{`{"username":"x","password":1}`, http.StatusBadRequest},
		{`{"username":"fine_name","password":"long enough","extra":1}`, http.StatusBadRequest},
	} {
		if r := g.do("POST", "/api/v1/me/upgrade", tc.body); r.Status != tc.want {
			t.Errorf("upgrade %v: %d, want %d (%s)", tc.body, r.Status, tc.want, r.Body)
		}
	}
	// The refusals changed nothing: still the same guest, same session.
	var still map[string]any
	g.must(http.StatusOK, "GET", "/api/v1/me", nil).JSON(t, &still)
	if still["guest"] != true || still["username"] != sg.Player.Username {
		t.Fatalf("after refused upgrades: %v", still)
	}
	newClient(t, app.URL).must(http.StatusUnauthorized, "POST", "/api/v1/me/upgrade",
		map[string]string{"username": "fine_name", "password": "long enough"})

	var up signedIn
	g.must(http.StatusOK, "POST", "/api/v1/me/upgrade",
		map[string]string{"username": "Fine_Name", "password": "long enough"}).JSON(t, &up)
	if up.Player.ID != sg.Player.ID || up.Player.Guest || up.Player.Username != "Fine_Name" || up.Token == "" || up.Token == sg.Token {
		t.Fatalf("upgrade answer = %+v", up)
	}
	// The old session ended; the new one works.
	g.must(http.StatusUnauthorized, "GET", "/api/v1/me", nil)
	g.Token = up.Token
	var after map[string]any
	g.must(http.StatusOK, "GET", "/api/v1/me", nil).JSON(t, &after)
	br, ar := before["ratings"].(map[string]any)["connect4"], after["ratings"].(map[string]any)["connect4"]
	if !strings.EqualFold(toJSON(t, br), toJSON(t, ar)) || after["display_name"] != before["display_name"] {
		t.Errorf("ratings or name changed: %v → %v", before, after)
	}
	var h historyJSON
	g.must(http.StatusOK, "GET", "/api/v1/players/"+up.Player.ID+"/matches", nil).JSON(t, &h)
	if h.Total != 1 || h.Matches[0].ID != match || h.Matches[0].Result != "win" || h.Matches[0].Opponent.ID != so.Player.ID {
		t.Errorf("history after upgrade = %+v", h)
	}
	// A second upgrade is refused; the new name signs in; the guest name is free.
	g.must(http.StatusConflict, "POST", "/api/v1/me/upgrade", map[string]string{"username": "another1", "password": "long enough"})
	newClient(t, app.URL).must(http.StatusOK, "POST", "/api/v1/auth/login", map[string]string{"username": "fine_name", "password": "long enough"})
	if n := rdb.HExists(t.Context(), prefix+":usernames", strings.ToLower(sg.Player.Username)).Val(); n {
		t.Error("the guest name is still claimed")
	}
	lex := rdb.ZRange(t.Context(), prefix+":usernames:lex", 0, -1).Val()
	if !slices.Contains(lex, "fine_name:"+up.Player.ID) || slices.Contains(lex, strings.ToLower(sg.Player.Username)+":"+up.Player.ID) {
		t.Errorf("username index = %v", lex)
	}
}

func TestChangePasswordEndsOtherSessions(t *testing.T) {
	app, _ := startRedisApp(t, nil)
	a, sa := register(t, app.URL, "pwuser")
	other := newClient(t, app.URL)
	var so signedIn
	other.must(http.StatusOK, "POST", "/api/v1/auth/login", map[string]string{"username": "pwuser", "password": "correct horse"}).JSON(t, &so)
	other.Token = so.Token

	for _, tc := range []struct {
		body any
		want int
	}{
		{map[string]string{"current": "wrong one!", "new": "new password"}, http.StatusForbidden},
		{map[string]string{"current": "correct horse", "new": "short"}, http.StatusBadRequest},
		{map[string]string{"current": "correct horse"}, http.StatusBadRequest},
		{`{"current":1,"new":"new password"}`, http.StatusBadRequest},
	} {
		if r := a.do("POST", "/api/v1/me/password", tc.body); r.Status != tc.want {
			t.Errorf("password %v: %d, want %d (%s)", tc.body, r.Status, tc.want, r.Body)
		}
	}
	// Nothing changed: the other session lives, the old password works.
	other.must(http.StatusOK, "GET", "/api/v1/me", nil)
	newClient(t, app.URL).must(http.StatusOK, "POST", "/api/v1/auth/login", map[string]string{"username": "pwuser", "password": "correct horse"})

	a.must(http.StatusNoContent, "POST", "/api/v1/me/password", map[string]string{"current": "correct horse", "new": "new password"})
	a.must(http.StatusOK, "GET", "/api/v1/me", nil)
	other.must(http.StatusUnauthorized, "GET", "/api/v1/me", nil)
	newClient(t, app.URL).must(http.StatusUnauthorized, "POST", "/api/v1/auth/login", map[string]string{"username": "pwuser", "password": "correct horse"})
	newClient(t, app.URL).must(http.StatusOK, "POST", "/api/v1/auth/login", map[string]string{"username": "pwuser", "password": "new password"})

	g, _ := guest(t, app.URL)
	g.must(http.StatusBadRequest, "POST", "/api/v1/me/password", map[string]string{"current": "", "new": "new password"})
	_ = sa
}

func TestChangePasswordFailuresAreLimited(t *testing.T) {
	app, _ := startRedisApp(t, map[string]string{"LOGIN_RATE_LIMIT": "3"})
	a, _ := register(t, app.URL, "limited")
	var last response
	for range 6 {
		last = a.do("POST", "/api/v1/me/password", map[string]string{"current": "wrong guess", "new": "new password"})
	}
	if last.Status != http.StatusTooManyRequests || last.Header.Get("Retry-After") == "" {
		t.Fatalf("after repeated wrong passwords: %d %s", last.Status, last.Body)
	}
}

func TestSignOutEverywhere(t *testing.T) {
	app, _ := startRedisApp(t, nil)
	a, _ := register(t, app.URL, "everywhere")
	b := newClient(t, app.URL)
	var sb signedIn
	b.must(http.StatusOK, "POST", "/api/v1/auth/login", map[string]string{"username": "everywhere", "password": "correct horse"}).JSON(t, &sb)
	b.Token = sb.Token
	a.must(http.StatusBadRequest, "POST", "/api/v1/me/sessions/end", `{"x":1}`)
	b.must(http.StatusOK, "GET", "/api/v1/me", nil)
	newClient(t, app.URL).must(http.StatusUnauthorized, "POST", "/api/v1/me/sessions/end", nil)
	a.must(http.StatusNoContent, "POST", "/api/v1/me/sessions/end", nil)
	a.must(http.StatusUnauthorized, "GET", "/api/v1/me", nil)
	b.must(http.StatusUnauthorized, "GET", "/api/v1/me", nil)
}

func TestDeleteMe(t *testing.T) {
	app, admin, srv := startAdminRedisApp(t, nil)
	rdb := srv.Client(t)
	prefix := app.Env["REDIS_PREFIX"]
	a, sa := register(t, app.URL, "leaving")
	g, sg := guest(t, app.URL)
	playResigned(t, a, g, sa.Player.ID)

	a.must(http.StatusBadRequest, "DELETE", "/api/v1/me", nil)
	a.must(http.StatusForbidden, "DELETE", "/api/v1/me", map[string]string{"password": "not it at all"})
	a.must(http.StatusBadRequest, "DELETE", "/api/v1/me", `{"password":5}`)
	a.must(http.StatusOK, "GET", "/api/v1/me", nil)
	admin.must(http.StatusForbidden, "DELETE", "/api/v1/me", map[string]string{"password": "boss-password"})

	a.must(http.StatusNoContent, "DELETE", "/api/v1/me", map[string]string{"password": "correct horse"})
	a.must(http.StatusUnauthorized, "GET", "/api/v1/me", nil)
	newClient(t, app.URL).must(http.StatusNotFound, "GET", "/api/v1/players/"+sa.Player.ID, nil)
	if keys := tracesOf(t, rdb, prefix, sa.Player.ID); len(keys) > 0 {
		t.Errorf("keys still mention the deleted player: %v", keys)
	}
	if acts := auditActions(t, admin, 1); len(acts) == 0 || acts[0] != "delete_self" {
		t.Errorf("audit = %v, want delete_self first", acts)
	}
	// A guest needs no password; the name of the deleted account is free.
	g.must(http.StatusNoContent, "DELETE", "/api/v1/me", nil)
	if keys := tracesOf(t, rdb, prefix, sg.Player.ID); len(keys) > 0 {
		t.Errorf("keys still mention the deleted guest: %v", keys)
	}
	register(t, app.URL, "leaving")
}

func TestPlayerHistoryAndRatingsAPI(t *testing.T) {
	app, admin, _ := startAdminRedisApp(t, nil)
	a, sa := guest(t, app.URL)
	// A fresh opponent each time keeps the ratings close enough to pair.
	b1, _ := guest(t, app.URL)
	b, sb := guest(t, app.URL)
	b3, _ := guest(t, app.URL)
	ids := []string{
		playResigned(t, a, b1, sa.Player.ID),
		playResigned(t, b, a, sb.Player.ID),
		playResigned(t, a, b3, sa.Player.ID),
	}
	var h historyJSON
	newClient(t, app.URL).must(http.StatusOK, "GET", "/api/v1/players/"+sa.Player.ID+"/matches?offset=0&limit=2", nil).JSON(t, &h)
	if h.Total != 3 || len(h.Matches) != 2 || h.Matches[0].ID != ids[2] || h.Matches[1].ID != ids[1] {
		t.Fatalf("page 1 = %+v (want %v newest first)", h, ids)
	}
	m := h.Matches[1]
	if m.Result != "loss" || m.Reason != "resign" || m.Opponent.ID != sb.Player.ID || m.Opponent.DisplayName == "" ||
		m.RatingAfter >= m.RatingBefore || m.EndedAt == "" {
		t.Errorf("a lost match = %+v", m)
	}
	if h.Matches[0].Result != "win" || h.Matches[0].RatingAfter <= h.Matches[0].RatingBefore {
		t.Errorf("a won match = %+v", h.Matches[0])
	}
	newClient(t, app.URL).must(http.StatusOK, "GET", "/api/v1/players/"+sa.Player.ID+"/matches?offset=2&limit=2", nil).JSON(t, &h)
	if h.Total != 3 || len(h.Matches) != 1 || h.Matches[0].ID != ids[0] {
		t.Errorf("page 2 = %+v", h)
	}
	var r ratingsJSON
	newClient(t, app.URL).must(http.StatusOK, "GET", "/api/v1/players/"+sa.Player.ID+"/ratings/connect4", nil).JSON(t, &r)
	if len(r.Points) != 3 || r.Points[0].MatchID != ids[0] || r.Points[2].MatchID != ids[2] || r.Points[0].RD <= 0 || r.Points[0].At == "" {
		t.Fatalf("rating points = %+v", r)
	}
	var me map[string]any
	a.must(http.StatusOK, "GET", "/api/v1/me", nil).JSON(t, &me)
	now := me["ratings"].(map[string]any)["connect4"].(map[string]any)["rating"].(float64)
	if int(now+0.5) != r.Points[2].Rating {
		t.Errorf("last point %d, rating now %v", r.Points[2].Rating, now)
	}

	for _, q := range []string{"?limit=0", "?limit=101", "?offset=-1", "?limit=x"} {
		newClient(t, app.URL).must(http.StatusBadRequest, "GET", "/api/v1/players/"+sa.Player.ID+"/matches"+q, nil)
	}
	newClient(t, app.URL).must(http.StatusNotFound, "GET", "/api/v1/players/"+sa.Player.ID+"/ratings/chess", nil)
	newClient(t, app.URL).must(http.StatusNotFound, "GET", "/api/v1/players/not-an-id/matches", nil)
	// A banned player's history is hidden like the profile.
	admin.must(http.StatusOK, "POST", "/api/v1/admin/players/"+sb.Player.ID+"/ban", map[string]string{"reason": "cheating"})
	for _, p := range []string{"/matches", "/ratings/connect4", ""} {
		r := newClient(t, app.URL).must(http.StatusNotFound, "GET", "/api/v1/players/"+sb.Player.ID+p, nil)
		if strings.Contains(string(r.Body), sb.Player.ID) {
			t.Errorf("404 for a banned player names the id: %s", r.Body)
		}
	}
	page := newClient(t, app.URL).do("GET", "/players/"+sb.Player.ID, nil)
	if page.Status != http.StatusNotFound || !strings.Contains(string(page.Body), "This player is not available") || strings.Contains(string(page.Body), sb.Player.ID) {
		t.Errorf("banned profile page: %d %.300s", page.Status, page.Body)
	}
}

func toJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// tracesOf lists the keys that still mention a deleted player, leaving out
// what keeps the id on purpose: finished matches and the audit log.
func tracesOf(t *testing.T, rdb redis.UniversalClient, prefix, id string) []string {
	t.Helper()
	var out []string
	for _, k := range keysMentioning(t, rdb, prefix, id) {
		if strings.Contains(k, ":match:") || strings.HasSuffix(k, ":audit") {
			continue
		}
		out = append(out, k)
	}
	return out
}
