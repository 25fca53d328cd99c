package web

import (
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/ladder/ladder/internal/game"
	"github.com/ladder/ladder/internal/redistest"
	"github.com/ladder/ladder/internal/redisx"
)

// benchServer is the real handler stack on a fresh redis-server, with
// players signed in once (bearer tokens, so no password hashing in the
// loop) and a board "bench" (desc, op, no game run check) on which player
// i starts with score seed(i).
func benchServer(b *testing.B, players int, op string, seed func(i int) int64) (*Server, []string, *cpuMeter) {
	b.Helper()
	srv := redistest.Start(b)
	rdb := redis.NewClient(&redis.Options{Addr: srv.Addr, DisableIdentity: true, PoolSize: 128})
	b.Cleanup(func() { _ = rdb.Close() })
	d := game.Deps{Redis: rdb, Keys: game.NewKeys("bench"), Scripts: redisx.AutoPipeline(rdb, discardLog())}
	accounts := game.NewAccounts(d, game.NewSessions(d), game.LoginLimits{PerUser: 10, PerAddr: 50, Window: time.Minute})
	boards := game.NewBoards(d, game.BoardOptions{ScoreRateLimit: 1 << 30, ScoreRateWindow: time.Second})
	ctx := b.Context()
	if _, err := boards.Create(ctx, game.Leaderboard{ID: "bench", Operator: op}); err != nil {
		b.Fatal(err)
	}
	s := New(Config{}, Deps{Accounts: accounts, Boards: boards, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	tokens := make([]string, players)
	for i := range tokens {
		si, err := accounts.Guest(ctx, game.ClientInfo{Addr: "127.0.0.1"})
		if err != nil {
			b.Fatal(err)
		}
		tokens[i] = si.Token
		if err := boards.SetScore(ctx, "bench", si.Player.ID, seed(i)); err != nil {
			b.Fatal(err)
		}
	}
	return s, tokens, &cpuMeter{rdb: rdb}
}

func spreadSeed(i int) int64 { return int64(i * 37 % 10007) }

// BenchmarkSubmitScore posts scores through the HTTP handler from parallel
// clients, each its own player, to a set board of 200 players with random
// scores: nearly every submission moves someone, the worst case for
// rank.changed work.
func BenchmarkSubmitScore(b *testing.B) {
	s, tokens, cpu := benchServer(b, 200, game.OpSet, spreadSeed)
	h := s.Handler()
	var next, n atomic.Int64
	b.SetParallelism(8)
	b.ResetTimer()
	cpu.start(b)
	b.RunParallel(func(pb *testing.PB) {
		tok := tokens[int(next.Add(1))%len(tokens)]
		for pb.Next() {
			body := fmt.Sprintf(`{"score":%d}`, n.Add(1)%1_000_000)
			req := httptest.NewRequest(http.MethodPost, "/api/v1/leaderboards/bench/scores", strings.NewReader(body))
			req.Header.Set("Authorization", "Bearer "+tok)
			req.Header.Set("Content-Type", "application/json")
			w := httptest.NewRecorder()
			h.ServeHTTP(w, req)
			if w.Code != http.StatusOK {
				b.Errorf("status %d: %s", w.Code, w.Body)
				return
			}
		}
	})
	cpu.report(b)
}

// BenchmarkTopPage reads the top 100 (with display names) through the HTTP
// handler from parallel anonymous clients.
func BenchmarkTopPage(b *testing.B) {
	s, _, cpu := benchServer(b, 1000, game.OpSet, spreadSeed)
	h := s.Handler()
	b.SetParallelism(8)
	b.ResetTimer()
	cpu.start(b)
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			req := httptest.NewRequest(http.MethodGet, "/api/v1/leaderboards/bench?limit=100", nil)
			w := httptest.NewRecorder()
			h.ServeHTTP(w, req)
			if w.Code != http.StatusOK || w.Body.Len() < 5000 {
				b.Errorf("status %d: %.200s", w.Code, w.Body)
				return
			}
		}
	})
	cpu.report(b)
}

// BenchmarkSubmitScoreBest is a game's score stream: a best board of 200
// players, each with a skill; a round scores between 60 % and 100 % of it
// and players start with a personal best of 90 %, so most submissions do
// not improve, fewer and fewer as the run goes on (the share that did is
// reported as improved-%).
func BenchmarkSubmitScoreBest(b *testing.B) {
	skill := func(i int) int64 { return 10_000 + int64(i*7919%200_000) }
	s, tokens, cpu := benchServer(b, 200, game.OpBest, func(i int) int64 { return skill(i) * 9 / 10 })
	h := s.Handler()
	var next, improved atomic.Int64
	b.SetParallelism(8)
	b.ResetTimer()
	cpu.start(b)
	b.RunParallel(func(pb *testing.PB) {
		rng := rand.New(rand.NewPCG(uint64(next.Add(1)), 1))
		for pb.Next() {
			i := rng.IntN(len(tokens))
			score := skill(i) * int64(60+rng.IntN(41)) / 100
			req := httptest.NewRequest(http.MethodPost, "/api/v1/leaderboards/bench/scores",
				strings.NewReader(fmt.Sprintf(`{"score":%d}`, score)))
			req.Header.Set("Authorization", "Bearer "+tokens[i])
			req.Header.Set("Content-Type", "application/json")
			w := httptest.NewRecorder()
			h.ServeHTTP(w, req)
			if w.Code != http.StatusOK {
				b.Errorf("status %d: %s", w.Code, w.Body)
				return
			}
			if strings.Contains(w.Body.String(), `"improved":true`) {
				improved.Add(1)
			}
		}
	})
	cpu.report(b)
	b.ReportMetric(float64(improved.Load())*100/float64(b.N), "improved-%")
}
