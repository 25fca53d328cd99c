package game

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/ladder/ladder/internal/game/event"
	"github.com/ladder/ladder/internal/game/targetrush"
	"github.com/ladder/ladder/internal/redisx"
)

// RankNotifyTop bounds the work of one submission: besides the submitter,
// only players whose place moved within the top RankNotifyTop ranks get a
// rank.changed event (at most RankNotifyTop-1 events per submission).
const RankNotifyTop = 100

// ScoreResult answers a score submission.
type ScoreResult struct {
	Score    int64 `json:"score"`
	Rank     int64 `json:"rank"`
	Improved bool  `json:"improved"`
	// PreviousRank is the player's rank just before this score, read in
	// the same atomic step; absent when they had no entry.
	PreviousRank *int64 `json:"previous_rank,omitempty"`
}

// Submission is a score sent by a player.
type Submission struct {
	Score int64
	// RunID and Hits are a Target Rush round's run token and click log,
	// for boards fed by the game.
	RunID string
	Hits  []targetrush.Click
}

// writeResult is what the submit script reports.
type writeResult struct {
	ScoreResult
	PreviousRank int64
	Changed      bool
	Passed       []rankMove
}

type rankMove struct {
	PlayerID string
	Rank     int64
}

// Submit records a player's score on a board with the board's operator.
// Everything that can be checked without Redis is checked before the rate
// limiter, so bad input uses up nothing; a check that fails after the
// limiter admitted the call (a bad run token, a banned player) gives the
// slot back.
func (b *Boards) Submit(ctx context.Context, boardID string, p *Player, in Submission) (*ScoreResult, error) {
	def, st, err := b.cached(ctx, boardID)
	if err != nil {
		return nil, err
	}
	if def.Game == ModeConnect4 {
		return nil, Errorf(CodeForbidden, "the %s board is written by ranked matches", def.ID)
	}
	if err := def.ValidateScore(in.Score); err != nil {
		return nil, err
	}
	switch def.Game {
	case GameTargetRush:
		if err := b.rush.checkScore(def.ID, in); err != nil {
			return nil, err
		}
	default:
		if in.RunID != "" || in.Hits != nil {
			return nil, Invalidf("run_id and hits are only for boards fed by a built-in game")
		}
	}
	if p.Banned {
		return nil, Errorf(CodeForbidden, "this account is banned")
	}

	limitKey := b.d.Keys.ScoreLimit(p.ID)
	if def.Game != GameTargetRush && b.oneNode {
		// The limiter and the write in one script: one round trip.
		res, err := b.write(ctx, def, st, p.ID, in.Score, def.Operator, p.DisplayName, p.nameVersion, limitKey)
		if err != nil {
			return nil, err
		}
		return &res.ScoreResult, nil
	}
	dec, err := b.limiter.Allow(ctx, limitKey)
	if err != nil {
		return nil, err
	}
	if !dec.Allowed {
		return nil, b.scoreLimited(dec.RetryAfter)
	}
	undo := func() { _ = b.limiter.Undo(context.WithoutCancel(ctx), limitKey, dec) }
	if def.Game == GameTargetRush {
		if err := b.rush.spendRun(ctx, p.ID, def.ID, in); err != nil {
			undo()
			return nil, err
		}
	}
	res, err := b.write(ctx, def, st, p.ID, in.Score, def.Operator, p.DisplayName, p.nameVersion, "")
	if err != nil {
		undo()
		return nil, err
	}
	return &res.ScoreResult, nil
}

// SetScore overwrites a player's score whatever the board's operator (the
// connect4 rating after a match). Writing the same score again changes
// nothing, so retries are harmless.
func (b *Boards) SetScore(ctx context.Context, boardID, playerID string, score int64) error {
	def, st, err := b.cached(ctx, boardID)
	if err != nil {
		return err
	}
	name, version, err := b.playerName(ctx, playerID)
	if err != nil {
		return err
	}
	if score < 0 {
		score = 0
	}
	if score > def.MaxScore {
		score = def.MaxScore
	}
	_, err = b.write(ctx, def, st, playerID, score, OpSet, name, version, "")
	return err
}

// write runs the submit script, reloading the board state when a reset
// moved it on meanwhile (the state may come from the cache), and announces
// the change. name and its version go to the board's name map ("" leaves
// it alone). With limitKey set, the same script first takes a slot of the
// score limit under that key, kept only if the score was applied.
func (b *Boards) write(ctx context.Context, def *Leaderboard, st boardState, playerID string, score int64, op, name string, nameVersion int64, limitKey string) (*writeResult, error) {
	for range 3 {
		p := periodsAt(def, st, b.d.Now())
		var exp int64
		if !p.ExpireAt.IsZero() {
			exp = p.ExpireAt.Unix()
		}
		k := b.d.Keys
		keys := []string{k.BoardState(def.ID), k.BoardScores(def.ID, p.Current), k.BoardMembers(def.ID, p.Current),
			k.BoardSeq(def.ID), k.BoardBanned(def.ID), k.BoardPeriods(def.ID), k.BoardNames(def.ID), k.BoardTimes(def.ID, p.Current)}
		args := []any{playerID, score, op, def.Order, def.MaxScore, st.Gen, exp, p.Current, RankNotifyTop,
			nameVersion, name, b.d.Now().UnixMilli()}
		script := submitScript
		if limitKey != "" {
			script = submitLimitedScript
			keys = append(keys, limitKey)
			args = append(args, b.opts.ScoreRateLimit, b.opts.ScoreRateWindow.Microseconds(), redisx.EntryID())
		}
		raw, err := script.Run(ctx, b.d.Scripts, keys, args...).Slice()
		if err != nil {
			return nil, fmt.Errorf("submit score to %s: %w", def.ID, err)
		}
		switch status, _ := raw[0].(string); status {
		case "limited":
			retry, _ := raw[1].(int64)
			return nil, b.scoreLimited(time.Duration(retry) * time.Microsecond)
		case "stale":
			if _, st, err = b.reload(ctx, def.ID); err != nil {
				return nil, err
			}
			continue
		case "banned":
			return nil, Errorf(CodeForbidden, "this account is banned")
		case "over":
			return nil, Invalidf("the total would pass this board's max_score of %d", def.MaxScore)
		case "ok":
			res := parseWrite(raw)
			if res.Changed {
				b.announce(ctx, def.ID, playerID, res)
			}
			return res, nil
		default:
			return nil, fmt.Errorf("submit score to %s: unexpected reply %v", def.ID, raw)
		}
	}
	return nil, Errorf(CodeUnavailable, "the board is being reset, try again")
}

// scoreLimited is the answer to a score over the player's limit.
func (b *Boards) scoreLimited(retry time.Duration) error {
	return RateLimited(fmt.Sprintf("too many scores: at most %d per %s", b.opts.ScoreRateLimit, b.opts.ScoreRateWindow), retry)
}

func parseWrite(raw []any) *writeResult {
	n := func(i int) int64 {
		if i >= len(raw) {
			return 0
		}
		v, _ := raw[i].(int64)
		return v
	}
	s, _ := raw[2].(string)
	score, _ := strconv.ParseInt(s, 10, 64)
	res := &writeResult{
		ScoreResult:  ScoreResult{Score: score, Rank: n(3), Improved: n(1) == 1},
		PreviousRank: n(4), Changed: n(5) == 1,
	}
	if prev := res.PreviousRank; prev > 0 {
		res.ScoreResult.PreviousRank = &prev
	}
	if len(raw) < 8 {
		return res
	}
	first := n(6)
	ms, _ := raw[7].([]any)
	for i, m := range ms {
		s, _ := m.(string)
		res.Passed = append(res.Passed, rankMove{PlayerID: memberPlayer(s), Rank: first + int64(i)})
	}
	return res
}

// announce publishes leaderboard.changed (the realtime hub coalesces these
// into leaderboard.top snapshots, so no throttling here) and rank.changed
// to the submitter and to the players whose place moved in the top ranks.
func (b *Boards) announce(ctx context.Context, boardID, playerID string, res *writeResult) {
	events := make([]Event, 0, 2+len(res.Passed))
	events = append(events, Event{event.LeaderboardTopic(boardID), event.NewLeaderboardChanged(boardID)})
	if res.Rank != res.PreviousRank {
		var prev *int64
		if res.PreviousRank > 0 {
			prev = &res.PreviousRank
		}
		events = append(events, Event{event.PlayerTopic(playerID), event.RankChanged{
			Board: boardID, PreviousRank: prev, Rank: res.Rank, Type: event.TypeRankChanged,
		}})
	}
	for _, m := range res.Passed {
		prev := m.Rank - 1 // moved down by one …
		if res.PreviousRank > 0 && res.Rank > res.PreviousRank {
			prev = m.Rank + 1 // … or up by one when the submitter fell
		}
		events = append(events, Event{event.PlayerTopic(m.PlayerID), event.RankChanged{
			Board: boardID, PreviousRank: &prev, Rank: m.Rank, Type: event.TypeRankChanged,
		}})
	}
	// One round trip however many players moved.
	publishAll(ctx, b.d.Events, events)
}

// memberPlayer extracts the player id from a sorted-set member.
func memberPlayer(m string) string {
	if len(m) > 16 && m[15] == ':' {
		return m[16:]
	}
	return m
}
