package web

import (
	"context"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/ladder/ladder/internal/game"
	"github.com/ladder/ladder/templates"
)

// StatsSource is what the dashboard and the score counters need of
// game.Stats.
type StatsSource interface {
	// Count adds one event of kind to this minute's cluster-wide counter.
	Count(ctx context.Context, kind string)
	// Current gives the figures right now.
	Current(ctx context.Context) (*game.StatsFigures, error)
	// History gives the last minutes' samples, oldest first.
	History(ctx context.Context) ([]game.StatsPoint, error)
}

// scoreMetrics count score submissions on this instance by outcome.
type scoreMetrics struct {
	submissions *prometheus.CounterVec
}

func newScoreMetrics(reg *prometheus.Registry) *scoreMetrics {
	m := &scoreMetrics{submissions: prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "ladder_score_submissions_total",
		Help: "Score submissions by result: accepted, rate_limited or refused (bad input, banned...).",
	}, []string{"result"})}
	reg.MustRegister(m.submissions)
	return m
}

// countScore records a submission's outcome in Prometheus and in the
// cluster-wide per-minute counters the dashboard reads.
func (s *Server) countScore(c echo.Context, err error) {
	kind, result := "", "refused"
	switch {
	case err == nil:
		kind, result = game.StatSubmissions, "accepted"
	case game.ErrorCode(err) == game.CodeRateLimited:
		kind, result = game.StatRejections, "rate_limited"
	}
	s.scores.submissions.WithLabelValues(result).Inc()
	if s.stats != nil && kind != "" {
		s.stats.Count(context.WithoutCancel(c.Request().Context()), kind)
	}
}

// adminStats is the answer of GET /api/v1/admin/stats.
type adminStats struct {
	*game.StatsFigures
	History []game.StatsPoint `json:"history"`
}

func (s *Server) loadAdminStats(c echo.Context) (*adminStats, error) {
	if s.stats == nil {
		return nil, game.Errorf(game.CodeUnavailable, "statistics are not available")
	}
	ctx := c.Request().Context()
	f, err := s.stats.Current(ctx)
	if err != nil {
		return nil, err
	}
	h, err := s.stats.History(ctx)
	if err != nil {
		return nil, err
	}
	if n := len(h); n > 0 {
		// The current minute's gauges are the figures right now.
		last := &h[n-1]
		last.Sampled = true
		last.PlayersOnline, last.Sockets, last.QueueLength = f.PlayersOnline, f.Sockets, f.QueueLength
		last.MatchesLive, last.WaitP95Ms, last.GapP95 = f.MatchesLive, f.WaitP95Ms, f.GapP95
	}
	return &adminStats{StatsFigures: f, History: h}, nil
}

func (s *Server) apiAdminStats(c echo.Context) error {
	st, err := s.loadAdminStats(c)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, st)
}

// dashboardStats lays out the dashboard's figures, the four that say
// whether the site is healthy first (shown larger); keys are the stats
// message's fields, so admin.js updates them live.
func dashboardStats(f *game.StatsFigures) []templates.AdminStat {
	i := func(n int64) string { return templates.Thousands(n) }
	ms := func(n int64) string { return strconv.FormatFloat(float64(n)/1000, 'f', 1, 64) + " s" }
	fl := func(x float64) string { return templates.Thousands(int64(x + 0.5)) }
	return []templates.AdminStat{
		{Key: "players_online", Label: "Players online", Value: i(f.PlayersOnline), Format: "int", Hint: "with a socket open in the last 30 s", Primary: true},
		{Key: "matches_live", Label: "Matches in play", Value: i(f.MatchesLive), Format: "int", Hint: "ranked Connect Four", Primary: true},
		{Key: "queue_length", Label: "Queue length", Value: i(f.QueueLength), Format: "int", Hint: "tickets waiting for a match", Primary: true},
		{Key: "submissions_per_min", Label: "Scores / min", Value: i(f.SubmissionsPerMin), Format: "int", Hint: "accepted, last 60 s", Primary: true},
		{Key: "rejections_per_min", Label: "Rejected / min", Value: i(f.RejectionsPerMin), Format: "int", Hint: "rate-limited, last 60 s"},
		{Key: "wait_p50_ms", Label: "Wait p50", Value: ms(f.WaitP50Ms), Format: "ms", Hint: "time to a match"},
		{Key: "wait_p95_ms", Label: "Wait p95", Value: ms(f.WaitP95Ms), Format: "ms", Hint: "time to a match"},
		{Key: "gap_p50", Label: "Rating gap p50", Value: fl(f.GapP50), Format: "float", Hint: "between opponents"},
		{Key: "gap_p95", Label: "Rating gap p95", Value: fl(f.GapP95), Format: "float", Hint: "between opponents"},
		{Key: "players_total", Label: "Players", Value: i(f.PlayersTotal), Format: "int", Hint: "accounts, guests included"},
		{Key: "sockets", Label: "Open sockets", Value: i(f.Sockets), Format: "int", Hint: "across every instance"},
		{Key: "subscriptions", Label: "Subscriptions", Value: i(f.Subscriptions), Format: "int", Hint: "live topics watched"},
	}
}
