package game

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/ladder/ladder/internal/redistest"
)

// BenchmarkMemoryCost measures what each kind of record costs in Redis
// (used_memory before and after adding many, divided by their number, so
// indexes and name maps are included): a registered player, a signed-in
// guest, a board entry and a finished match (with both players' history
// entries). The README quotes its numbers.
//
//	go test ./internal/game -run '^$' -bench MemoryCost -benchtime 1x
func BenchmarkMemoryCost(b *testing.B) {
	srv := redistest.Start(b)
	e := newMMEnv(b, srv.Client(b))
	ctx := context.Background()
	acc := NewAccounts(e.d, NewSessions(e.d), LoginLimits{}).WithSignupLimits(SignupLimits{PerAddr: 1 << 20, Window: time.Minute})
	boards := NewBoards(e.d, BoardOptions{ScoreRateLimit: 1 << 30})
	if err := boards.EnsureBuiltins(ctx); err != nil {
		b.Fatal(err)
	}
	hash := hashPassword("correct horse")
	measure := func(name string, n int, add func(i int)) {
		before := redistest.UsedMemory(b, e.rdb)
		for i := range n {
			add(i)
		}
		b.ReportMetric(float64(redistest.UsedMemory(b, e.rdb)-before)/float64(n), "B/"+name)
	}
	for range b.N {
		var ids []string
		measure("player", 2000, func(i int) {
			p, err := acc.createPlayer(ctx, map[string]any{fUsername: fmt.Sprintf("player%06d", i),
				fDisplayName: fmt.Sprintf("Player %d", i), fGuest: "0", fPassword: hash})
			if err != nil {
				b.Fatal(err)
			}
			ids = append(ids, p.ID)
		})
		measure("guest", 2000, func(int) {
			if _, err := acc.Guest(ctx, ClientInfo{Addr: "203.0.113.9", UserAgent: "Mozilla/5.0 (X11; Linux x86_64)"}); err != nil {
				b.Fatal(err)
			}
		})
		measure("board_entry", len(ids), func(i int) {
			if err := boards.SetScore(ctx, BoardConnect4, ids[i], int64(1000+i)); err != nil {
				b.Fatal(err)
			}
		})
		ms := NewMatches(e.d, MatchConfig{TurnTimeout: time.Minute}, nil)
		e.ms = ms
		e.mm = NewMatchmaker(e.d, ms, NewPresence(e.d))
		measure("match", 500, func(int) {
			m, _, _ := e.startMatch(b)
			for _, c := range []int{0, 1, 0, 1, 0, 1, 0} {
				var err error
				if m, err = ms.Move(ctx, m.ID, m.ToMove(), c); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
