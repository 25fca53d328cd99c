package game

import (
	"context"
	"strings"
)

// MatchAdmin carries out admin actions on matches, each recorded in the
// audit log.
type MatchAdmin struct {
	d       Deps
	matches *Matches
	audit   *Audit
}

// NewMatchAdmin returns the service.
func NewMatchAdmin(d Deps, matches *Matches, audit *Audit) *MatchAdmin {
	return &MatchAdmin{d: d.withDefaults(), matches: matches, audit: audit}
}

// Cancel ends a live match without a result: no rating change, both
// players told with match.ended (audit match_cancel). It answers the final
// state.
func (a *MatchAdmin) Cancel(ctx context.Context, actor Actor, matchID, reason string) (*MatchView, error) {
	reason = strings.TrimSpace(reason)
	if len([]rune(reason)) > 200 {
		return nil, Invalidf("reason must be at most 200 characters")
	}
	m, err := a.matches.Cancel(ctx, matchID, reason)
	if err != nil {
		return nil, err
	}
	v, err := a.matches.View(ctx, m)
	if err != nil {
		return nil, err
	}
	target := v.PlayerInfo[0].DisplayName + " vs " + v.PlayerInfo[1].DisplayName
	err = a.audit.Record(ctx, AuditEntry{ActorID: actor.ID, Actor: actor.Name, Action: "match_cancel",
		TargetID: m.ID, Target: target, Reason: reason})
	if err != nil {
		a.d.Log.Error("audit record failed", "action", "match_cancel", "error", err)
	}
	return v, nil
}
