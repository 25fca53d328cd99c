package main

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/redis/go-redis/v9"
)

// auditActions lists the newest n audit actions.
func auditActions(t *testing.T, admin *client, n int) []string {
	t.Helper()
	var audit struct {
		Entries []struct{ Action, TargetID, Target, Reason string } `json:"entries"`
	}
	admin.must(http.StatusOK, "GET", "/api/v1/admin/audit?limit=50", nil).JSON(t, &audit)
	var out []string
	for _, e := range audit.Entries[:min(n, len(audit.Entries))] {
		out = append(out, e.Action)
	}
	return out
}

// keysMentioning scans every key under prefix and returns those whose name
// or whose members (set, sorted set, hash, list, string) contain s.
func keysMentioning(t *testing.T, rdb redis.UniversalClient, prefix, s string) []string {
	t.Helper()
	ctx := context.Background()
	var found []string
	iter := rdb.Scan(ctx, 0, prefix+"*", 500).Iterator()
	for iter.Next(ctx) {
		k := iter.Val()
		var dump []string
		switch rdb.Type(ctx, k).Val() {
		case "zset":
			dump, _ = rdb.ZRange(ctx, k, 0, -1).Result()
		case "set":
			dump, _ = rdb.SMembers(ctx, k).Result()
		case "hash":
			h, _ := rdb.HGetAll(ctx, k).Result()
			for f, v := range h {
				dump = append(dump, f, v)
			}
		case "list":
			dump, _ = rdb.LRange(ctx, k, 0, -1).Result()
		case "string":
			v, _ := rdb.Get(ctx, k).Result()
			dump = []string{v}
		case "stream":
			msgs, _ := rdb.XRange(ctx, k, "-", "+").Result()
			for _, m := range msgs {
				for f, v := range m.Values {
					dump = append(dump, f, v.(string))
				}
			}
		}
		if strings.Contains(k, s) || strings.Contains(strings.Join(dump, " "), s) {
			found = append(found, k)
		}
	}
	if err := iter.Err(); err != nil {
		t.Fatal(err)
	}
	return found
}

func TestAdminBoardActions(t *testing.T) {
	app, admin, srv := startAdminRedisApp(t, nil)
	rdb := srv.Client(t)
	prefix := app.Env["REDIS_PREFIX"]
	alice, sa := register(t, app.URL, "alice")
	bob, sb := register(t, app.URL, "bob")

	def := map[string]any{"id": "space", "title": "Space", "order": "desc", "operator": "best", "reset": "weekly"}
	admin.must(http.StatusCreated, "POST", "/api/v1/admin/leaderboards", def)
	alice.must(http.StatusOK, "POST", "/api/v1/leaderboards/space/scores", map[string]any{"score": 50})
	bob.must(http.StatusOK, "POST", "/api/v1/leaderboards/space/scores", map[string]any{"score": 70})
	alice.must(http.StatusForbidden, "POST", "/api/v1/admin/leaderboards/space/reset", nil)
	admin.must(http.StatusNotFound, "POST", "/api/v1/admin/leaderboards/nope/reset", nil)

	// Reset: current empties, what was current is readable as previous.
	admin.must(http.StatusOK, "POST", "/api/v1/admin/leaderboards/space/reset", nil)
	var cur, prev boardPage
	admin.must(http.StatusOK, "GET", "/api/v1/leaderboards/space", nil).JSON(t, &cur)
	admin.must(http.StatusOK, "GET", "/api/v1/leaderboards/space?period=previous", nil).JSON(t, &prev)
	if cur.Total != 0 || prev.Total != 2 || prev.Entries[0].PlayerID != sb.Player.ID || prev.Entries[0].Score != 70 {
		t.Fatalf("after reset: current %+v, previous %+v", cur, prev)
	}

	// Rename: bad input changes nothing.
	admin.must(http.StatusBadRequest, "PATCH", "/api/v1/admin/leaderboards/space", map[string]string{"title": "  "})
	admin.must(http.StatusBadRequest, "PATCH", "/api/v1/admin/leaderboards/space", map[string]any{"colour": "red"})
	var b struct{ Title string }
	admin.must(http.StatusOK, "PATCH", "/api/v1/admin/leaderboards/space", map[string]string{"title": "Space Race"}).JSON(t, &b)
	var list []struct{ ID, Title string }
	admin.must(http.StatusOK, "GET", "/api/v1/leaderboards", nil).JSON(t, &list)
	if i := slices.IndexFunc(list, func(x struct{ ID, Title string }) bool { return x.ID == "space" }); i < 0 || list[i].Title != "Space Race" {
		t.Fatalf("boards after rename = %+v", list)
	}

	// Remove one record from the current period; previous keeps it.
	alice.must(http.StatusOK, "POST", "/api/v1/leaderboards/space/scores", map[string]any{"score": 90})
	bob.must(http.StatusOK, "POST", "/api/v1/leaderboards/space/scores", map[string]any{"score": 10})
	admin.must(http.StatusNoContent, "DELETE", "/api/v1/admin/leaderboards/space/records/"+sa.Player.ID, nil)
	admin.must(http.StatusNotFound, "DELETE", "/api/v1/admin/leaderboards/space/records/"+sa.Player.ID, nil)
	admin.must(http.StatusNotFound, "GET", "/api/v1/leaderboards/space/players/"+sa.Player.ID, nil)
	admin.must(http.StatusOK, "GET", "/api/v1/leaderboards/space/players/"+sa.Player.ID+"?period=previous", nil)
	admin.must(http.StatusOK, "GET", "/api/v1/leaderboards/space/players/"+sb.Player.ID, nil)

	// Reset a player's scores: gone from every period of that board, in
	// Redis too, and nowhere else touched.
	admin.must(http.StatusNotFound, "POST", "/api/v1/admin/players/"+sb.Player.ID+"/leaderboards/nope/reset", nil)
	admin.must(http.StatusNoContent, "POST", "/api/v1/admin/players/"+sb.Player.ID+"/leaderboards/space/reset", nil)
	admin.must(http.StatusNotFound, "GET", "/api/v1/leaderboards/space/players/"+sb.Player.ID, nil)
	admin.must(http.StatusNotFound, "GET", "/api/v1/leaderboards/space/players/"+sb.Player.ID+"?period=previous", nil)
	for _, k := range keysMentioning(t, rdb, prefix, sb.Player.ID) {
		if strings.Contains(k, "space") {
			t.Errorf("board key %s still mentions bob", k)
		}
	}
	admin.must(http.StatusOK, "GET", "/api/v1/leaderboards/space/players/"+sa.Player.ID+"?period=previous", nil)

	want := []string{"reset_scores", "board_remove_record", "board_rename", "board_reset", "board_create"}
	if got := auditActions(t, admin, 5); !slices.Equal(got, want) {
		t.Errorf("audit = %v, want %v", got, want)
	}
}

func TestAdminCancelMatch(t *testing.T) {
	app, admin := startAdminApp(t, nil)
	a, sa := guest(t, app.URL)
	b, sb := guest(t, app.URL)
	wa := wsDial(t, app.URL, bearer(sa.Token))
	wb := wsDial(t, app.URL, bearer(sb.Token))
	wsExpect(t, wa, "subscribed", 5*time.Second)
	wsExpect(t, wb, "subscribed", 5*time.Second)

	var ta, tb struct {
		TicketID string `json:"ticket_id"`
	}
	a.must(http.StatusCreated, "POST", "/api/v1/matchmaking/connect4/tickets", nil).JSON(t, &ta)
	b.must(http.StatusCreated, "POST", "/api/v1/matchmaking/connect4/tickets", nil).JSON(t, &tb)
	id := waitMatched(t, a, ta.TicketID)
	waitMatched(t, b, tb.TicketID)
	var m matchJSON
	a.must(http.StatusOK, "GET", "/api/v1/matches/"+id, nil).JSON(t, &m)
	first := map[string]*client{sa.Player.ID: a, sb.Player.ID: b}[*m.Turn]
	first.must(http.StatusOK, "POST", "/api/v1/matches/"+id+"/moves", map[string]int{"column": 3})

	var live struct {
		Live []struct{ ID string } `json:"live"`
	}
	admin.must(http.StatusOK, "GET", "/api/v1/admin/matches", nil).JSON(t, &live)
	if len(live.Live) != 1 || live.Live[0].ID != id {
		t.Fatalf("live matches = %+v", live)
	}
	a.must(http.StatusForbidden, "POST", "/api/v1/admin/matches/"+id+"/cancel", map[string]string{"reason": "x"})
	admin.must(http.StatusBadRequest, "POST", "/api/v1/admin/matches/"+id+"/cancel", map[string]string{"reason": strings.Repeat("x", 201)})
	admin.must(http.StatusNotFound, "POST", "/api/v1/admin/matches/00000000-0000-0000-0000-000000000000/cancel", nil)

	admin.must(http.StatusOK, "POST", "/api/v1/admin/matches/"+id+"/cancel", map[string]string{"reason": "stuck client"}).JSON(t, &m)
	if m.Status != "cancelled" || m.Result == nil || m.Result.Reason != "cancelled" || m.Result.Winner != nil {
		t.Fatalf("cancelled match = %+v", m)
	}
	for _, ws := range []*websocket.Conn{wa, wb} {
		msg := wsExpect(t, ws, "match.ended", 5*time.Second)
		res, _ := msg["result"].(map[string]any)
		if msg["match_id"] != id || res["reason"] != "cancelled" {
			t.Errorf("match.ended = %v", msg)
		}
	}
	admin.must(http.StatusConflict, "POST", "/api/v1/admin/matches/"+id+"/cancel", nil)

	// No rating change, no game counted, for either player.
	for _, p := range []signedIn{sa, sb} {
		var pl struct {
			Ratings map[string]struct {
				Rating float64 `json:"rating"`
				Games  int     `json:"games"`
			} `json:"ratings"`
		}
		admin.must(http.StatusOK, "GET", "/api/v1/admin/players/"+p.Player.ID, nil).JSON(t, &pl)
		if r := pl.Ratings["connect4"]; r.Rating != 1500 || r.Games != 0 {
			t.Errorf("player %s rating after cancel = %+v", p.Player.ID, r)
		}
	}
	if got := auditActions(t, admin, 1); !slices.Equal(got, []string{"match_cancel"}) {
		t.Errorf("audit = %v", got)
	}
}
