package game_test

import (
	"testing"
	"time"

	"github.com/ladder/ladder/internal/game"
	"github.com/ladder/ladder/internal/redistest"
)

// Counting makes no Redis call; a flush adds every count, once, to the
// shared per-minute counters, and counts that could not be flushed (Redis
// down) arrive with the next flush after it comes back.
func TestStatsCountsFlush(t *testing.T) {
	srv := redistest.Start(t)
	rdb := srv.Client(t)
	d := game.Deps{Redis: rdb, Keys: game.NewKeys(redistest.Prefix(t))}
	st := game.NewStats(d, "i1", game.NewPresence(d), nil, nil, nil)
	ctx := t.Context()
	submissions := func() int64 {
		t.Helper()
		h, err := st.History(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var n int64
		for _, p := range h {
			n += p.Submissions
		}
		return n
	}

	minute := time.Now().Unix() / 60
	for range 3 {
		st.Count(ctx, game.StatSubmissions)
	}
	if n := rdb.DBSize(ctx).Val(); n != 0 {
		t.Fatalf("counting wrote %d keys before a flush", n)
	}
	if err := st.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if err := st.Flush(ctx); err != nil { // nothing new: adds nothing
		t.Fatal(err)
	}
	if n := submissions(); n != 3 {
		t.Fatalf("after a flush: %d submissions, want 3", n)
	}
	// The counts landed in this minute's counter (or the next one's, had
	// the minute turned meanwhile), which expires.
	ttl := rdb.TTL(ctx, d.Keys.StatsCounter(game.StatSubmissions, minute)).Val()
	if ttl <= 0 {
		ttl = rdb.TTL(ctx, d.Keys.StatsCounter(game.StatSubmissions, minute+1)).Val()
	}
	if ttl <= 0 {
		t.Errorf("counter TTL %v, want one", ttl)
	}

	srv.Stop()
	st.Count(ctx, game.StatSubmissions)
	st.Count(ctx, game.StatSubmissions)
	if err := st.Flush(ctx); err == nil {
		t.Fatal("a flush with Redis down succeeded")
	}
	srv.Restart(t) // no persistence: the counters start again from nothing
	if err := st.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if n := submissions(); n != 2 {
		t.Errorf("after Redis came back: %d submissions, want the 2 kept", n)
	}
}
