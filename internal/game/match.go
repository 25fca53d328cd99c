package game

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/ladder/ladder/internal/game/connect4"
	"github.com/ladder/ladder/internal/game/glicko2"
)

// RatingBoard is the part of the leaderboards the settlement writes: the
// built-in BoardConnect4 board holds each player's rounded rating. SetScore
// overwrites and is idempotent, so a resumed settlement may call it again.
type RatingBoard interface {
	SetScore(ctx context.Context, boardID, playerID string, score int64) error
}

// MatchConfig tunes matches.
type MatchConfig struct {
	// TurnTimeout is how long a player has for a move; running out loses.
	TurnTimeout time.Duration
	// SweepInterval is how often the sweeper looks for timed-out moves and
	// unfinished settlements.
	SweepInterval time.Duration
	// Retention is how long a finished match is kept after settlement.
	Retention time.Duration
}

// Matches runs Connect Four matches: moves, resignations, timeouts,
// cancellation and settlement. All state lives in Redis, so any instance
// can serve any match and a restart loses nothing.
type Matches struct {
	d     Deps
	cfg   MatchConfig
	board RatingBoard
	seats *Seats
	// spectators counts who watches each match, for match.state and the
	// live list.
	spectators *Spectators

	// crashAt, when set (tests only), is called between settlement steps;
	// an error aborts the settlement there, as a dying instance would.
	crashAt func(step string) error
}

// NewMatches returns the match service. board may be nil (no leaderboard).
func NewMatches(d Deps, cfg MatchConfig, board RatingBoard) *Matches {
	if cfg.TurnTimeout <= 0 {
		cfg.TurnTimeout = 30 * time.Second
	}
	if cfg.SweepInterval <= 0 {
		cfg.SweepInterval = 500 * time.Millisecond
	}
	if cfg.Retention <= 0 {
		cfg.Retention = DefaultMatchRetention
	}
	d = d.withDefaults()
	return &Matches{d: d, cfg: cfg, board: board, seats: NewSeats(d), spectators: NewSpectators(d)}
}

// busyTTL bounds a seat marker's life should every settlement attempt
// fail: the longest a match can last (every move taking the whole clock)
// plus time to settle it.
func (ms *Matches) busyTTL() time.Duration {
	return connect4.Rows*connect4.Cols*ms.cfg.TurnTimeout + 5*time.Minute
}

// Seats are the markers that keep a player in one match at a time; the
// matchmaker takes them, the match lifecycle frees them.
func (ms *Matches) Seats() *Seats { return ms.seats }

// TurnTimeout is the configured time per move.
func (ms *Matches) TurnTimeout() time.Duration { return ms.cfg.TurnTimeout }

// createMatch writes the hash only if the match does not exist yet, so a
// recovered claim cannot overwrite a match already in progress.
var createMatch = redis.NewScript(mustLua("create_match.lua"))

// pendingMatch is a claimed pair waiting to become a match.
type pendingMatch struct {
	ID      string    `json:"id"`
	Mode    string    `json:"mode"`
	Players [2]string `json:"p"`
	At      int64     `json:"at"`
}

// create turns claimed pairs into matches. It is idempotent: the match hash
// is written only if absent, and the indexes are sets.
func (ms *Matches) create(ctx context.Context, pend []pendingMatch) ([]*Match, error) {
	if len(pend) == 0 {
		return nil, nil
	}
	fields := []string{ModeConnect4 + ":rating", ModeConnect4 + ":rd", ModeConnect4 + ":vol", fDisplayName}
	cmds := make([][2]*redis.SliceCmd, len(pend))
	_, err := ms.d.Redis.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i, pm := range pend {
			for j := range 2 {
				cmds[i][j] = p.HMGet(ctx, ms.d.Keys.Player(pm.Players[j]), fields...)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("create matches: read players: %w", err)
	}
	now := ms.d.Now()
	matches := make([]*Match, len(pend))
	created := make([]*redis.Cmd, len(pend))
	_, err = ms.d.Redis.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i, pm := range pend {
			m := &Match{ID: pm.ID, Mode: pm.Mode, Players: pm.Players, Moves: []int{}, Status: MatchPlaying,
				CreatedAt: now, Deadline: now.Add(ms.cfg.TurnTimeout)}
			for j := range 2 {
				m.Pre[j], m.Names[j] = ratingFromFields(cmds[i][j].Val())
			}
			matches[i] = m
			pre, _ := json.Marshal(m.Pre)
			names, _ := json.Marshal(m.Names)
			created[i] = createMatch.Eval(ctx, p, []string{ms.d.Keys.Match(m.ID)},
				mfID, m.ID, mfMode, m.Mode, mfP1, m.Players[0], mfP2, m.Players[1],
				mfCreated, msString(now), mfMoves, "", mfStatus, MatchPlaying,
				mfDeadline, msString(m.Deadline), mfPre, string(pre), mfNames, string(names))
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("create matches: %w", err)
	}
	_, err = ms.d.Redis.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i, m := range matches {
			if created[i].Val() == int64(0) {
				continue // another instance created it; its indexes are its business
			}
			p.ZAddNX(ctx, ms.d.Keys.MatchesDue(), redis.Z{Score: float64(m.Deadline.UnixMilli()), Member: m.ID})
			p.ZAddNX(ctx, ms.d.Keys.MatchesLive(), redis.Z{Score: float64(now.UnixMilli()), Member: m.ID})
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("create matches: index: %w", err)
	}
	out := matches[:0]
	for i, m := range matches {
		if created[i].Val() == int64(1) {
			out = append(out, m)
		}
	}
	if len(out) > 0 {
		ms.publishLiveChanged(ctx)
	}
	return out, nil
}

// ratingFromFields decodes HMGET rating, rd, vol, display_name.
func ratingFromFields(v []any) (glicko2.Rating, string) {
	r := glicko2.NewRating()
	f := func(i int) (float64, bool) {
		s, ok := v[i].(string)
		if !ok {
			return 0, false
		}
		x, err := strconv.ParseFloat(s, 64)
		return x, err == nil
	}
	if x, ok := f(0); ok {
		r.Rating = x
	}
	if x, ok := f(1); ok {
		r.RD = x
	}
	if x, ok := f(2); ok {
		r.Volatility = x
	}
	name, _ := v[3].(string)
	return r, name
}

// update applies fn to the match inside WATCH/MULTI, retrying when another
// writer got there first, so each state change is atomic and checked
// against the state it was computed from. fn returns errNoChange to write
// nothing.
func (ms *Matches) update(ctx context.Context, id string, fn func(m *Match) error) (*Match, error) {
	if !validMatchID(id) {
		return nil, NotFoundf("no match %q", id)
	}
	key := ms.d.Keys.Match(id)
	for range 20 {
		var out *Match
		err := ms.d.Redis.Watch(ctx, func(tx *redis.Tx) error {
			h, err := tx.HGetAll(ctx, key).Result()
			if err != nil {
				return err
			}
			m := matchFromHash(h)
			if m == nil {
				return NotFoundf("no match %q", id)
			}
			if err := fn(m); err != nil {
				return err
			}
			out = m
			_, err = tx.TxPipelined(ctx, func(p redis.Pipeliner) error {
				p.HSet(ctx, key, mfMoves, encodeMoves(m.Moves), mfStatus, m.Status, mfWinner, m.Winner,
					mfReason, m.Reason, mfDeadline, msString(m.Deadline), mfEnded, msString(m.EndedAt), mfNote, m.Note)
				return nil
			})
			return err
		}, key)
		if errors.Is(err, redis.TxFailedErr) {
			continue
		}
		if err != nil {
			return nil, err
		}
		return out, nil
	}
	return nil, Errorf(CodeUnavailable, "the match is busy, try again")
}

// finish ends m in the transaction's copy.
func (ms *Matches) finish(m *Match, status, winner, reason string) {
	m.Status, m.Winner, m.Reason = status, winner, reason
	m.Deadline = time.Time{}
	m.EndedAt = ms.d.Now()
}

// afterChange publishes the new state and, when the match just ended,
// queues and runs its settlement.
func (ms *Matches) afterChange(ctx context.Context, m *Match) {
	ms.publishState(ctx, m)
	defer ms.publishLiveChanged(ctx)
	if m.Status == MatchPlaying {
		// The due entry is a hint for the sweeper; the hash holds the truth.
		ms.d.Redis.ZAdd(ctx, ms.d.Keys.MatchesDue(), redis.Z{Score: float64(m.Deadline.UnixMilli()), Member: m.ID})
		return
	}
	ctx = context.WithoutCancel(ctx)
	ms.d.Redis.ZAdd(ctx, ms.d.Keys.MatchesDue(), redis.Z{Score: float64(ms.d.Now().UnixMilli()), Member: m.ID})
	ms.d.Redis.ZRem(ctx, ms.d.Keys.MatchesLive(), m.ID)
	if err := ms.Settle(ctx, m.ID); err != nil {
		// The sweeper will finish it.
		ms.d.Log.Warn("settle match", "match_id", m.ID, slog.Any("error", err))
	}
}

// Move plays column for player. Not the player's turn, a full column or a
// finished match is a conflict; a column outside 0..6 is invalid; someone
// who is not playing in the match is forbidden.
func (ms *Matches) Move(ctx context.Context, matchID, playerID string, column int) (*Match, error) {
	if column < 0 || column >= connect4.Cols {
		return nil, Invalidf("column must be an integer from 0 to %d", connect4.Cols-1)
	}
	timedOut := false
	m, err := ms.update(ctx, matchID, func(m *Match) error {
		timedOut = false
		if m.Seat(playerID) < 0 {
			return Errorf(CodeForbidden, "you are not playing in this match")
		}
		if m.Status != MatchPlaying {
			return Conflictf("the match is over")
		}
		if m.ToMove() != playerID {
			return Conflictf("it is not your turn")
		}
		if !ms.d.Now().Before(m.Deadline) {
			// Too late: the clock decides, whether or not the sweeper has
			// noticed yet.
			ms.finish(m, MatchFinished, m.Opponent(playerID), ReasonTimeout)
			timedOut = true
			return nil
		}
		moves := append(append([]int{}, m.Moves...), column)
		_, st, err := connect4.Replay(moves)
		switch {
		case errors.Is(err, connect4.ErrColumnFull):
			return Conflictf("column %d is full", column)
		case err != nil:
			return Conflictf("illegal move: %v", err)
		}
		m.Moves = moves
		switch st.Outcome {
		case connect4.Win:
			ms.finish(m, MatchFinished, playerID, ReasonFour)
		case connect4.Draw:
			ms.finish(m, MatchFinished, "", ReasonDraw)
		default:
			m.Deadline = ms.d.Now().Add(ms.cfg.TurnTimeout)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	ms.afterChange(ctx, m)
	if timedOut {
		return nil, Conflictf("your time for this move ran out")
	}
	return ms.reload(ctx, m)
}

// reload re-reads m so callers see the settlement that afterChange wrote.
func (ms *Matches) reload(ctx context.Context, m *Match) (*Match, error) {
	if m.Status == MatchPlaying {
		return m, nil
	}
	return ms.Get(ctx, m.ID)
}

// Resign ends the match as a loss for player.
func (ms *Matches) Resign(ctx context.Context, matchID, playerID string) (*Match, error) {
	m, err := ms.update(ctx, matchID, func(m *Match) error {
		if m.Seat(playerID) < 0 {
			return Errorf(CodeForbidden, "you are not playing in this match")
		}
		if m.Status != MatchPlaying {
			return Conflictf("the match is over")
		}
		ms.finish(m, MatchFinished, m.Opponent(playerID), ReasonResign)
		return nil
	})
	if err != nil {
		return nil, err
	}
	ms.afterChange(ctx, m)
	return ms.reload(ctx, m)
}

// Cancel ends a match in play without a result: no rating changes, both
// players are told with match.ended (reason "cancelled"). reason is kept as
// a note for admins.
func (ms *Matches) Cancel(ctx context.Context, matchID, reason string) (*Match, error) {
	m, err := ms.update(ctx, matchID, func(m *Match) error {
		if m.Status != MatchPlaying {
			return Conflictf("the match is already over")
		}
		ms.finish(m, MatchCancelled, "", ReasonCancelled)
		m.Note = truncate(reason, 200)
		return nil
	})
	if err != nil {
		return nil, err
	}
	ms.afterChange(ctx, m)
	return ms.reload(ctx, m)
}

// ForfeitPlayer ends the player's live match, if any, as their loss (a
// banned player). It reports the match it ended, or nil.
func (ms *Matches) ForfeitPlayer(ctx context.Context, playerID string) (*Match, error) {
	id, err := ms.ActiveMatch(ctx, playerID)
	if err != nil || id == "" {
		return nil, err
	}
	m, err := ms.Resign(ctx, id, playerID)
	if ErrorCode(err) == CodeConflict {
		return nil, nil // it ended meanwhile
	}
	return m, err
}

// ActiveMatch returns the id of the player's live match, or "".
func (ms *Matches) ActiveMatch(ctx context.Context, playerID string) (string, error) {
	return ms.seats.Holder(ctx, ModeConnect4, playerID)
}

// timeout ends the match if its move clock has run out. Two sweepers may
// call it at once; the transaction lets exactly one of them end the match.
func (ms *Matches) timeout(ctx context.Context, matchID string) (*Match, bool, error) {
	changed := false
	m, err := ms.update(ctx, matchID, func(m *Match) error {
		changed = false
		if m.Status != MatchPlaying || ms.d.Now().Before(m.Deadline) {
			return errNoChange
		}
		ms.finish(m, MatchFinished, m.Opponent(m.ToMove()), ReasonTimeout)
		changed = true
		return nil
	})
	if errors.Is(err, errNoChange) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	return m, changed, nil
}

// errNoChange aborts an update without writing.
var errNoChange = errors.New("no change")

// Matches as a PlayerCleaner: a banned or deleted player loses their live
// match; a deleted one also loses their match history.

// PlayerBanned forfeits the player's live match, if any.
func (ms *Matches) PlayerBanned(ctx context.Context, playerID string) error {
	if _, err := ms.ForfeitPlayer(ctx, playerID); err != nil && ErrorCode(err) != CodeNotFound {
		return fmt.Errorf("forfeit live match: %w", err)
	}
	return nil
}

// PlayerUnbanned has nothing to bring back: a forfeited match stays lost.
func (ms *Matches) PlayerUnbanned(context.Context, string) error { return nil }

// PlayerDeleted does what a ban does and drops the player's match history;
// finished matches keep the id, which then reads as a deleted player.
func (ms *Matches) PlayerDeleted(ctx context.Context, playerID string) error {
	if err := ms.PlayerBanned(ctx, playerID); err != nil {
		return err
	}
	return ms.d.Redis.Del(ctx, ms.d.Keys.PlayerMatches(playerID)).Err()
}
