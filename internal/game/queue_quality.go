package game

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
)

// statusEvery is how often waiting players get queue.status.
const statusEvery = 2 * time.Second

// defaultEstimate is the wait announced before any match has been made.
const defaultEstimate = 20 * time.Second

// QualityStats describes recent matches of a mode: how long players waited
// and how far apart in rating their opponents were.
type QualityStats struct {
	Mode      string  `json:"mode"`
	Samples   int     `json:"samples"` // matches measured (the last 500 at most)
	WaitP50Ms int64   `json:"wait_p50_ms"`
	WaitP95Ms int64   `json:"wait_p95_ms"`
	GapP50    float64 `json:"gap_p50"`
	GapP95    float64 `json:"gap_p95"`
}

// samples reads up to n recent (waits, gaps).
func (mm *Matchmaker) samples(ctx context.Context, mode string, n int64) (waits []int64, gaps []float64, err error) {
	raw, err := mm.d.Redis.LRange(ctx, mm.d.Keys.MMQuality(mode), 0, n-1).Result()
	if err != nil {
		return nil, nil, fmt.Errorf("matchmaking samples: %w", err)
	}
	for _, s := range raw {
		f := strings.Split(s, ",")
		if len(f) != 3 {
			continue
		}
		a, _ := strconv.ParseInt(f[0], 10, 64)
		b, _ := strconv.ParseInt(f[1], 10, 64)
		g, _ := strconv.ParseFloat(f[2], 64)
		waits = append(waits, a, b)
		gaps = append(gaps, math.Abs(g))
	}
	return waits, gaps, nil
}

// percentile returns the p-th percentile (nearest rank) of sorted xs.
func percentile[T int64 | float64](xs []T, p float64) T {
	if len(xs) == 0 {
		return 0
	}
	i := int(math.Ceil(p/100*float64(len(xs)))) - 1
	return xs[min(max(i, 0), len(xs)-1)]
}

// Quality reports wait and rating-gap percentiles of the last 500 matches.
func (mm *Matchmaker) Quality(ctx context.Context, mode string) (QualityStats, error) {
	waits, gaps, err := mm.samples(ctx, mode, 500)
	if err != nil {
		return QualityStats{}, err
	}
	slices.Sort(waits)
	slices.Sort(gaps)
	return QualityStats{
		Mode: mode, Samples: len(gaps),
		WaitP50Ms: percentile(waits, 50), WaitP95Ms: percentile(waits, 95),
		GapP50: percentile(gaps, 50), GapP95: percentile(gaps, 95),
	}, nil
}

// estimateBase is the median wait of the last 50 matches; a ticket's
// estimate is that minus what it has waited already.
func (mm *Matchmaker) estimateBase(ctx context.Context, mode string) (time.Duration, error) {
	waits, _, err := mm.samples(ctx, mode, 50)
	if err != nil {
		return 0, err
	}
	if len(waits) == 0 {
		return defaultEstimate, nil
	}
	slices.Sort(waits)
	return time.Duration(percentile(waits, 50)) * time.Millisecond, nil
}

// broadcastStatus sends queue.status to every ticket still waiting after
// this tick, at most every statusEvery across all instances.
func (mm *Matchmaker) broadcastStatus(ctx context.Context, mode string, ts []ticket, pairs [][2]int, now time.Time) error {
	if len(ts) == 2*len(pairs) {
		return nil // nobody left waiting
	}
	ok, err := mm.d.Redis.SetNX(ctx, mm.d.Keys.MMStatusAt(mode), "1", statusEvery-100*time.Millisecond).Result()
	if err != nil && err != redis.Nil {
		return fmt.Errorf("queue status: %w", err)
	}
	if !ok {
		return nil
	}
	paired := make([]bool, len(ts))
	for _, p := range pairs {
		paired[p[0]], paired[p[1]] = true, true
	}
	est, err := mm.estimateBase(ctx, mode)
	if err != nil {
		return err
	}
	for i, t := range ts {
		if paired[i] {
			continue
		}
		v := mm.waitingView(mode, t, now, est)
		mm.d.Events.Publish(ctx, PlayerTopic(t.Player), map[string]any{
			"type": "queue.status", "topic": PlayerTopic(t.Player), "mode": mode, "ticket_id": t.ID,
			"waited_ms": v.WaitedMs, "range": v.Range, "estimate_ms": v.EstimateMs,
		})
	}
	return nil
}
