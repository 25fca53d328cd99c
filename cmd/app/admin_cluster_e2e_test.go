package main

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// A ban through one instance reaches the player's socket held by another.
func TestBanClosesSocketOnAnotherInstance(t *testing.T) {
	a, admin, srv := startAdminRedisApp(t, nil)
	b := startApp(t, map[string]string{"REDIS_URL": a.Env["REDIS_URL"], "REDIS_PREFIX": a.Env["REDIS_PREFIX"]})
	_, si := register(t, b.URL, "wanderer")
	ws := wsDial(t, b.URL, bearer(si.Token))
	wsExpect(t, ws, "subscribed", 5*time.Second)
	waitSubscribed(t, srv.Client(t), b, "player:"+si.Player.ID)

	start := time.Now()
	admin.must(http.StatusOK, "POST", "/api/v1/admin/players/"+si.Player.ID+"/ban", map[string]string{"reason": "botting"})
	if m := wsExpect(t, ws, "session.revoked", time.Second); !strings.Contains(m["reason"].(string), "botting") {
		t.Errorf("session.revoked = %v", m)
	}
	if code := wsCloseCode(t, ws, time.Second); code != websocket.ClosePolicyViolation {
		t.Errorf("close code %d, want 1008", code)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("socket closed %v after the ban, want within a second", d)
	}
	// The token is dead on both instances.
	for _, base := range []string{a.URL, b.URL} {
		c := newClient(t, base)
		c.Token = si.Token
		if r := c.do("GET", "/api/v1/me", nil); r.Status != http.StatusUnauthorized && r.Status != http.StatusForbidden {
			t.Errorf("%s: banned token answered %d", base, r.Status)
		}
	}
}

// Deleting a player who played Target Rush, queued and finished a match
// leaves no key, member or field naming them, except finished match
// records (which then read as a deleted player) and the audit log.
func TestDeleteLeavesNoTrace(t *testing.T) {
	app, admin, srv := startAdminRedisApp(t, nil)
	rdb := srv.Client(t)
	victim, si := register(t, app.URL, "ghostly")
	id := si.Player.ID
	other, _ := guest(t, app.URL)
	ws := wsDial(t, app.URL, bearer(si.Token))
	wsExpect(t, ws, "subscribed", 5*time.Second)

	// Target Rush: a round, a score on both boards.
	run := startRush(t, victim)
	time.Sleep(e2eRound + 200*time.Millisecond)
	victim.must(http.StatusOK, "POST", "/api/v1/leaderboards/target-rush/scores", run.play(1))
	victim.must(http.StatusOK, "POST", "/api/v1/leaderboards/target-rush-weekly/scores", run.play(1))

	// A finished ranked match (it settles onto the connect4 board).
	var ta, tb struct {
		TicketID string `json:"ticket_id"`
	}
	victim.must(http.StatusCreated, "POST", "/api/v1/matchmaking/connect4/tickets", nil).JSON(t, &ta)
	other.must(http.StatusCreated, "POST", "/api/v1/matchmaking/connect4/tickets", nil).JSON(t, &tb)
	matchID := waitMatched(t, victim, ta.TicketID)
	waitMatched(t, other, tb.TicketID)
	victim.must(http.StatusOK, "POST", "/api/v1/matches/"+matchID+"/resign", nil)
	waitFor(t, 5*time.Second, "the match to settle", func() bool {
		var p struct {
			Ratings map[string]struct{ Games int } `json:"ratings"`
		}
		admin.must(http.StatusOK, "GET", "/api/v1/admin/players/"+id, nil).JSON(t, &p)
		return p.Ratings["connect4"].Games == 1
	})
	// And a ticket still waiting when the account goes.
	victim.must(http.StatusCreated, "POST", "/api/v1/matchmaking/connect4/tickets", nil)
	if len(keysMentioning(t, rdb, app.Env["REDIS_PREFIX"], id)) < 5 {
		t.Fatal("the player left too few traces for this test to mean anything")
	}

	admin.must(http.StatusNoContent, "DELETE", "/api/v1/admin/players/"+id, nil)
	wsCloseCode(t, ws, 2*time.Second)
	for _, k := range keysMentioning(t, rdb, app.Env["REDIS_PREFIX"], id) {
		if strings.Contains(k, matchID) || strings.HasSuffix(k, ":audit") {
			continue
		}
		t.Errorf("key %s (%s) still mentions the deleted player", k, rdb.Type(t.Context(), k).Val())
	}
	var m struct {
		PlayerInfo []struct {
			DisplayName string `json:"display_name"`
		} `json:"player_info"`
	}
	other.must(http.StatusOK, "GET", "/api/v1/matches/"+matchID, nil).JSON(t, &m)
	if len(m.PlayerInfo) != 2 || (m.PlayerInfo[0].DisplayName != "deleted player" && m.PlayerInfo[1].DisplayName != "deleted player") {
		t.Errorf("finished match players = %+v", m.PlayerInfo)
	}
	register(t, app.URL, "ghostly") // the username is free again
}

func waitFor(t *testing.T, within time.Duration, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(within)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
