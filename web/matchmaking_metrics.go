package web

import (
	"context"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/ladder/ladder/internal/game"
)

// matchmakingCollector reads matchmaking figures from Redis at scrape time,
// so every instance reports the same cluster-wide numbers.
type matchmakingCollector struct {
	mm      *game.Matchmaker
	matches *game.Matches
	queue   *prometheus.Desc
	live    *prometheus.Desc
	wait    *prometheus.Desc
	gap     *prometheus.Desc
}

func newMatchmakingCollector(mm *game.Matchmaker, matches *game.Matches) *matchmakingCollector {
	return &matchmakingCollector{
		mm: mm, matches: matches,
		queue: prometheus.NewDesc("ladder_matchmaking_queue_length", "Tickets waiting, per mode.", []string{"mode"}, nil),
		live:  prometheus.NewDesc("ladder_matches_live", "Matches in play.", nil, nil),
		wait: prometheus.NewDesc("ladder_matchmaking_wait_seconds", "Wait of recent matched tickets, by quantile.",
			[]string{"mode", "quantile"}, nil),
		gap: prometheus.NewDesc("ladder_matchmaking_rating_gap", "Rating gap of recent matches, by quantile.",
			[]string{"mode", "quantile"}, nil),
	}
}

func (mc *matchmakingCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- mc.queue
	ch <- mc.live
	ch <- mc.wait
	ch <- mc.gap
}

func (mc *matchmakingCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	if n, err := mc.matches.LiveCount(ctx); err == nil {
		ch <- prometheus.MustNewConstMetric(mc.live, prometheus.GaugeValue, float64(n))
	}
	for _, mode := range game.MatchmakingModes {
		if n, err := mc.mm.QueueLength(ctx, mode); err == nil {
			ch <- prometheus.MustNewConstMetric(mc.queue, prometheus.GaugeValue, float64(n), mode)
		}
		q, err := mc.mm.Quality(ctx, mode)
		if err != nil || q.Samples == 0 {
			continue
		}
		ch <- prometheus.MustNewConstMetric(mc.wait, prometheus.GaugeValue, float64(q.WaitP50Ms)/1000, mode, "0.5")
		ch <- prometheus.MustNewConstMetric(mc.wait, prometheus.GaugeValue, float64(q.WaitP95Ms)/1000, mode, "0.95")
		ch <- prometheus.MustNewConstMetric(mc.gap, prometheus.GaugeValue, q.GapP50, mode, "0.5")
		ch <- prometheus.MustNewConstMetric(mc.gap, prometheus.GaugeValue, q.GapP95, mode, "0.95")
	}
}
