package game

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/redis/go-redis/v9"

	"github.com/ladder/ladder/internal/redistest"
)

// fillQueue writes n players and their fresh tickets straight into Redis.
func fillQueue(b *testing.B, e *mmEnv, rng *rand.Rand, n int) []ticket {
	ctx := context.Background()
	ts := make([]ticket, n)
	_, err := e.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i := range ts {
			id := uuid.NewString()
			r := min(max(1500+rng.NormFloat64()*300, 100), 3000)
			rd := 50 + rng.Float64()*300
			ts[i] = ticket{ID: uuid.NewString(), Player: id, Rating: r, RD: rd, Created: e.clock.Now()}
			p.HSet(ctx, e.d.Keys.Player(id), fID, id, fDisplayName, "p", "connect4:rating", fmtFloat(r), "connect4:rd", fmtFloat(rd))
			p.HSet(ctx, e.d.Keys.MMTickets(ModeConnect4), ts[i].ID, ts[i].record())
			p.HSet(ctx, e.d.Keys.MMSeen(ModeConnect4), ts[i].ID, msString(ts[i].Created))
			p.Set(ctx, e.d.Keys.MMPlayerTicket(ModeConnect4, id), ts[i].ID, 0)
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return ts
}

// BenchmarkMatcherTick10000 times one matcher tick over 10,000 waiting
// tickets against a real Redis: snapshot, pairing, atomic claims and match
// creation. It reports tickets paired per second and the rating gaps
// achieved next to the best possible pairing of the same tickets (sorted
// neighbours (1,2), (3,4), ...).
func BenchmarkMatcherTick10000(b *testing.B) {
	const n = 10000
	srv := redistest.Start(b)
	rdb := srv.Client(b)
	rng := rand.New(rand.NewPCG(1, 2))
	var paired, waited int
	var elapsed time.Duration
	var gaps, best []float64
	for b.Loop() {
		b.StopTimer()
		e := newMMEnv(b, rdb)
		e.clock.Advance(-20 * time.Second)
		ts := fillQueue(b, e, rng, n)
		e.clock.Advance(20 * time.Second) // everyone has waited 20 s
		b.StartTimer()
		start := time.Now()
		res, err := e.mm.Tick(context.Background(), ModeConnect4)
		elapsed += time.Since(start)
		if err != nil {
			b.Fatal(err)
		}
		paired += 2 * res.Matched
		waited += res.Waiting
		b.StopTimer()
		// Gaps of every match of this tick (the quality list keeps only 500).
		ids, _ := rdb.ZRange(context.Background(), e.d.Keys.MatchesLive(), 0, -1).Result()
		for _, id := range ids {
			m, err := e.ms.Get(context.Background(), id)
			if err != nil {
				b.Fatal(err)
			}
			gaps = append(gaps, math.Abs(m.Pre[0].Rating-m.Pre[1].Rating))
		}
		rs := make([]float64, len(ts))
		for i, t := range ts {
			rs[i] = t.Rating
		}
		slices.Sort(rs)
		for i := 0; i+1 < len(rs); i += 2 {
			best = append(best, rs[i+1]-rs[i])
		}
		rdb.FlushAll(context.Background())
		b.StartTimer()
	}
	slices.SortFunc(gaps, cmp.Compare)
	slices.Sort(best)
	b.ReportMetric(float64(paired)/elapsed.Seconds(), "tickets/s")
	b.ReportMetric(float64(paired)/float64(waited)*100, "%paired")
	b.ReportMetric(percentile(gaps, 50), "gap-p50")
	b.ReportMetric(percentile(gaps, 95), "gap-p95")
	b.ReportMetric(percentile(best, 50), "best-p50")
	b.ReportMetric(percentile(best, 95), "best-p95")
	if testing.Verbose() {
		fmt.Printf("tick over %d tickets: %.1f ms\n", n, float64(elapsed.Milliseconds())/float64(b.N))
	}
}
