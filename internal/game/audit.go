package game

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
)

// AuditMaxLen caps the audit stream; older entries are trimmed.
const AuditMaxLen = 10000

// AuditKey is the Redis stream of admin actions.
func (k Keys) AuditKey() string { return k.ks.Key("audit") }

// AuditEntry is one recorded admin action.
type AuditEntry struct {
	ID       string    `json:"id"`
	At       time.Time `json:"at"`
	ActorID  string    `json:"actor_id"`
	Actor    string    `json:"actor"`
	Action   string    `json:"action"`
	TargetID string    `json:"target_id"`
	Target   string    `json:"target"`
	Reason   string    `json:"reason"`
	// Duration is how long a temporary ban lasts (a Go duration).
	Duration string `json:"duration,omitempty"`
}

// Audit records admin actions in a capped Redis stream.
type Audit struct{ d Deps }

// NewAudit returns the audit log.
func NewAudit(d Deps) *Audit { return &Audit{d: d.withDefaults()} }

// Record appends an entry; the stream id gives the time.
func (a *Audit) Record(ctx context.Context, e AuditEntry) error {
	err := a.d.Redis.XAdd(ctx, &redis.XAddArgs{
		Stream: a.d.Keys.AuditKey(),
		MaxLen: AuditMaxLen,
		Approx: true,
		Values: map[string]any{
			"actor_id": e.ActorID, "actor": e.Actor, "action": e.Action,
			"target_id": e.TargetID, "target": e.Target, "reason": e.Reason,
			"duration": e.Duration,
		},
	}).Err()
	if err != nil {
		return fmt.Errorf("audit %s: %w", e.Action, err)
	}
	return nil
}

// List returns up to limit entries, newest first, older than the entry id
// before (empty for the newest), and the id to pass for the next page ("" at
// the end).
func (a *Audit) List(ctx context.Context, before string, limit int) ([]AuditEntry, string, error) {
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	end := "+"
	if before != "" {
		if !validStreamID(before) {
			return nil, "", Invalidf("before must be an audit entry id like 1700000000000-0")
		}
		end = "(" + before
	}
	msgs, err := a.d.Redis.XRevRangeN(ctx, a.d.Keys.AuditKey(), end, "-", int64(limit)+1).Result()
	if err != nil {
		return nil, "", fmt.Errorf("audit list: %w", err)
	}
	next := ""
	if len(msgs) > limit {
		msgs = msgs[:limit]
		next = msgs[limit-1].ID
	}
	out := make([]AuditEntry, 0, len(msgs))
	for _, m := range msgs {
		ms, _ := strconv.ParseInt(m.ID[:strings.IndexByte(m.ID, '-')], 10, 64)
		str := func(k string) string { s, _ := m.Values[k].(string); return s }
		out = append(out, AuditEntry{ID: m.ID, At: time.UnixMilli(ms).UTC(), ActorID: str("actor_id"),
			Actor: str("actor"), Action: str("action"), TargetID: str("target_id"), Target: str("target"),
			Reason: str("reason"), Duration: str("duration")})
	}
	return out, next, nil
}

func validStreamID(id string) bool {
	ms, seq, ok := strings.Cut(id, "-")
	if !ok {
		return false
	}
	_, err1 := strconv.ParseUint(ms, 10, 64)
	_, err2 := strconv.ParseUint(seq, 10, 64)
	return err1 == nil && err2 == nil
}
