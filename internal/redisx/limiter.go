package redisx

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
)

// slidingWindow is an exact sliding-window log. Each admitted call is one
// member of a sorted set scored by its time in microseconds, read from the
// server's clock so that every app instance agrees. Entries older than the
// window are dropped first; a call is admitted only while fewer than limit
// remain, and a refused call is not recorded, so it does not use up the
// allowance. The window is half-open: an entry made at t stops counting at
// exactly t+window.
var slidingWindow = redis.NewScript(mustLua("lib_window.lua", "sliding_window.lua"))

// windowPeek and windowRecord split slidingWindow in two for callers that
// count only some outcomes: Peek asks whether the log has room without
// recording anything, Record adds an entry whatever the count. Logins use
// them so that only failures are counted and a success never takes a slot.
var windowPeek = redis.NewScript(mustLua("lib_window.lua", "window_peek.lua"))

// windowRecord adds an entry to a log whatever its count.
var windowRecord = redis.NewScript(mustLua("lib_window.lua", "window_record.lua"))

// WindowLib is the Lua of the sliding-window helpers (trimmed, record,
// retryAfter), for scripts of other packages that take a limiter slot in
// the same step as their own work.
func WindowLib() string { return mustLua("lib_window.lua") }

// EntryID makes a log entry unique among those of one microsecond.
func EntryID() string {
	var id [6]byte
	_, _ = rand.Read(id[:])
	return hex.EncodeToString(id[:])
}

// Limiter is a sliding-window rate limiter shared by every app instance.
type Limiter struct {
	rdb     redis.UniversalClient
	scripts redis.Scripter
	limit   int
	window  time.Duration
}

// NewLimiter returns a limiter admitting limit calls per window for each key.
func NewLimiter(rdb redis.UniversalClient, limit int, window time.Duration) *Limiter {
	return &Limiter{rdb: rdb, scripts: rdb, limit: limit, window: window}
}

// Through makes the limiter run its script through s (an auto-pipelining
// Scripter, see AutoPipeline); nil keeps the client.
func (l *Limiter) Through(s redis.Scripter) *Limiter {
	if s != nil {
		l.scripts = s
	}
	return l
}

// Decision is the outcome of one Allow call.
type Decision struct {
	Allowed    bool
	Remaining  int
	RetryAfter time.Duration // until a slot frees, when refused
	token      string
}

// RetryAfterSeconds is RetryAfter rounded up to whole seconds (at least 1),
// the form the Retry-After header takes.
func (d Decision) RetryAfterSeconds() int {
	s := int((d.RetryAfter + time.Second - 1) / time.Second)
	return max(s, 1)
}

// Allow records one call under key if the window has room for it.
func (l *Limiter) Allow(ctx context.Context, key string) (Decision, error) {
	res, err := slidingWindow.Run(ctx, l.scripts, []string{key},
		l.limit, l.window.Microseconds(), EntryID()).Slice()
	if err != nil {
		return Decision{}, fmt.Errorf("limiter %s: %w", key, err)
	}
	if len(res) != 4 {
		return Decision{}, fmt.Errorf("limiter %s: unexpected reply %v", key, res)
	}
	allowed, _ := res[0].(int64)
	remaining, _ := res[1].(int64)
	retry, _ := res[2].(int64)
	token, _ := res[3].(string)
	return Decision{
		Allowed:    allowed == 1,
		Remaining:  int(remaining),
		RetryAfter: time.Duration(retry) * time.Microsecond,
		token:      token,
	}, nil
}

// Peek reports whether one more call under key would be admitted, without
// recording it.
func (l *Limiter) Peek(ctx context.Context, key string) (Decision, error) {
	res, err := windowPeek.Run(ctx, l.scripts, []string{key}, l.limit, l.window.Microseconds()).Int64Slice()
	if err != nil {
		return Decision{}, fmt.Errorf("limiter %s: %w", key, err)
	}
	if len(res) != 3 {
		return Decision{}, fmt.Errorf("limiter %s: unexpected reply %v", key, res)
	}
	return Decision{Allowed: res[0] == 1, Remaining: int(res[1]),
		RetryAfter: time.Duration(res[2]) * time.Microsecond}, nil
}

// Record counts one call under key whether or not the window has room:
// with Peek it counts outcomes (failed logins) after the fact.
func (l *Limiter) Record(ctx context.Context, key string) error {
	if err := windowRecord.Run(ctx, l.scripts, []string{key}, l.window.Microseconds(), EntryID()).Err(); err != nil {
		return fmt.Errorf("limiter %s: %w", key, err)
	}
	return nil
}

// Undo gives back the slot an admitted call took, for callers that count
// only some outcomes (login counts failures, not successes).
func (l *Limiter) Undo(ctx context.Context, key string, d Decision) error {
	if !d.Allowed || d.token == "" {
		return nil
	}
	return l.rdb.ZRem(ctx, key, d.token).Err()
}

// Reset forgets every call recorded under key.
func (l *Limiter) Reset(ctx context.Context, key string) error {
	return l.rdb.Del(ctx, key).Err()
}
