package main

import (
	"encoding/csv"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/ladder/ladder/internal/game"
	"github.com/ladder/ladder/web"
)

type searchAnswer struct {
	Players []struct {
		ID          string  `json:"id"`
		Username    string  `json:"username"`
		DisplayName string  `json:"display_name"`
		Guest       bool    `json:"guest"`
		Banned      bool    `json:"banned"`
		LastSeen    *string `json:"last_seen"`
	} `json:"players"`
	Total int `json:"total"`
}

func (s searchAnswer) names() []string {
	out := make([]string, len(s.Players))
	for i, p := range s.Players {
		out[i] = p.Username
	}
	return out
}

func search(t *testing.T, admin *client, query string) searchAnswer {
	t.Helper()
	var a searchAnswer
	admin.must(http.StatusOK, "GET", "/api/v1/admin/players?"+query, nil).JSON(t, &a)
	return a
}

func TestAdminPlayerSearchModes(t *testing.T) {
	app, admin := startAdminApp(t, nil)
	zed, sz := register(t, app.URL, "zed01")
	zed.must(http.StatusOK, "PATCH", "/api/v1/me", map[string]string{"display_name": "Tim Tester"})
	_, st := register(t, app.URL, "timber")
	_, sa := register(t, app.URL, "alice")
	_, sg := guest(t, app.URL)
	// alice is seen on a live page; nobody else is.
	ws := wsDial(t, app.URL, bearer(sa.Token))
	_ = ws

	tests := []struct {
		name, query string
		want        []string // usernames, in order
	}{
		{"display-name prefix, any case", "q=tIM", []string{"timber", "zed01"}},
		{"username prefix", "q=zed", []string{"zed01"}},
		{"exact id", "q=" + sz.Player.ID, []string{"zed01"}},
		{"exact id, upper case", "q=" + strings.ToUpper(sz.Player.ID), []string{"zed01"}},
		{"id prefix is not an id", "q=" + sz.Player.ID[:8], nil},
		{"guests only", "guest=true", []string{sg.Player.Username}},
		{"registered only, by name", "guest=false&q=", []string{"alice", "boss", "timber", "zed01"}},
		{"sorted by name, descending", "q=tim&sort=name&order=desc", []string{"zed01", "timber"}},
		{"newest first", "q=tim&sort=created", []string{"timber", "zed01"}},
		{"oldest first", "q=tim&sort=created&order=asc", []string{"zed01", "timber"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := search(t, admin, tc.query)
			if strings.Join(got.names(), ",") != strings.Join(tc.want, ",") || got.Total != len(tc.want) {
				t.Fatalf("search %q = %v (total %d), want %v", tc.query, got.names(), got.Total, tc.want)
			}
		})
	}

	// Last seen: alice has a socket open, so she leads that sort and has
	// the field; a player never seen has none.
	deadline := time.Now().Add(5 * time.Second)
	for {
		got := search(t, admin, "guest=false&sort=last_seen")
		if len(got.Players) > 0 && got.Players[0].Username == "alice" && got.Players[0].LastSeen != nil {
			for _, p := range got.Players[1:] {
				if p.LastSeen != nil {
					t.Fatalf("%s has last_seen %s without ever opening a socket", p.Username, *p.LastSeen)
				}
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("last_seen sort = %+v, want alice first with last_seen", got.Players)
		}
		time.Sleep(100 * time.Millisecond)
	}

	// Banned filter, both ways.
	admin.must(http.StatusOK, "POST", "/api/v1/admin/players/"+st.Player.ID+"/ban", map[string]string{"reason": "spam"})
	if got := search(t, admin, "banned=true"); strings.Join(got.names(), ",") != "timber" {
		t.Fatalf("banned=true = %v", got.names())
	}
	if got := search(t, admin, "q=tim&banned=false"); strings.Join(got.names(), ",") != "zed01" {
		t.Fatalf("q=tim&banned=false = %v", got.names())
	}
	admin.must(http.StatusOK, "POST", "/api/v1/admin/players/"+st.Player.ID+"/unban", nil)
	if got := search(t, admin, "banned=true"); got.Total != 0 {
		t.Fatalf("after unban, banned=true = %v", got.names())
	}

	// A rename moves the display-name index entry, by the player or an admin.
	zed.must(http.StatusOK, "PATCH", "/api/v1/me", map[string]string{"display_name": "Quolloxian One"})
	if got := search(t, admin, "q=tim"); strings.Join(got.names(), ",") != "timber" {
		t.Fatalf("after rename, q=tim = %v", got.names())
	}
	admin.must(http.StatusOK, "PATCH", "/api/v1/admin/players/"+sz.Player.ID, map[string]string{"display_name": "Xavier"})
	if got := search(t, admin, "q=xav"); strings.Join(got.names(), ",") != "zed01" {
		t.Fatalf("after admin rename, q=xav = %v", got.names())
	}
	if got := search(t, admin, "q=quollox"); got.Total != 0 {
		t.Fatalf("old name still found: %v", got.names())
	}
	// Deleting forgets every index entry.
	admin.must(http.StatusNoContent, "DELETE", "/api/v1/admin/players/"+sz.Player.ID, nil)
	if got := search(t, admin, "q=xav"); got.Total != 0 {
		t.Fatalf("deleted player still found: %v", got.names())
	}

	// Bad parameters are 400s.
	for _, q := range []string{"sort=height", "order=up", "banned=maybe", "guest=2", "limit=0", "limit=101", "offset=-1",
		"q=" + strings.Repeat("a", 40)} {
		if r := admin.do("GET", "/api/v1/admin/players?"+q, nil); r.Status != http.StatusBadRequest || r.ErrorCode() != "invalid" {
			t.Errorf("?%s: %d %s, want 400 invalid", q, r.Status, r.Body)
		}
	}
}

func TestTemporaryBanEndsByItself(t *testing.T) {
	app, admin := startAdminApp(t, map[string]string{"BAN_SWEEP_INTERVAL": "100ms"})
	cheat, sc := register(t, app.URL, "cheat")
	id := sc.Player.ID
	admin.must(http.StatusCreated, "POST", "/api/v1/admin/leaderboards",
		map[string]any{"id": "space", "title": "Space", "order": "desc", "operator": "best", "reset": "never"})
	cheat.must(http.StatusOK, "POST", "/api/v1/leaderboards/space/scores", map[string]any{"score": 900})

	// Bad durations are refused and change nothing.
	for _, d := range []string{"-5s", "abc", "0s", "10ms", "100000h"} {
		r := admin.do("POST", "/api/v1/admin/players/"+id+"/ban", map[string]string{"reason": "x", "duration": d})
		if r.Status != http.StatusBadRequest {
			t.Fatalf("duration %q: %d %s, want 400", d, r.Status, r.Body)
		}
	}
	cheat.must(http.StatusOK, "GET", "/api/v1/me", nil)

	before := time.Now()
	var banned struct {
		Banned      bool       `json:"banned"`
		BannedUntil *time.Time `json:"banned_until"`
		Ban         *struct {
			Reason, By, ByID string
			At               time.Time
			Until            *time.Time
		} `json:"ban"`
	}
	admin.must(http.StatusOK, "POST", "/api/v1/admin/players/"+id+"/ban",
		map[string]string{"reason": "aimbot", "duration": "6s"}).JSON(t, &banned)
	if !banned.Banned || banned.BannedUntil == nil || banned.Ban == nil || banned.Ban.Until == nil {
		t.Fatalf("ban answer = %+v", banned)
	}
	if d := banned.BannedUntil.Sub(before); d < 5500*time.Millisecond || d > 8*time.Second {
		t.Fatalf("banned_until is %v from now, want about 6s", d)
	}
	if banned.Ban.By != "boss" || banned.Ban.Reason != "aimbot" || banned.Ban.At.Before(before.Add(-time.Second)) {
		t.Fatalf("ban record = %+v", banned.Ban)
	}
	var page boardPage
	admin.must(http.StatusOK, "GET", "/api/v1/leaderboards/space", nil).JSON(t, &page)
	if page.Total != 0 {
		t.Fatalf("banned player's entry is on the board: %+v", page)
	}
	newClient(t, app.URL).must(http.StatusForbidden, "POST", "/api/v1/auth/login",
		map[string]string{"username": "cheat", "password": "correct horse"})
	// The admin page shows the record and the hidden score.
	html := adminPage(t, app, "/admin/players/"+id)
	for _, want := range []string{`data-testid="ban-record"`, "aimbot", "boss", `data-testid="hidden-score-space"`, ">900<"} {
		if !strings.Contains(html, want) {
			t.Errorf("player page lacks %q", want)
		}
	}

	// The ban ends by itself: login works, the board has the entry back,
	// and the audit log says the system lifted it.
	deadline := time.Now().Add(20 * time.Second)
	for {
		p := admin.must(http.StatusOK, "GET", "/api/v1/admin/players/"+id, nil).Map(t)
		if p["banned"] == false {
			if _, ok := p["banned_until"]; ok {
				t.Fatalf("unbanned player keeps banned_until: %v", p)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the ban did not end by itself: %v", p)
		}
		time.Sleep(100 * time.Millisecond)
	}
	if time.Since(before) < 1900*time.Millisecond {
		t.Fatalf("the ban ended after %v, before its 2s", time.Since(before))
	}
	newClient(t, app.URL).must(http.StatusOK, "POST", "/api/v1/auth/login",
		map[string]string{"username": "cheat", "password": "correct horse"})
	admin.must(http.StatusOK, "GET", "/api/v1/leaderboards/space", nil).JSON(t, &page)
	if page.Total != 1 || page.Entries[0].PlayerID != id || page.Entries[0].Score != 900 {
		t.Fatalf("after the ban, board = %+v", page)
	}
	var audit struct {
		Entries []game.AuditEntry `json:"entries"`
	}
	admin.must(http.StatusOK, "GET", "/api/v1/admin/audit?target="+id, nil).JSON(t, &audit)
	if len(audit.Entries) != 2 || audit.Entries[0].Action != "unban" || audit.Entries[0].Actor != "system" ||
		!strings.Contains(audit.Entries[0].Reason, "ended") || audit.Entries[1].Action != "ban" || audit.Entries[1].Duration != "2s" {
		t.Fatalf("audit = %+v", audit.Entries)
	}
	// A permanent ban replacing a temporary one never ends by itself.
	admin.must(http.StatusOK, "POST", "/api/v1/admin/players/"+id+"/ban", map[string]string{"reason": "again", "duration": "1s"})
	admin.must(http.StatusOK, "POST", "/api/v1/admin/players/"+id+"/ban", map[string]string{"reason": "for good"})
	time.Sleep(1500 * time.Millisecond)
	if p := admin.must(http.StatusOK, "GET", "/api/v1/admin/players/"+id, nil).Map(t); p["banned"] != true {
		t.Fatalf("a permanent ban was lifted by the sweeper: %v", p)
	}
}

// adminPage reads an admin page as the admin (bearer) and returns the HTML.
func adminPage(t *testing.T, app *testApp, path string) string {
	t.Helper()
	c := newClient(t, app.URL)
	var si signedIn
	c.must(http.StatusOK, "POST", "/api/v1/auth/login", map[string]string{"username": "boss", "password": "boss-password"}).JSON(t, &si)
	c.Token = si.Token
	return string(c.must(http.StatusOK, "GET", path, nil).Body)
}

func TestAuditFiltersAndCSV(t *testing.T) {
	app, admin := startAdminApp(t, nil)
	_, sa := register(t, app.URL, "alice")
	_, sb := register(t, app.URL, "bob")
	admin.must(http.StatusOK, "POST", "/api/v1/admin/players/"+sa.Player.ID+"/ban", map[string]string{"reason": "=HYPERLINK(\"http://x\")"})
	admin.must(http.StatusOK, "POST", "/api/v1/admin/players/"+sb.Player.ID+"/ban", map[string]string{"reason": "-2+3, \"quoted\"", "duration": "72h"})
	admin.must(http.StatusOK, "POST", "/api/v1/admin/players/"+sa.Player.ID+"/unban", nil)
	admin.must(http.StatusOK, "PATCH", "/api/v1/admin/players/"+sb.Player.ID, map[string]string{"display_name": "@bob"})

	type entries struct {
		Entries []game.AuditEntry `json:"entries"`
		Next    string            `json:"next_before"`
	}
	get := func(q string) entries {
		var e entries
		admin.must(http.StatusOK, "GET", "/api/v1/admin/audit?"+q, nil).JSON(t, &e)
		return e
	}
	actions := func(e entries) string {
		var out []string
		for _, x := range e.Entries {
			out = append(out, x.Action+":"+x.Target)
		}
		return strings.Join(out, ",")
	}
	tests := []struct{ query, want string }{
		{"action=ban", "ban:bob,ban:alice"},
		{"target=ALICE", "unban:alice,ban:alice"},
		{"target=" + sb.Player.ID, "rename:bob,ban:bob"},
		{"actor=boss&action=unban", "unban:alice"},
		{"actor=nobody", ""},
		{"action=ban&limit=1", "ban:bob"},
	}
	for _, tc := range tests {
		if got := actions(get(tc.query)); got != tc.want {
			t.Errorf("audit?%s = %q, want %q", tc.query, got, tc.want)
		}
	}
	// Paging keeps the filter.
	first := get("action=ban&limit=1")
	if first.Next == "" {
		t.Fatalf("no next page: %+v", first)
	}
	if got := actions(get("action=ban&limit=1&before=" + url.QueryEscape(first.Next))); got != "ban:alice" {
		t.Fatalf("second page = %q", got)
	}
	if r := admin.do("GET", "/api/v1/admin/audit?action=explode", nil); r.Status != http.StatusBadRequest {
		t.Fatalf("unknown action: %d", r.Status)
	}

	// CSV: the same filter, proper quoting, formulas defused.
	for _, path := range []string{"/api/v1/admin/audit.csv?action=ban", "/api/v1/admin/audit?format=csv&action=ban", "/admin/audit.csv?action=ban"} {
		r := admin.must(http.StatusOK, "GET", path, nil)
		if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") {
			t.Fatalf("%s: content type %q", path, ct)
		}
		rows, err := csv.NewReader(strings.NewReader(string(r.Body))).ReadAll()
		if err != nil {
			t.Fatalf("%s: %v\n%s", path, err, r.Body)
		}
		if len(rows) != 3 || rows[0][0] != "time" || rows[0][3] != "action" {
			t.Fatalf("%s: rows = %q", path, rows)
		}
		reasons := []string{rows[1][7], rows[2][7]}
		sort.Strings(reasons)
		if reasons[0] != `'-2+3, "quoted"` || reasons[1] != `'=HYPERLINK("http://x")` {
			t.Fatalf("%s: reasons = %q", path, reasons)
		}
		if rows[1][4] != "Banned player" || rows[1][8] != "72h0m0s" {
			t.Fatalf("%s: row = %q", path, rows[1])
		}
		if _, err := time.Parse(time.RFC3339, rows[1][0]); err != nil {
			t.Fatalf("%s: time %q: %v", path, rows[1][0], err)
		}
	}
	r := admin.must(http.StatusOK, "GET", "/api/v1/admin/audit.csv?action=rename", nil)
	if !strings.Contains(string(r.Body), "'\"") && !strings.Contains(string(r.Body), "@bob") {
		t.Fatalf("rename export = %s", r.Body)
	}
	if r := admin.do("GET", "/api/v1/admin/audit.csv?action=explode", nil); r.Status != http.StatusBadRequest {
		t.Fatalf("csv with unknown action: %d", r.Status)
	}
}

// TestEveryAdminRouteIsAdminOnly walks every route the server has under
// /admin and /api/v1/admin: a signed-in player gets 403 on each.
func TestEveryAdminRouteIsAdminOnly(t *testing.T) {
	app, admin := startAdminApp(t, nil)
	player, sp := register(t, app.URL, "nosy")
	_, victim := register(t, app.URL, "victim")
	admin.must(http.StatusCreated, "POST", "/api/v1/admin/leaderboards",
		map[string]any{"id": "space", "title": "Space", "order": "desc", "operator": "best", "reset": "never"})
	params := strings.NewReplacer(":id", victim.Player.ID, ":player_id", victim.Player.ID, ":board", "space")
	routes := web.New(web.Config{}, web.Deps{}).Routes()
	walked := 0
	for _, rt := range routes {
		if !strings.HasPrefix(rt.Path, "/admin") && !strings.HasPrefix(rt.Path, "/api/v1/admin") {
			continue
		}
		if strings.ToUpper(rt.Method) != rt.Method || strings.Contains(rt.Method, "_") {
			continue // echo's own not-found routes of a group
		}
		path := params.Replace(rt.Path)
		if strings.Contains(rt.Path, "/leaderboards/:id") {
			path = strings.Replace(rt.Path, ":id", "space", 1)
			path = strings.NewReplacer(":player_id", victim.Player.ID).Replace(path)
		}
		if strings.Contains(rt.Path, "/matches/:id") {
			path = strings.Replace(rt.Path, ":id", "00000000-0000-0000-0000-000000000000", 1)
		}
		var body any
		if rt.Method != http.MethodGet {
			body = map[string]string{}
		}
		r := player.do(rt.Method, path, body)
		if r.Status != http.StatusForbidden {
			t.Errorf("%s %s as a player: %d, want 403", rt.Method, path, r.Status)
		}
		walked++
	}
	if walked < 30 {
		t.Fatalf("walked only %d admin routes", walked)
	}
	// Nothing the player tried took effect.
	p := admin.must(http.StatusOK, "GET", "/api/v1/admin/players/"+victim.Player.ID, nil).Map(t)
	if p["banned"] != false {
		t.Fatalf("victim after the walk: %v", p)
	}
	_ = sp
}
