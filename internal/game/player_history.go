package game

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/redis/go-redis/v9"
)

// HistoryMatch is one settled match from a player's point of view, as the
// paged history API shows it.
type HistoryMatch struct {
	ID           string          `json:"id"`
	Opponent     HistoryOpponent `json:"opponent"`
	Result       string          `json:"result"` // win, loss, draw or cancelled
	Reason       string          `json:"reason"`
	RatingBefore int             `json:"rating_before"`
	RatingAfter  int             `json:"rating_after"`
	Moves        int             `json:"moves"`
	EndedAt      time.Time       `json:"ended_at"`
}

// HistoryOpponent names the other player of a match.
type HistoryOpponent struct {
	ID          string `json:"id"`
	DisplayName string `json:"display_name"`
}

// RatingPoint is a player's rating right after one settled match.
type RatingPoint struct {
	At      time.Time `json:"at"`
	Rating  int       `json:"rating"`
	RD      int       `json:"rd"`
	MatchID string    `json:"match_id"`
}

// MaxHistoryPage is the most matches one history page holds.
const MaxHistoryPage = 100

// HistoryPage returns a player's settled matches, newest first, from
// offset, and how many the history holds.
func (ms *Matches) HistoryPage(ctx context.Context, playerID string, offset, limit int) ([]HistoryMatch, int64, error) {
	if offset < 0 || limit < 1 || limit > MaxHistoryPage {
		return nil, 0, Invalidf("offset must be 0 or more and limit 1 to %d", MaxHistoryPage)
	}
	key := ms.d.Keys.PlayerMatches(playerID)
	var ids *redis.StringSliceCmd
	var total *redis.IntCmd
	_, err := ms.d.Redis.Pipelined(ctx, func(p redis.Pipeliner) error {
		ids = p.ZRevRange(ctx, key, int64(offset), int64(offset+limit-1))
		total = p.ZCard(ctx, key)
		return nil
	})
	if err != nil {
		return nil, 0, fmt.Errorf("player history: %w", err)
	}
	matches, err := ms.playerMatches(ctx, playerID, ids.Val())
	if err != nil {
		return nil, 0, err
	}
	opp := make([]string, len(matches))
	for i, m := range matches {
		opp[i] = m.Players[1-m.Seat(playerID)]
	}
	names, err := ms.displayNames(ctx, opp)
	if err != nil {
		return nil, 0, err
	}
	out := make([]HistoryMatch, 0, len(matches))
	for i, m := range matches {
		seat := m.Seat(playerID)
		h := HistoryMatch{ID: m.ID, Opponent: HistoryOpponent{ID: opp[i], DisplayName: names[i]},
			Reason: m.Reason, Moves: len(m.Moves), EndedAt: m.EndedAt}
		if h.Opponent.DisplayName == "" {
			h.Opponent.DisplayName = DeletedPlayerName
		}
		h.RatingBefore = int(math.Round(m.Pre[seat].Rating))
		h.RatingAfter = h.RatingBefore
		switch {
		case m.Status == MatchCancelled:
			h.Result = "cancelled"
		case m.Winner == "":
			h.Result = "draw"
		case m.Winner == playerID:
			h.Result = "win"
		default:
			h.Result = "loss"
		}
		if m.Settlement != nil {
			if c, ok := m.Settlement.Changes[playerID]; ok {
				h.RatingBefore, h.RatingAfter = c.Before, c.After
			}
		}
		out = append(out, h)
	}
	return out, total.Val(), nil
}

// RatingHistory returns the player's rating after each rated match in
// their history, oldest first: the settlement keeps every player's rating
// and deviation after the match. Cancelled matches change nothing and are
// left out.
func (ms *Matches) RatingHistory(ctx context.Context, playerID, mode string) ([]RatingPoint, error) {
	points, _, err := ms.Career(ctx, playerID, mode)
	return points, err
}

// playerMatches loads the listed matches in one round trip, keeping those
// that still exist and that the player sat in, in the order given.
func (ms *Matches) playerMatches(ctx context.Context, playerID string, ids []string) ([]*Match, error) {
	cmds := make([]*redis.MapStringStringCmd, len(ids))
	_, err := ms.d.Redis.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i, id := range ids {
			cmds[i] = p.HGetAll(ctx, ms.d.Keys.Match(id))
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("player history: %w", err)
	}
	out := make([]*Match, 0, len(ids))
	for _, c := range cmds {
		m := matchFromHash(c.Val())
		if m == nil || m.Seat(playerID) < 0 {
			continue
		}
		out = append(out, m)
	}
	return out, nil
}

// PersonalBests are a player's records in a ranked mode, each with the
// day it was set. A zero At means there is no such record yet.
type PersonalBests struct {
	PeakRating   int       `json:"peak_rating"`
	PeakAt       time.Time `json:"peak_at"`
	BestWin      int       `json:"best_win"` // the highest rating beaten
	BestWinAt    time.Time `json:"best_win_at"`
	BestWinMatch string    `json:"best_win_match"`
	Streak       int       `json:"streak"` // the longest run of wins
	StreakAt     time.Time `json:"streak_at"`
}

// Career reads a player's rating history and personal bests in a ranked
// mode from one pass over their settled matches.
func (ms *Matches) Career(ctx context.Context, playerID, mode string) ([]RatingPoint, PersonalBests, error) {
	var b PersonalBests
	if mode != ModeConnect4 {
		return nil, b, NotFoundf("there is no rating for %q", mode)
	}
	ids, err := ms.d.Redis.ZRange(ctx, ms.d.Keys.PlayerMatches(playerID), 0, -1).Result()
	if err != nil {
		return nil, b, fmt.Errorf("rating history: %w", err)
	}
	matches, err := ms.playerMatches(ctx, playerID, ids)
	if err != nil {
		return nil, b, err
	}
	points := make([]RatingPoint, 0, len(matches))
	streak := 0
	for _, m := range matches {
		if m.Mode != mode || m.Settlement == nil || m.Settlement.ScoreP1 < 0 {
			continue
		}
		seat := m.Seat(playerID)
		r := m.Settlement.After[seat]
		pt := RatingPoint{At: m.EndedAt, Rating: int(math.Round(r.Rating)), RD: int(math.Round(r.RD)), MatchID: m.ID}
		points = append(points, pt)
		if pt.Rating > b.PeakRating {
			b.PeakRating, b.PeakAt = pt.Rating, pt.At
		}
		if m.Winner != playerID {
			streak = 0
			continue
		}
		streak++
		if streak > b.Streak {
			b.Streak, b.StreakAt = streak, m.EndedAt
		}
		if opp := int(math.Round(m.Pre[1-seat].Rating)); opp > b.BestWin {
			b.BestWin, b.BestWinAt, b.BestWinMatch = opp, m.EndedAt, m.ID
		}
	}
	return points, b, nil
}
