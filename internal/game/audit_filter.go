package game

import (
	"context"
	"strings"
	"time"
)

// AuditAction is an action code of the audit log with its name for people.
type AuditAction struct {
	Code string
	Name string
}

// AuditActions lists every action the audit log records, in the order the
// admin page offers them.
var AuditActions = []AuditAction{
	{"ban", "Banned player"},
	{"unban", "Lifted ban"},
	{"rename", "Renamed player"},
	{"end_sessions", "Ended sessions"},
	{"delete", "Deleted player"},
	{"reset_scores", "Reset player's scores"},
	{"board_create", "Created board"},
	{"board_rename", "Renamed board"},
	{"board_reset", "Reset board"},
	{"board_remove_record", "Removed board record"},
	{"match_cancel", "Cancelled match"},
}

// AuditActionName names an action code for people; unknown codes read as
// themselves.
func AuditActionName(code string) string {
	for _, a := range AuditActions {
		if a.Code == code {
			return a.Name
		}
	}
	return code
}

// AuditFilter narrows the audit log. Empty fields match everything; Actor
// and Target match a name (ignoring case) or an exact id.
type AuditFilter struct {
	Action string
	Actor  string
	Target string
}

// IsZero reports whether the filter matches every entry.
func (f AuditFilter) IsZero() bool { return f == AuditFilter{} }

// Validate checks the filter's fields.
func (f AuditFilter) Validate() error {
	if f.Action != "" && AuditActionName(f.Action) == f.Action {
		codes := make([]string, len(AuditActions))
		for i, a := range AuditActions {
			codes[i] = a.Code
		}
		return Invalidf("action must be one of %s", strings.Join(codes, ", "))
	}
	if len(f.Actor) > 64 || len(f.Target) > 64 {
		return Invalidf("actor and target are at most 64 characters")
	}
	return nil
}

// Match reports whether the entry passes the filter.
func (f AuditFilter) Match(e AuditEntry) bool {
	who := func(q, id, name string) bool {
		q = strings.TrimSpace(q)
		return q == "" || q == id || strings.EqualFold(q, name)
	}
	return (f.Action == "" || f.Action == e.Action) && who(f.Actor, e.ActorID, e.Actor) && who(f.Target, e.TargetID, e.Target)
}

// auditChunk is how many entries a filtered read takes from the stream
// per round trip (List's largest page). The stream is capped (AuditMaxLen), so a filtered read
// walks at most that many entries.
const auditChunk = 200

// ListFiltered is List narrowed by a filter: up to limit matching entries
// older than before, newest first, and the id to pass for the next page.
func (a *Audit) ListFiltered(ctx context.Context, f AuditFilter, before string, limit int) ([]AuditEntry, string, error) {
	if err := f.Validate(); err != nil {
		return nil, "", err
	}
	if f.IsZero() {
		return a.List(ctx, before, limit)
	}
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	var out []AuditEntry
	err := a.walk(ctx, before, func(e AuditEntry) bool {
		if f.Match(e) {
			out = append(out, e)
		}
		return len(out) <= limit
	})
	if err != nil {
		return nil, "", err
	}
	next := ""
	if len(out) > limit {
		out = out[:limit]
		next = out[limit-1].ID
	}
	return out, next, nil
}

// Each calls fn with every entry passing the filter, newest first, until
// fn returns false; for exports.
func (a *Audit) Each(ctx context.Context, f AuditFilter, fn func(AuditEntry) bool) error {
	if err := f.Validate(); err != nil {
		return err
	}
	return a.walk(ctx, "", func(e AuditEntry) bool {
		if f.Match(e) {
			return fn(e)
		}
		return true
	})
}

// walk reads the stream newest first from before, chunk by chunk, until
// fn returns false or the stream ends.
func (a *Audit) walk(ctx context.Context, before string, fn func(AuditEntry) bool) error {
	cursor := before
	for {
		page, next, err := a.List(ctx, cursor, auditChunk)
		if err != nil {
			return err
		}
		for _, e := range page {
			if !fn(e) {
				return nil
			}
		}
		if next == "" {
			return nil
		}
		cursor = next
	}
}

// AuditTime formats an entry time for exports: RFC 3339 in UTC with
// milliseconds.
func AuditTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z07:00") }
