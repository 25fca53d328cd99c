package realtime

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ladder/ladder/internal/game"
	"github.com/ladder/ladder/internal/game/event"
	"github.com/ladder/ladder/internal/redistest"
)

// boardHub is a hub serving real boards kept in Redis, whose writes
// publish through the hub as in the app.
type boardHub struct {
	*Hub
	boards *game.Boards
	URL    string
}

func startBoardHub(t *testing.T, board string) *boardHub {
	t.Helper()
	srv := redistest.Start(t)
	rdb := srv.Client(t)
	keys := newKeys(t)
	h := New(NewRedisBroker(rdb, keys), testLogger(t), nil, Options{})
	boards := game.NewBoards(game.Deps{Redis: rdb, Keys: keys, Events: h},
		game.BoardOptions{ScoreRateLimit: 1 << 30, ScoreRateWindow: time.Second})
	h.Handle("leaderboard:", LeaderboardHandler(boards))
	if _, err := boards.Create(t.Context(), game.Leaderboard{ID: board, Operator: game.OpSet}); err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.ServeWS(w, r, nil, "", r.RemoteAddr)
	}))
	ctx, stop := context.WithCancel(context.Background())
	ran := make(chan error, 1)
	go func() { ran <- h.Run(ctx) }()
	t.Cleanup(func() {
		cctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		h.Close(cctx)
		stop()
		if err := <-ran; err != nil {
			t.Errorf("Run: %v", err)
		}
		ts.Close()
	})
	return &boardHub{Hub: h, boards: boards, URL: "ws" + strings.TrimPrefix(ts.URL, "http") + "/ws"}
}

// replica is a client's copy of a board top, built as a browser does from
// one snapshot and the deltas after it.
type replica struct {
	seq    int64
	total  int64
	rows   map[string]event.DeltaRow
	deltas int
	resync int
}

// wire is any message a delta subscriber gets.
type wire struct {
	Type    string           `json:"type"`
	Seq     int64            `json:"seq"`
	BaseSeq int64            `json:"base_seq"`
	Resync  bool             `json:"resync"`
	Total   int64            `json:"total"`
	Entries []event.DeltaRow `json:"entries"`
	Changes []event.DeltaRow `json:"changes"`
	Removed []string         `json:"removed"`
}

// apply takes one message; it fails the test on a delta whose base is not
// what the replica holds (the server must never send one).
func (r *replica) apply(t *testing.T, raw []byte) {
	t.Helper()
	var m wire
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatalf("decode %s: %v", raw, err)
	}
	switch m.Type {
	case event.TypeLeaderboardTop:
		if m.Resync {
			r.resync++
		}
		r.seq, r.total, r.rows = m.Seq, m.Total, map[string]event.DeltaRow{}
		for _, e := range m.Entries {
			r.rows[e.PlayerID] = e
		}
	case event.TypeLeaderboardDelta:
		if r.rows == nil || m.BaseSeq != r.seq {
			t.Fatalf("delta from seq %d, replica holds %d: %s", m.BaseSeq, r.seq, raw)
		}
		r.deltas++
		for _, id := range m.Removed {
			delete(r.rows, id)
		}
		for _, e := range m.Changes {
			r.rows[e.PlayerID] = e
		}
		r.seq, r.total = m.Seq, m.Total
	}
}

// entries lists the replica's rows best first.
func (r *replica) entries() []event.DeltaRow {
	out := make([]event.DeltaRow, 0, len(r.rows))
	for _, e := range r.rows {
		out = append(out, e)
	}
	slices.SortFunc(out, func(a, b event.DeltaRow) int { return int(a.Rank - b.Rank) })
	return out
}

// fresh reads the board's current top as a new subscriber would get it.
func (b *boardHub) fresh(t *testing.T, board string) wire {
	t.Helper()
	raw, err := b.boards.TopMessage(t.Context(), board)
	if err != nil {
		t.Fatal(err)
	}
	var w wire
	if err := json.Unmarshal(raw, &w); err != nil {
		t.Fatal(err)
	}
	return w
}

// converge reads messages into r until it holds the board's current seq,
// then checks it equals a fresh snapshot exactly.
func (b *boardHub) converge(t *testing.T, c *wsClient, r *replica, board string) {
	t.Helper()
	want := b.fresh(t, board)
	deadline := time.Now().Add(5 * time.Second)
	for r.seq != want.Seq {
		_ = c.ws.SetReadDeadline(deadline)
		_, raw, err := c.ws.ReadMessage()
		if err != nil {
			t.Fatalf("waiting for seq %d (hold %d): %v", want.Seq, r.seq, err)
		}
		r.apply(t, raw)
	}
	if got := r.entries(); !slices.Equal(got, want.Entries) || r.total != want.Total {
		t.Fatalf("replica at seq %d differs from the board:\n got %v (total %d)\nwant %v (total %d)",
			r.seq, got, r.total, want.Entries, want.Total)
	}
}

func subscribeDelta(t *testing.T, c *wsClient, topic string) {
	t.Helper()
	c.send(event.Control{Type: event.TypeSubscribe, Topic: topic, Delta: true})
	c.expect(event.TypeSubscribed, 5*time.Second)
}

func TestDeltasReproduceTheBoard(t *testing.T) {
	const board = "d"
	b := startBoardHub(t, board)
	ctx := t.Context()
	players := make([]string, 60)
	for i := range players {
		players[i] = fmt.Sprintf("p%02d", i)
	}
	rng := rand.New(rand.NewPCG(1, uint64(time.Now().UnixNano())))
	for _, p := range players[:10] {
		if err := b.boards.SetScore(ctx, board, p, rng.Int64N(1000)); err != nil {
			t.Fatal(err)
		}
	}

	c := dial(t, b.URL, nil)
	subscribeDelta(t, c, event.LeaderboardTopic(board))
	r := &replica{}
	b.converge(t, c, r, board)
	for round := range 6 {
		// Random writes: new players, moves up and down, falls out of the
		// top, equal scores; some rounds fast (coalesced), some slow.
		for range 25 {
			p := players[rng.IntN(len(players))]
			score := rng.Int64N(1000)
			if rng.IntN(4) == 0 {
				score = 500
			}
			if err := b.boards.SetScore(ctx, board, p, score); err != nil {
				t.Fatal(err)
			}
			if round%2 == 1 {
				time.Sleep(15 * time.Millisecond)
			}
		}
		b.converge(t, c, r, board)
	}
	if r.deltas == 0 {
		t.Fatal("no delta arrived: every update was a full snapshot")
	}
	// Without a gap, no resync: not even when a change races the
	// subscription.
	if r.resync > 0 {
		t.Fatalf("%d resyncs without any gap", r.resync)
	}
}

func TestDeltaGapResyncs(t *testing.T) {
	const board = "g"
	topic := event.LeaderboardTopic(board)
	b := startBoardHub(t, board)
	ctx := t.Context()
	for i := range 5 {
		if err := b.boards.SetScore(ctx, board, fmt.Sprintf("p%d", i), int64(10*i)); err != nil {
			t.Fatal(err)
		}
	}
	c := dial(t, b.URL, nil)
	subscribeDelta(t, c, topic)
	r := &replica{}
	b.converge(t, c, r, board)

	// The server believes this socket holds another snapshot than it
	// does: the next update must be a full snapshot marked resync.
	b.mu.Lock()
	for conn := range b.conns {
		conn.subs[topic] -= 1000
	}
	b.mu.Unlock()
	if err := b.boards.SetScore(ctx, board, "p0", 99); err != nil {
		t.Fatal(err)
	}
	m := c.expect(event.TypeLeaderboardTop, 5*time.Second)
	var w wire
	_ = json.Unmarshal(m.Raw, &w)
	if !w.Resync {
		t.Fatalf("after a gap got %s, want a snapshot marked resync", m.Raw)
	}
	r.apply(t, m.Raw)
	b.converge(t, c, r, board)

	// A client that notices a gap itself subscribes again with delta and
	// gets the snapshot, marked resync; deltas go on from there.
	c.send(event.Control{Type: event.TypeSubscribe, Topic: topic, Delta: true})
	c.expect(event.TypeSubscribed, 5*time.Second)
	m = c.expect(event.TypeLeaderboardTop, 5*time.Second)
	_ = json.Unmarshal(m.Raw, &w)
	if !w.Resync || w.Seq != r.seq {
		t.Fatalf("resubscribe got %s, want the snapshot at seq %d marked resync", m.Raw, r.seq)
	}
	r.apply(t, m.Raw)
	if err := b.boards.SetScore(ctx, board, "p1", 98); err != nil {
		t.Fatal(err)
	}
	before := r.deltas
	b.converge(t, c, r, board)
	if r.deltas != before+1 {
		t.Fatalf("after the resync got %d deltas, want 1", r.deltas-before)
	}
}

func TestPlainSubscribersStillGetSnapshots(t *testing.T) {
	const board = "s"
	topic := event.LeaderboardTopic(board)
	b := startBoardHub(t, board)
	c := dial(t, b.URL, nil)
	c.subscribe(topic)
	c.expect(event.TypeLeaderboardTop, 5*time.Second)
	if err := b.boards.SetScore(t.Context(), board, "p", 5); err != nil {
		t.Fatal(err)
	}
	m, err := c.read(5 * time.Second)
	if err != nil || m.Type != event.TypeLeaderboardTop {
		t.Fatalf("update = %s (%v), want a leaderboard.top", m.Raw, err)
	}
}

// TestDeltaBytesWhenOneRowMoves compares what one watcher receives when a
// single row of a 25-row top moves up one place.
func TestDeltaBytesWhenOneRowMoves(t *testing.T) {
	const board = "bytes"
	b := startBoardHub(t, board)
	ctx := t.Context()
	for i := range 25 {
		id := fmt.Sprintf("%08d-0000-4000-8000-000000000000", i)
		if err := b.boards.SetScore(ctx, board, id, int64(100000+i*1000)); err != nil {
			t.Fatal(err)
		}
	}
	before, err := b.boards.TopMessage(ctx, board)
	if err != nil {
		t.Fatal(err)
	}
	// Rank 20 overtakes rank 19.
	if err := b.boards.SetScore(ctx, board, fmt.Sprintf("%08d-0000-4000-8000-000000000000", 5), 106500); err != nil {
		t.Fatal(err)
	}
	after, err := b.boards.TopMessage(ctx, board)
	if err != nil {
		t.Fatal(err)
	}
	d := TopDelta(before, after)
	if d == nil {
		t.Fatal("no delta between two snapshots of one period")
	}
	var w wire
	_ = json.Unmarshal(d, &w)
	if len(w.Changes) != 2 || len(w.Removed) != 0 {
		t.Fatalf("delta %s, want the two rows that swapped", d)
	}
	t.Logf("snapshot %d bytes, delta %d bytes: %.1fx fewer", len(after), len(d), float64(len(after))/float64(len(d)))
	if len(after) < 5*len(d) {
		t.Fatalf("delta %d bytes is not 5x smaller than the snapshot's %d", len(d), len(after))
	}
}
