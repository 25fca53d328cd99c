package game

import (
	"context"
	"log/slog"
	"strconv"
	"strings"
)

// BoardAdmin carries out admin actions on leaderboards and on a player's
// scores, each recorded in the audit log.
type BoardAdmin struct {
	d        Deps
	boards   *Boards
	accounts *Accounts
	audit    *Audit
}

// NewBoardAdmin returns the service.
func NewBoardAdmin(d Deps, boards *Boards, accounts *Accounts, audit *Audit) *BoardAdmin {
	return &BoardAdmin{d: d.withDefaults(), boards: boards, accounts: accounts, audit: audit}
}

func (a *BoardAdmin) record(ctx context.Context, actor Actor, action, targetID, target, reason string) {
	err := a.audit.Record(ctx, AuditEntry{ActorID: actor.ID, Actor: actor.Name, Action: action,
		TargetID: targetID, Target: target, Reason: reason})
	if err != nil {
		a.d.Log.Error("audit record failed", "action", action, slog.Any("error", err))
	}
}

// Create adds a board (audit board_create).
func (a *BoardAdmin) Create(ctx context.Context, actor Actor, def Leaderboard) (*Leaderboard, error) {
	b, err := a.boards.Create(ctx, def)
	if err != nil {
		return nil, err
	}
	a.record(ctx, actor, "board_create", b.ID, b.Title, b.Order+", "+b.Operator+", reset "+b.Reset)
	return b, nil
}

// Rename changes a board's title (audit board_rename).
func (a *BoardAdmin) Rename(ctx context.Context, actor Actor, id, title string) (*Leaderboard, error) {
	if strings.TrimSpace(title) == "" {
		return nil, Invalidf("title must be 1 to 60 characters")
	}
	old, err := a.boards.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	b, err := a.boards.UpdateTitle(ctx, id, strings.TrimSpace(title))
	if err != nil {
		return nil, err
	}
	a.record(ctx, actor, "board_rename", b.ID, b.Title, "was “"+old.Title+"”")
	return b, nil
}

// SetScoreLabel renames a board's score (audit board_score_label).
func (a *BoardAdmin) SetScoreLabel(ctx context.Context, actor Actor, id, label string) (*Leaderboard, error) {
	label, err := NormalizeScoreLabel(label)
	if err != nil {
		return nil, err
	}
	old, err := a.boards.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	b, err := a.boards.UpdateScoreLabel(ctx, id, label)
	if err != nil {
		return nil, err
	}
	a.record(ctx, actor, "board_score_label", b.ID, b.ScoreLabel, "was “"+old.ScoreLabel+"”")
	return b, nil
}

// Reset starts a board afresh; the old period stays readable as previous
// (audit board_reset).
func (a *BoardAdmin) Reset(ctx context.Context, actor Actor, id string) (*Leaderboard, error) {
	if err := a.boards.ResetBoard(ctx, id); err != nil {
		return nil, err
	}
	b, err := a.boards.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	a.record(ctx, actor, "board_reset", b.ID, b.Title, "")
	return b, nil
}

// RemoveRecord removes a player's entry from a board's current period
// (audit board_remove_record); not_found when there is none.
func (a *BoardAdmin) RemoveRecord(ctx context.Context, actor Actor, id, playerID string) error {
	st, err := a.boards.Standing(ctx, id, "current", playerID)
	if err != nil {
		return err
	}
	if err := a.boards.RemoveRecord(ctx, id, playerID); err != nil {
		return err
	}
	a.record(ctx, actor, "board_remove_record", id, id, playerLabel(ctx, a.accounts, playerID)+
		" (score "+strconv.FormatInt(st.Score, 10)+", rank "+strconv.FormatInt(st.Rank, 10)+")")
	return nil
}

// ResetPlayerScores removes a player's entries from one board, every
// period (audit reset_scores, target the player).
func (a *BoardAdmin) ResetPlayerScores(ctx context.Context, actor Actor, boardID, playerID string) error {
	p, err := a.accounts.Get(ctx, playerID)
	if err != nil {
		return err
	}
	if err := a.boards.ResetPlayer(ctx, boardID, playerID); err != nil {
		return err
	}
	a.record(ctx, actor, "reset_scores", p.ID, p.Username, "board "+boardID)
	return nil
}

// playerLabel names a player for an audit entry, falling back on the id.
func playerLabel(ctx context.Context, accounts *Accounts, id string) string {
	if p, err := accounts.Get(ctx, id); err == nil {
		return p.Username
	}
	return id
}
