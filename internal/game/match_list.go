package game

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/redis/go-redis/v9"
)

// LiveCount is the number of matches in play.
func (ms *Matches) LiveCount(ctx context.Context) (int64, error) {
	n, err := ms.d.Redis.ZCard(ctx, ms.d.Keys.MatchesLive()).Result()
	if err != nil {
		return 0, fmt.Errorf("live matches: %w", err)
	}
	return n, nil
}

// ListLive returns the matches in play, oldest first (at most 200).
func (ms *Matches) ListLive(ctx context.Context) ([]*MatchView, error) {
	ids, err := ms.d.Redis.ZRange(ctx, ms.d.Keys.MatchesLive(), 0, 199).Result()
	if err != nil {
		return nil, fmt.Errorf("live matches: %w", err)
	}
	views, err := ms.views(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := views[:0]
	for _, v := range views {
		if v.Status == MatchPlaying {
			out = append(out, v)
		}
	}
	return out, nil
}

// ListRecent returns finished matches, newest first, and how many there are.
func (ms *Matches) ListRecent(ctx context.Context, offset, limit int) ([]*MatchView, int64, error) {
	offset, limit = max(offset, 0), min(max(limit, 1), 100)
	key := ms.d.Keys.MatchesRecent()
	var ids *redis.StringSliceCmd
	var total *redis.IntCmd
	_, err := ms.d.Redis.Pipelined(ctx, func(p redis.Pipeliner) error {
		ids = p.ZRevRange(ctx, key, int64(offset), int64(offset+limit-1))
		total = p.ZCard(ctx, key)
		return nil
	})
	if err != nil {
		return nil, 0, fmt.Errorf("recent matches: %w", err)
	}
	views, err := ms.views(ctx, ids.Val())
	return views, total.Val(), err
}

// views loads and renders matches, skipping any that vanished.
func (ms *Matches) views(ctx context.Context, ids []string) ([]*MatchView, error) {
	out := make([]*MatchView, 0, len(ids))
	for _, id := range ids {
		m, err := ms.Get(ctx, id)
		if ErrorCode(err) == CodeNotFound {
			continue
		}
		if err != nil {
			return nil, err
		}
		v, err := ms.View(ctx, m)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// MatchSummary is one line of a player's match history.
type MatchSummary struct {
	MatchID      string    `json:"match_id"`
	OpponentID   string    `json:"opponent_id"`
	OpponentName string    `json:"opponent_name"`
	Outcome      string    `json:"outcome"` // win, loss, draw or cancelled
	Reason       string    `json:"reason"`
	RatingBefore int       `json:"rating_before"`
	RatingAfter  int       `json:"rating_after"`
	Delta        int       `json:"delta"`
	Moves        int       `json:"moves"`
	EndedAt      time.Time `json:"ended_at"`
}

// PlayerHistory returns the player's latest settled matches, newest first.
func (ms *Matches) PlayerHistory(ctx context.Context, playerID string, limit int) ([]MatchSummary, error) {
	limit = min(max(limit, 1), 100)
	ids, err := ms.d.Redis.ZRevRange(ctx, ms.d.Keys.PlayerMatches(playerID), 0, int64(limit-1)).Result()
	if err != nil {
		return nil, fmt.Errorf("player history: %w", err)
	}
	out := make([]MatchSummary, 0, len(ids))
	for _, id := range ids {
		m, err := ms.Get(ctx, id)
		if ErrorCode(err) == CodeNotFound {
			continue
		}
		if err != nil {
			return nil, err
		}
		seat := m.Seat(playerID)
		if seat < 0 {
			continue
		}
		opp := m.Players[1-seat]
		names, err := ms.displayNames(ctx, []string{opp})
		if err != nil {
			return nil, err
		}
		s := MatchSummary{MatchID: m.ID, OpponentID: opp, OpponentName: names[0], Reason: m.Reason,
			Moves: len(m.Moves), EndedAt: m.EndedAt}
		if s.OpponentName == "" {
			s.OpponentName = DeletedPlayerName
		}
		s.RatingBefore = int(math.Round(m.Pre[seat].Rating))
		s.RatingAfter = s.RatingBefore
		switch {
		case m.Status == MatchCancelled:
			s.Outcome = "cancelled"
		case m.Winner == "":
			s.Outcome = "draw"
		case m.Winner == playerID:
			s.Outcome = "win"
		default:
			s.Outcome = "loss"
		}
		if m.Settlement != nil {
			if c, ok := m.Settlement.Changes[playerID]; ok {
				s.RatingBefore, s.RatingAfter, s.Delta = c.Before, c.After, c.Delta
			}
		}
		out = append(out, s)
	}
	return out, nil
}
