package game

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"strconv"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/ladder/ladder/internal/game/event"
	"github.com/ladder/ladder/internal/redisx"
)

// Kinds of events counted per minute for the dashboard.
const (
	StatSubmissions = "submissions" // scores accepted
	StatRejections  = "rejections"  // scores refused by the rate limiter
)

// Stats timing: every instance reports its sockets every StatsInterval and
// one instance publishes the figures that often; an instance report older
// than statsInstanceTTL is a stopped instance; StatsHistory of minutes is
// kept.
const (
	StatsInterval    = 2 * time.Second
	StatsHistory     = 60
	statsInstanceTTL = 10 * time.Second
	statsKeep        = 2 * time.Hour
)

// StatsFigures are the dashboard's current figures, cluster-wide.
type StatsFigures struct {
	At            time.Time `json:"at"`
	PlayersOnline int64     `json:"players_online"`
	PlayersTotal  int64     `json:"players_total"`
	Instances     int       `json:"instances"`
	Sockets       int64     `json:"sockets"`
	Subscriptions int64     `json:"subscriptions"`
	QueueLength   int64     `json:"queue_length"`
	MatchesLive   int64     `json:"matches_live"`
	// SubmissionsPerMin and RejectionsPerMin cover the last 60 seconds: the
	// current minute plus the previous minute's share of the window.
	SubmissionsPerMin int64   `json:"submissions_per_min"`
	RejectionsPerMin  int64   `json:"rejections_per_min"`
	WaitP50Ms         int64   `json:"wait_p50_ms"`
	WaitP95Ms         int64   `json:"wait_p95_ms"`
	GapP50            float64 `json:"gap_p50"`
	GapP95            float64 `json:"gap_p95"`
}

// StatsPoint is one minute of the dashboard's history. Counters are exact;
// gauges are the figures sampled during that minute (Sampled false: none).
type StatsPoint struct {
	Minute        time.Time `json:"minute"`
	Submissions   int64     `json:"submissions"`
	Rejections    int64     `json:"rejections"`
	Sampled       bool      `json:"sampled"`
	PlayersOnline int64     `json:"players_online"`
	Sockets       int64     `json:"sockets"`
	QueueLength   int64     `json:"queue_length"`
	MatchesLive   int64     `json:"matches_live"`
	WaitP95Ms     int64     `json:"wait_p95_ms"`
	GapP95        float64   `json:"gap_p95"`
}

// LocalSockets reports this instance's open sockets and subscriptions.
type LocalSockets func() (sockets, subscriptions int)

// Stats gathers the dashboard's figures from every part of the product and
// keeps an hour of them in Redis, so every instance shows the same numbers.
type Stats struct {
	d        Deps
	presence *Presence
	mm       *Matchmaker
	matches  *Matches
	instance string
	local    LocalSockets

	pendingMu sync.Mutex
	pending   map[pendingCount]int64 // counted, not yet in Redis
}

// NewStats returns the stats service for the instance named instance; mm,
// matches and local may be nil (their figures read zero).
func NewStats(d Deps, instance string, presence *Presence, mm *Matchmaker, matches *Matches, local LocalSockets) *Stats {
	return &Stats{d: d.withDefaults(), presence: presence, mm: mm, matches: matches, instance: instance, local: local}
}

func unixMinute(t time.Time) int64 { return t.Unix() / 60 }

// Count adds one event of kind to the current minute. It only counts in
// memory: the hot path (every score submission) makes no Redis call for it,
// and the instance adds its counts to the shared per-minute counters every
// countFlushInterval (Run), so the dashboard lags by at most that much.
func (s *Stats) Count(_ context.Context, kind string) {
	s.addPending(pendingCount{kind: kind, minute: unixMinute(s.d.Now())}, 1)
}

// addPending adds n to a count waiting for the next flush.
func (s *Stats) addPending(k pendingCount, n int64) {
	s.pendingMu.Lock()
	defer s.pendingMu.Unlock()
	if s.pending == nil {
		s.pending = map[pendingCount]int64{}
	}
	s.pending[k] += n
}

// countFlushInterval is how often an instance adds its counts to Redis.
const countFlushInterval = 250 * time.Millisecond

// pendingCount is one counter not yet added to Redis.
type pendingCount struct {
	kind   string
	minute int64
}

// Flush adds the counts made since the last flush to the shared counters,
// in one round trip. Counts that could not be written are kept for the
// next flush, so a Redis hiccup loses none.
func (s *Stats) Flush(ctx context.Context) error {
	s.pendingMu.Lock()
	batch := s.pending
	s.pending = nil
	s.pendingMu.Unlock()
	if len(batch) == 0 {
		return nil
	}
	_, err := s.d.Redis.Pipelined(ctx, func(p redis.Pipeliner) error {
		for k, n := range batch {
			key := s.d.Keys.StatsCounter(k.kind, k.minute)
			p.IncrBy(ctx, key, n)
			p.Expire(ctx, key, statsKeep)
		}
		return nil
	})
	if err != nil {
		// Put them back; INCRBY may have landed for some, but a retry
		// over-counting a dashboard figure beats dropping it.
		for k, n := range batch {
			s.addPending(k, n)
		}
		return fmt.Errorf("stats: flush counts: %w", err)
	}
	return nil
}

// flushCounts flushes the counts every countFlushInterval until ctx ends,
// then once more.
func (s *Stats) flushCounts(ctx context.Context) {
	t := time.NewTicker(countFlushInterval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			last, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*time.Second)
			defer cancel()
			if err := s.Flush(last); err != nil {
				s.d.Log.Warn("stats: last count flush", slog.Any("error", err))
			}
			return
		case <-t.C:
			if err := s.Flush(ctx); err != nil && ctx.Err() == nil {
				s.d.Log.Warn("stats: count flush", slog.Any("error", err))
			}
		}
	}
}

type instanceReport struct {
	Sockets       int   `json:"sockets"`
	Subscriptions int   `json:"subscriptions"`
	At            int64 `json:"at"` // unix ms
}

// Report writes this instance's socket figures for the others to add up.
func (s *Stats) Report(ctx context.Context) error {
	if s.local == nil {
		return nil
	}
	socks, subs := s.local()
	b, _ := json.Marshal(instanceReport{Sockets: socks, Subscriptions: subs, At: s.d.Now().UnixMilli()})
	key := s.d.Keys.StatsInstances()
	_, err := s.d.Redis.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.HSet(ctx, key, s.instance, b)
		p.Expire(ctx, key, 3*statsInstanceTTL)
		return nil
	})
	if err != nil {
		return fmt.Errorf("stats report: %w", err)
	}
	return nil
}

// sockets adds up the fresh instance reports and drops the stale ones.
func (s *Stats) sockets(ctx context.Context, f *StatsFigures) error {
	key := s.d.Keys.StatsInstances()
	all, err := s.d.Redis.HGetAll(ctx, key).Result()
	if err != nil {
		return fmt.Errorf("stats instances: %w", err)
	}
	cutoff := s.d.Now().Add(-statsInstanceTTL).UnixMilli()
	var stale []string
	for id, raw := range all {
		var r instanceReport
		if json.Unmarshal([]byte(raw), &r) != nil || r.At < cutoff {
			stale = append(stale, id)
			continue
		}
		f.Instances++
		f.Sockets += int64(r.Sockets)
		f.Subscriptions += int64(r.Subscriptions)
	}
	if len(stale) > 0 {
		s.d.Redis.HDel(ctx, key, stale...)
	}
	return nil
}

// Current reads the figures now.
func (s *Stats) Current(ctx context.Context) (*StatsFigures, error) {
	now := s.d.Now()
	f := &StatsFigures{At: now.UTC()}
	var err error
	if f.PlayersTotal, err = s.d.Redis.SCard(ctx, s.d.Keys.Players()).Result(); err != nil {
		return nil, fmt.Errorf("stats players: %w", err)
	}
	if s.presence != nil {
		if f.PlayersOnline, err = s.presence.CountOnline(ctx); err != nil {
			return nil, err
		}
	}
	if err := s.sockets(ctx, f); err != nil {
		return nil, err
	}
	if s.mm != nil {
		for _, mode := range MatchmakingModes {
			n, err := s.mm.QueueLength(ctx, mode)
			if err != nil {
				return nil, err
			}
			f.QueueLength += n
		}
		q, err := s.mm.Quality(ctx, ModeConnect4)
		if err != nil {
			return nil, err
		}
		f.WaitP50Ms, f.WaitP95Ms, f.GapP50, f.GapP95 = q.WaitP50Ms, q.WaitP95Ms, q.GapP50, q.GapP95
	}
	if s.matches != nil {
		if f.MatchesLive, err = s.matches.LiveCount(ctx); err != nil {
			return nil, err
		}
	}
	m := unixMinute(now)
	k := s.d.Keys
	var cmds [4]*redis.StringCmd
	_, err = s.d.Redis.Pipelined(ctx, func(p redis.Pipeliner) error {
		cmds[0] = p.Get(ctx, k.StatsCounter(StatSubmissions, m))
		cmds[1] = p.Get(ctx, k.StatsCounter(StatSubmissions, m-1))
		cmds[2] = p.Get(ctx, k.StatsCounter(StatRejections, m))
		cmds[3] = p.Get(ctx, k.StatsCounter(StatRejections, m-1))
		return nil
	})
	if err != nil && err != redis.Nil {
		return nil, fmt.Errorf("stats counters: %w", err)
	}
	// The previous minute counts for the part of it still inside the last
	// 60 seconds.
	share := 1 - float64(now.Unix()%60)/60
	n := func(c *redis.StringCmd) float64 { v, _ := c.Int64(); return float64(v) }
	f.SubmissionsPerMin = int64(math.Round(n(cmds[0]) + share*n(cmds[1])))
	f.RejectionsPerMin = int64(math.Round(n(cmds[2]) + share*n(cmds[3])))
	return f, nil
}

// History reads the last StatsHistory minutes, oldest first, the current
// (partial) minute last, in one pipeline.
func (s *Stats) History(ctx context.Context) ([]StatsPoint, error) {
	end := unixMinute(s.d.Now())
	k := s.d.Keys
	type row struct {
		sub, rej *redis.StringCmd
		gauges   *redis.MapStringStringCmd
	}
	rows := make([]row, StatsHistory)
	_, err := s.d.Redis.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i := range rows {
			m := end - StatsHistory + 1 + int64(i)
			rows[i] = row{p.Get(ctx, k.StatsCounter(StatSubmissions, m)), p.Get(ctx, k.StatsCounter(StatRejections, m)),
				p.HGetAll(ctx, k.StatsGauges(m))}
		}
		return nil
	})
	if err != nil && err != redis.Nil {
		return nil, fmt.Errorf("stats history: %w", err)
	}
	out := make([]StatsPoint, StatsHistory)
	for i, r := range rows {
		m := end - StatsHistory + 1 + int64(i)
		pt := StatsPoint{Minute: time.Unix(m*60, 0).UTC()}
		pt.Submissions, _ = r.sub.Int64()
		pt.Rejections, _ = r.rej.Int64()
		if g := r.gauges.Val(); len(g) > 0 {
			pt.Sampled = true
			i64 := func(f string) int64 { v, _ := strconv.ParseInt(g[f], 10, 64); return v }
			pt.PlayersOnline, pt.Sockets, pt.QueueLength = i64("players_online"), i64("sockets"), i64("queue_length")
			pt.MatchesLive, pt.WaitP95Ms = i64("matches_live"), i64("wait_p95_ms")
			pt.GapP95, _ = strconv.ParseFloat(g["gap_p95"], 64)
		}
		out[i] = pt
	}
	return out, nil
}

// sample stores the gauges of the current minute, once per minute across
// all instances: whoever claims the minute first writes it.
func (s *Stats) sample(ctx context.Context, f *StatsFigures) error {
	m := unixMinute(f.At)
	ok, err := s.d.Redis.SetNX(ctx, s.d.Keys.StatsSampled(m), s.instance, 2*time.Minute).Result()
	if err != nil || !ok {
		return err
	}
	key := s.d.Keys.StatsGauges(m)
	_, err = s.d.Redis.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.HSet(ctx, key, "players_online", f.PlayersOnline, "sockets", f.Sockets, "queue_length", f.QueueLength,
			"matches_live", f.MatchesLive, "wait_p95_ms", f.WaitP95Ms, "gap_p95", fmtFloat(f.GapP95))
		p.Expire(ctx, key, statsKeep)
		return nil
	})
	return err
}

// Message is the "stats" topic message for figures f.
func (f *StatsFigures) Message() event.Stats {
	return event.Stats{
		At: f.At, GapP50: f.GapP50, GapP95: f.GapP95, Instances: f.Instances, MatchesLive: f.MatchesLive,
		PlayersOnline: f.PlayersOnline, PlayersTotal: f.PlayersTotal, QueueLength: f.QueueLength,
		RejectionsPerMin: f.RejectionsPerMin, Sockets: f.Sockets, SubmissionsPerMin: f.SubmissionsPerMin,
		Subscriptions: f.Subscriptions, Topic: event.StatsTopic, Type: event.TypeStats,
		WaitP50Ms: f.WaitP50Ms, WaitP95Ms: f.WaitP95Ms,
	}
}

// Run reports this instance's sockets every StatsInterval and, on the one
// instance holding the publisher lock, samples the minute's gauges and
// publishes the figures on the "stats" topic. It returns when ctx ends.
func (s *Stats) Run(ctx context.Context) {
	flushed := make(chan struct{})
	go func() { defer close(flushed); s.flushCounts(ctx) }()
	defer func() { <-flushed }()
	t := time.NewTicker(StatsInterval)
	defer t.Stop()
	var lock *redisx.Lock
	defer func() {
		if lock != nil {
			_ = lock.Release(context.WithoutCancel(ctx))
		}
	}()
	for {
		if err := s.tick(ctx, &lock); err != nil && ctx.Err() == nil {
			s.d.Log.Warn("stats: tick", slog.Any("error", err))
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func (s *Stats) tick(ctx context.Context, lock **redisx.Lock) error {
	if err := s.Report(ctx); err != nil {
		return err
	}
	ttl := 3 * StatsInterval
	if *lock != nil {
		if err := (*lock).Extend(ctx, ttl); err != nil {
			*lock = nil
		}
	}
	if *lock == nil {
		l, err := redisx.AcquireLock(ctx, s.d.Redis, s.d.Keys.StatsPublisherLock(), ttl)
		if errors.Is(err, redisx.ErrLockHeld) {
			return nil
		}
		if err != nil {
			return err
		}
		*lock = l
	}
	f, err := s.Current(ctx)
	if err != nil {
		return err
	}
	if err := s.sample(ctx, f); err != nil {
		return fmt.Errorf("stats sample: %w", err)
	}
	s.d.Events.Publish(ctx, event.StatsTopic, f.Message())
	return nil
}
