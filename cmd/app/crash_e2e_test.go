package main

import (
	"context"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ladder/ladder/internal/game"
	"github.com/ladder/ladder/internal/redistest"
)

// startBinary runs the built app as its own process, so that it can be
// killed with SIGKILL, and waits until it is healthy.
func startBinary(t *testing.T, bin string, env ...string) (*exec.Cmd, string) {
	t.Helper()
	addr := freeAddr(t)
	cmd := exec.Command(bin)
	cmd.Env = append(os.Environ(), append(env, "ADDR="+addr, "LOG_FORMAT=text")...)
	var out syncBuffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	base := "http://" + addr
	deadline := time.Now().Add(15 * time.Second)
	for {
		if resp, err := http.Get(base + "/healthz"); err == nil {
			resp.Body.Close()
			return cmd, base
		}
		if time.Now().After(deadline) {
			t.Fatalf("binary never became healthy:\n%s", out.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestSIGKILLDuringSettlementLeavesNobodyStuck kills the process while
// many matches end at once; another instance finishes every settlement and
// every player can queue again.
func TestSIGKILLDuringSettlementLeavesNobodyStuck(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "ladder")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	srv := redistest.Start(t)
	prefix := redistest.Prefix(t)
	env := []string{"REDIS_URL=" + srv.URL(), "REDIS_PREFIX=" + prefix, "TURN_TIMEOUT=10s"}
	cmd, base := startBinary(t, bin, env...)

	const pairs = 8
	type pairT struct {
		first, second *client
		match         string
	}
	var ps []pairT
	var players []*client
	for range pairs {
		a, _ := guest(t, base)
		b, sb := guest(t, base)
		var ta, tb struct {
			TicketID string `json:"ticket_id"`
		}
		a.must(http.StatusCreated, "POST", "/api/v1/matchmaking/connect4/tickets", nil).JSON(t, &ta)
		b.must(http.StatusCreated, "POST", "/api/v1/matchmaking/connect4/tickets", nil).JSON(t, &tb)
		id := waitMatched(t, a, ta.TicketID)
		var m matchJSON
		a.must(http.StatusOK, "GET", "/api/v1/matches/"+id, nil).JSON(t, &m)
		first, second := a, b
		if m.Players[0] == sb.Player.ID {
			first, second = b, a
		}
		ps = append(ps, pairT{first, second, id})
		players = append(players, a, b)
	}
	// Everyone but the last move, then all the winning moves at once, and
	// the process dies in the middle of them.
	for _, p := range ps {
		moves := "/api/v1/matches/" + p.match + "/moves"
		for range 3 {
			p.first.must(http.StatusOK, "POST", moves, map[string]int{"column": 0})
			p.second.must(http.StatusOK, "POST", moves, map[string]int{"column": 1})
		}
	}
	var wg sync.WaitGroup
	for i, p := range ps {
		wg.Add(1)
		go func() {
			defer wg.Done()
			time.Sleep(time.Duration(i) * time.Millisecond) // spread over the kill
			req, _ := http.NewRequest("POST", base+"/api/v1/matches/"+p.match+"/moves", strings.NewReader(`{"column":0}`))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", "Bearer "+p.first.Token)
			if resp, err := http.DefaultClient.Do(req); err == nil {
				resp.Body.Close()
			}
		}()
	}
	time.Sleep(pairs / 2 * time.Millisecond)
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	_ = cmd.Wait()

	rdb := srv.Client(t)
	keys := game.NewKeys(prefix)
	ctx := context.Background()
	unsettled, playing := 0, 0
	for _, p := range ps {
		h, _ := rdb.HGetAll(ctx, keys.Match(p.match)).Result()
		switch {
		case h["status"] == "playing":
			playing++
		case h["settled"] != "1":
			unsettled++
		}
	}
	t.Logf("at the kill: %d of %d matches still in play, %d ended but not settled", playing, pairs, unsettled)

	// Another instance takes over; matches the kill left in play run out of
	// time, the rest are resumed by its sweeper.
	_, base2 := startBinary(t, bin, env...)
	deadline := time.Now().Add(60 * time.Second)
	for i, c := range players {
		c.base = base2
		for {
			r := c.do("POST", "/api/v1/matchmaking/connect4/tickets", nil)
			if r.Status == http.StatusCreated {
				break
			}
			if r.Status != http.StatusConflict || time.Now().After(deadline) {
				t.Fatalf("player %d cannot queue again: %d %s", i, r.Status, r.Body)
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	for _, p := range ps {
		h, err := rdb.HGetAll(ctx, keys.Match(p.match)).Result()
		if err != nil || h["settled"] != "1" || h["status"] != "finished" {
			t.Errorf("match %s: status %q settled %q, %v", p.match, h["status"], h["settled"], err)
		}
		if _, err := rdb.ZScore(ctx, keys.MatchesRecent(), p.match).Result(); err != nil {
			t.Errorf("match %s not in the recent list: %v", p.match, err)
		}
	}
	if n, _ := rdb.ZCard(ctx, keys.MatchesDue()).Result(); n != 0 {
		t.Errorf("%d matches still due", n)
	}
}
