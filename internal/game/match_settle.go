package game

// Settlement applies a finished match exactly once, and always completely.
//
// A lock (SET NX PX with a unique token, extended after every step) keeps
// two settlers from doing the same work at the same time, but a lock can
// expire under a slow or dying holder, so correctness rests on every step
// being idempotent and re-runnable:
//
//  1. compute: the outcome and both new ratings are computed from the
//     pre-match ratings stored with the match and written to the match hash
//     with HSETNX: whoever comes later reads and applies the same numbers.
//  2. players: each player's new rating, game counters and history entry
//     are written by one script in the player's own hash slot, and only if
//     the match is not yet in that player's history (the entry is the
//     marker).
//  3. board: the connect4 board gets the new rating (an overwrite), then
//     the match is marked "boarded" so that a resumed settlement never
//     writes an old rating over a newer one.
//  4. release: the busy markers are cleared (only if they still name this
//     match), so both players may queue again.
//  5. index: the match joins the recent list and leaves the live one.
//  6. announce: match.ended is published. A claim with a time in the match
//     hash keeps concurrent settlers from announcing twice; a claim that is
//     never followed by "settled" is taken over after announceRetryAfter, so
//     after a crash a client may hear match.ended twice, never not at all.
//  7. finalize: "settled" is set last of all, the match hash gets its
//     retention TTL, and only then does the match leave the due queue.
//
// A settler that dies between steps leaves the match unsettled and in the
// due queue; a sweeper on any instance picks it up and redoes every step,
// the ones already done turning into no-ops.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/ladder/ladder/internal/game/event"
	"github.com/ladder/ladder/internal/game/glicko2"
	"github.com/ladder/ladder/internal/redisx"
)

// settleLockTTL bounds how long a dead settler blocks the others; the lock
// is extended after every step.
const settleLockTTL = 3 * time.Second

// announceRetryAfter is how long an announcement claim may stay unconfirmed
// before another settler assumes its claimer died and announces again.
const announceRetryAfter = 2 * settleLockTTL

// errAnnounceClaimed stops a settler that finds another one announcing.
var errAnnounceClaimed = errors.New("another settler is announcing")

// historyKept caps a player's match history.
const historyKept = 500

// recentMatchesKept caps the global list of finished matches.
const recentMatchesKept = 1000

// applyRating writes one player's share of a settlement, once.
var applyRating = redis.NewScript(mustLua("apply_rating.lua"))

// Settle applies a finished or cancelled match to ratings, counters, history
// and the connect4 board, exactly once however often and wherever it runs.
// A match still in play is left alone. It returns nil when another settler
// holds the lock (the sweeper retries later if that one dies).
func (ms *Matches) Settle(ctx context.Context, matchID string) error {
	lock, err := redisx.AcquireLock(ctx, ms.d.Redis, ms.d.Keys.MatchSettleLock(matchID), settleLockTTL)
	if errors.Is(err, redisx.ErrLockHeld) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("settle match %s: lock: %w", matchID, err)
	}
	defer func() { _ = lock.Release(context.WithoutCancel(ctx)) }()

	m, err := ms.Get(ctx, matchID)
	if err != nil {
		return fmt.Errorf("settle match %s: %w", matchID, err)
	}
	if m.Status == MatchPlaying {
		return nil
	}
	if m.Settled {
		// Every step is done; only make sure the sweeper forgets it.
		return ms.d.Redis.ZRem(ctx, ms.d.Keys.MatchesDue(), m.ID).Err()
	}
	steps := []struct {
		name string
		fn   func(context.Context, *Match) error
	}{
		{"compute", ms.settleCompute},
		{"players", ms.settlePlayers},
		{"board", ms.settleBoard},
		{"release", ms.settleRelease},
		{"index", ms.settleIndex},
		{"announce", ms.settleAnnounce},
		{"finalize", ms.settleFinalize},
	}
	for _, st := range steps {
		err := st.fn(ctx, m)
		if errors.Is(err, errAnnounceClaimed) {
			return nil // the claimer finishes, or the sweeper after it
		}
		if err != nil {
			return fmt.Errorf("settle match %s: %s: %w", matchID, st.name, err)
		}
		if err := ms.hook(st.name); err != nil {
			return err
		}
		if err := lock.Extend(ctx, settleLockTTL); err != nil {
			return fmt.Errorf("settle match %s: after %s: %w", matchID, st.name, err)
		}
	}
	return nil
}

// settleCompute stores the settlement computed from the pre-match ratings,
// unless one is stored already, and loads the stored one into m.
func (ms *Matches) settleCompute(ctx context.Context, m *Match) error {
	if m.Settlement != nil {
		return nil
	}
	st := Settlement{ScoreP1: -1, After: m.Pre, Changes: map[string]RatingChange{}}
	if m.Status == MatchFinished {
		switch m.Winner {
		case m.Players[0]:
			st.ScoreP1 = 1
		case m.Players[1]:
			st.ScoreP1 = 0
		default:
			st.ScoreP1 = 0.5
		}
		st.After[0], st.After[1] = glicko2.RatePair(m.Pre[0], m.Pre[1], st.ScoreP1)
		for i, id := range m.Players {
			b, a := int(math.Round(m.Pre[i].Rating)), int(math.Round(st.After[i].Rating))
			st.Changes[id] = RatingChange{Before: b, After: a, Delta: a - b}
		}
	}
	js, err := json.Marshal(st)
	if err != nil {
		return err
	}
	key := ms.d.Keys.Match(m.ID)
	if err := ms.d.Redis.HSetNX(ctx, key, mfSettle, js).Err(); err != nil {
		return err
	}
	stored, err := ms.d.Redis.HGet(ctx, key, mfSettle).Result()
	if err != nil {
		return err
	}
	var got Settlement
	if err := json.Unmarshal([]byte(stored), &got); err != nil {
		return fmt.Errorf("decode settlement: %w", err)
	}
	m.Settlement = &got
	return nil
}

// counterFor names the counter a player's result increments.
func counterFor(m *Match, seat int) string {
	switch {
	case m.Settlement.ScoreP1 < 0:
		return ""
	case m.Settlement.ScoreP1 == 0.5:
		return "draws"
	case (m.Settlement.ScoreP1 == 1) == (seat == 0):
		return "wins"
	default:
		return "losses"
	}
}

func fmtFloat(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }

func (ms *Matches) settlePlayers(ctx context.Context, m *Match) error {
	for seat, id := range m.Players {
		r := m.Settlement.After[seat]
		err := applyRating.Run(ctx, ms.d.Redis,
			[]string{ms.d.Keys.Player(id), ms.d.Keys.PlayerMatches(id)},
			m.ID, msString(m.EndedAt), m.Mode, fmtFloat(r.Rating), fmtFloat(r.RD), fmtFloat(r.Volatility),
			counterFor(m, seat), historyKept, ms.d.Now().Add(-ms.cfg.Retention).UnixMilli()).Err()
		if err != nil {
			return fmt.Errorf("player %s: %w", id, err)
		}
		if err := ms.hook(fmt.Sprintf("player%d", seat)); err != nil {
			return err
		}
	}
	return nil
}

// hook calls the test crash hook, if any.
func (ms *Matches) hook(step string) error {
	if ms.crashAt == nil {
		return nil
	}
	return ms.crashAt(step)
}

func (ms *Matches) settleBoard(ctx context.Context, m *Match) error {
	if ms.board == nil || m.Settlement.ScoreP1 < 0 || m.boarded {
		return nil
	}
	for seat, id := range m.Players {
		// A deleted player has no history entry and must not reappear.
		if err := ms.d.Redis.ZScore(ctx, ms.d.Keys.PlayerMatches(id), m.ID).Err(); errors.Is(err, redis.Nil) {
			continue
		} else if err != nil {
			return err
		}
		score := int64(math.Round(m.Settlement.After[seat].Rating))
		if err := ms.board.SetScore(ctx, BoardConnect4, id, max(score, 0)); err != nil {
			return fmt.Errorf("board: %w", err)
		}
	}
	// Written while the players are still busy, so no newer rating can
	// exist yet; once marked, a resumed settlement leaves the board alone.
	if err := ms.d.Redis.HSet(ctx, ms.d.Keys.Match(m.ID), mfBoarded, "1").Err(); err != nil {
		return err
	}
	m.boarded = true
	return nil
}

// settleRelease frees both players to queue again.
func (ms *Matches) settleRelease(ctx context.Context, m *Match) error {
	return ms.seats.Release(ctx, m.Mode, m.ID, m.Players[:]...)
}

// settleIndex lists the match among the recent ones, forgetting those past
// retention, and takes it off the live list.
func (ms *Matches) settleIndex(ctx context.Context, m *Match) error {
	cutoff := ms.d.Now().Add(-ms.cfg.Retention).UnixMilli()
	_, err := ms.d.Redis.Pipelined(ctx, func(p redis.Pipeliner) error {
		p.ZAdd(ctx, ms.d.Keys.MatchesRecent(), redis.Z{Score: float64(m.EndedAt.UnixMilli()), Member: m.ID})
		p.ZRemRangeByScore(ctx, ms.d.Keys.MatchesRecent(), "-inf", "("+strconv.FormatInt(cutoff, 10))
		p.ZRemRangeByRank(ctx, ms.d.Keys.MatchesRecent(), 0, -recentMatchesKept-1)
		p.ZRem(ctx, ms.d.Keys.MatchesLive(), m.ID)
		return nil
	})
	return err
}

// settleAnnounce publishes match.ended unless a live settler has claimed
// the announcement.
func (ms *Matches) settleAnnounce(ctx context.Context, m *Match) error {
	key := ms.d.Keys.Match(m.ID)
	now := ms.d.Now()
	claimed, err := ms.d.Redis.HSetNX(ctx, key, mfAnnounced, msString(now)).Result()
	if err != nil {
		return err
	}
	if !claimed {
		at, err := ms.d.Redis.HGet(ctx, key, mfAnnounced).Int64()
		if err != nil && !errors.Is(err, redis.Nil) {
			return err
		}
		if now.Sub(time.UnixMilli(at)) < announceRetryAfter {
			return errAnnounceClaimed
		}
		// The claimer died before finishing: announce again.
		if err := ms.d.Redis.HSet(ctx, key, mfAnnounced, msString(now)).Err(); err != nil {
			return err
		}
	}
	if err := ms.hook("claimed"); err != nil {
		return err
	}
	ms.publishEnded(ctx, m)
	return nil
}

// settleFinalize marks the match settled, starts its retention clock, and
// only then takes it off the sweeper's queue.
func (ms *Matches) settleFinalize(ctx context.Context, m *Match) error {
	key := ms.d.Keys.Match(m.ID)
	_, err := ms.d.Redis.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.HSet(ctx, key, mfSettled, "1")
		p.PExpire(ctx, key, ms.cfg.Retention)
		return nil
	})
	if err != nil {
		return err
	}
	m.Settled = true
	if err := ms.hook("settled"); err != nil {
		return err
	}
	return ms.d.Redis.ZRem(ctx, ms.d.Keys.MatchesDue(), m.ID).Err()
}

// publishEnded tells both players and the spectators how the match ended.
func (ms *Matches) publishEnded(ctx context.Context, m *Match) {
	changes := map[string]RatingChange{}
	if m.Settlement != nil && m.Settlement.ScoreP1 >= 0 {
		changes = m.Settlement.Changes
	}
	msg := func(topic string) event.MatchEnded {
		return event.MatchEnded{MatchID: m.ID, RatingChanges: changes, Result: m.result(), Topic: topic, Type: event.TypeMatchEnded}
	}
	ms.d.Events.Publish(ctx, event.MatchTopic(m.ID), msg(event.MatchTopic(m.ID)))
	for _, id := range m.Players {
		ms.d.Events.Publish(ctx, event.PlayerTopic(id), msg(event.PlayerTopic(id)))
	}
}
