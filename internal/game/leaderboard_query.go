package game

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/ladder/ladder/internal/game/event"
)

// MaxPageSize caps the limit of one board page.
const MaxPageSize = 100

// LiveTopSize is how many entries a leaderboard.top message carries.
const LiveTopSize = 25

// Entry is one row of a board.
type Entry struct {
	Rank        int64  `json:"rank"`
	PlayerID    string `json:"player_id"`
	DisplayName string `json:"display_name"`
	Score       int64  `json:"score"`
}

// BoardPage is a slice of a board in one period.
type BoardPage struct {
	Board    string  `json:"board"`
	Period   string  `json:"period"`
	PeriodID string  `json:"period_id"`
	Total    int64   `json:"total"`
	Entries  []Entry `json:"entries"`
	// PlayerRank is the rank of the player a page is centred on (around).
	PlayerRank int64 `json:"player_rank,omitempty"`
}

// Standing is one player's place on a board.
type Standing struct {
	Rank  int64 `json:"rank"`
	Score int64 `json:"score"`
	// Percentile is the "top N%" figure: the share of the board at or above
	// this rank, rounded up to a tenth (rank 1 of 1000 is 0.1).
	Percentile float64 `json:"percentile"`
	Total      int64   `json:"total"`
	// At is when the player reached this score; absent for scores kept
	// from before boards recorded the time, and in answers about a score
	// not on the board.
	At *time.Time `json:"at,omitempty"`
}

func rankPercentile(rank, total int64) float64 {
	if total <= 0 {
		return 100
	}
	return math.Ceil(float64(rank)*1000/float64(total)) / 10
}

// Top reads entries [offset, offset+limit) of a board's period. The page
// is the caller's own copy.
func (b *Boards) Top(ctx context.Context, boardID, period string, offset, limit int) (*BoardPage, error) {
	e, err := b.topPage(ctx, boardID, period, offset, limit)
	if err != nil {
		return nil, err
	}
	return e.copyPage(), nil
}

// TopJSON is Top encoded as JSON and followed by a newline, exactly as a
// json.Encoder writes the page. Between changes of the board it comes from
// the in-process cache without decoding or encoding; callers must not
// modify it.
func (b *Boards) TopJSON(ctx context.Context, boardID, period string, offset, limit int) ([]byte, error) {
	e, err := b.topPage(ctx, boardID, period, offset, limit)
	if err != nil {
		return nil, err
	}
	return e.encoded(), nil
}

// topPage reads a page through the page cache (see leaderboard_page_cache.go).
func (b *Boards) topPage(ctx context.Context, boardID, period string, offset, limit int) (*cachedPage, error) {
	if offset < 0 || limit < 0 || limit > MaxPageSize {
		return nil, Invalidf("offset must be ≥ 0 and limit 0 to %d", MaxPageSize)
	}
	def, st, err := b.cached(ctx, boardID)
	if err != nil {
		return nil, err
	}
	for attempt := 0; ; attempt++ {
		pid, ok, err := b.periodKey(def, st, period)
		if err != nil {
			return nil, err
		}
		name := PeriodName(period)
		if !ok {
			if attempt == 0 {
				// A cached state may predate the reset that made a
				// previous period; make sure from Redis.
				if def, st, err = b.reload(ctx, boardID); err != nil {
					return nil, err
				}
				continue
			}
			return &cachedPage{page: BoardPage{Board: def.ID, Period: name, PeriodID: pid, Entries: []Entry{}}}, nil
		}
		key := pageKey{board: def.ID, period: name, periodID: pid, offset: offset, limit: limit}
		known := b.pages.get(key)
		knownSeq, knownEpoch := int64(-1), ""
		if known != nil {
			knownSeq, knownEpoch = known.seq, known.epoch
		}
		k := b.d.Keys
		raw, err := topScript.Run(ctx, b.d.Scripts,
			[]string{k.BoardState(def.ID), k.BoardScores(def.ID, pid), k.BoardNames(def.ID), k.BoardSeq(def.ID)},
			def.Order, offset, limit, st.Gen, knownSeq, knownEpoch).Slice()
		if err != nil {
			return nil, fmt.Errorf("read board %s: %w", def.ID, err)
		}
		total, _ := raw[0].(int64)
		switch {
		case total == -2 && known != nil:
			return known, nil
		case total < 0:
			// Reset meanwhile: the period ids moved on.
			if attempt >= 3 {
				return nil, Errorf(CodeUnavailable, "the board is being reset, try again")
			}
			if def, st, err = b.reload(ctx, boardID); err != nil {
				return nil, err
			}
			continue
		}
		seq, _ := raw[1].(int64)
		epoch, _ := raw[2].(string)
		e := &cachedPage{seq: seq, epoch: epoch,
			page: BoardPage{Board: def.ID, Period: name, PeriodID: pid, Total: total}}
		if e.page.Entries, err = b.entries(ctx, raw[3:], int64(offset)+1); err != nil {
			return nil, err
		}
		b.pages.put(key, e)
		return e, nil
	}
}

// playerPeriod finds a board and the id of the period a player's entry is
// looked up in; a period that does not exist yet means no entry.
func (b *Boards) playerPeriod(ctx context.Context, boardID, period, playerID string) (*Leaderboard, string, error) {
	def, st, err := b.load(ctx, boardID)
	if err != nil {
		return nil, "", err
	}
	pid, ok, err := b.periodKey(def, st, period)
	if err != nil {
		return nil, "", err
	}
	if !ok {
		return nil, "", NotFoundf("player %q has no entry on %s", playerID, def.ID)
	}
	return def, pid, nil
}

// Around reads the entries within radius places of a player.
func (b *Boards) Around(ctx context.Context, boardID, period, playerID string, radius int) (*BoardPage, error) {
	if radius < 0 || radius > 50 {
		return nil, Invalidf("radius must be 0 to 50")
	}
	// From the cached definition, in one round trip: the script refuses
	// when a reset moved the board on since that state was read.
	def, st, err := b.cached(ctx, boardID)
	if err != nil {
		return nil, err
	}
	var raw []any
	var pid string
	for attempt := 0; ; attempt++ {
		var ok bool
		if pid, ok, err = b.periodKey(def, st, period); err != nil {
			return nil, err
		}
		if ok {
			k := b.d.Keys
			if raw, err = aroundScript.Run(ctx, b.d.Scripts,
				[]string{k.BoardState(def.ID), k.BoardScores(def.ID, pid), k.BoardMembers(def.ID, pid), k.BoardNames(def.ID)},
				playerID, def.Order, radius, st.Gen).Slice(); err != nil {
				return nil, fmt.Errorf("read board %s: %w", def.ID, err)
			}
		}
		if ok && (len(raw) != 1 || raw[0] != int64(-1)) {
			break
		}
		// Stale, or a period the cached state does not know yet.
		if attempt > 0 {
			if !ok {
				return nil, NotFoundf("player %q has no entry on %s", playerID, def.ID)
			}
			return nil, Errorf(CodeUnavailable, "the board is being reset, try again")
		}
		if def, st, err = b.reload(ctx, boardID); err != nil {
			return nil, err
		}
	}
	if len(raw) < 3 {
		return nil, NotFoundf("player %q has no entry on %s", playerID, def.ID)
	}
	page := &BoardPage{Board: def.ID, Period: PeriodName(period), PeriodID: pid}
	page.Total, _ = raw[0].(int64)
	first, _ := raw[1].(int64)
	page.PlayerRank, _ = raw[2].(int64)
	page.Entries, err = b.entries(ctx, raw[3:], first)
	return page, err
}

// Standing reads one player's rank, score and percentile; not_found when
// the player has no entry.
func (b *Boards) Standing(ctx context.Context, boardID, period, playerID string) (*Standing, error) {
	def, pid, err := b.playerPeriod(ctx, boardID, period, playerID)
	if err != nil {
		return nil, err
	}
	k := b.d.Keys
	raw, err := standingScript.Run(ctx, b.d.Scripts, []string{k.BoardScores(def.ID, pid), k.BoardMembers(def.ID, pid), k.BoardTimes(def.ID, pid)},
		playerID, def.Order).Slice()
	if err != nil {
		return nil, fmt.Errorf("read board %s: %w", def.ID, err)
	}
	s := parseStanding(raw)
	if s == nil {
		return nil, NotFoundf("player %q has no entry on %s", playerID, def.ID)
	}
	return s, nil
}

func parseStanding(raw []any) *Standing {
	if len(raw) < 3 {
		return nil
	}
	rank, _ := raw[0].(int64)
	ss, _ := raw[1].(string)
	total, _ := raw[2].(int64)
	f, _ := strconv.ParseFloat(ss, 64)
	st := &Standing{Rank: rank, Score: int64(f), Total: total, Percentile: rankPercentile(rank, total)}
	if len(raw) > 3 {
		at, _ := raw[3].(string)
		if ms, err := strconv.ParseInt(at, 10, 64); err == nil && ms > 0 {
			t := time.UnixMilli(ms).UTC()
			st.At = &t
		}
	}
	return st
}

// BoardStanding is a player's place on one board (nil Standing: no entry).
type BoardStanding struct {
	Board    *Leaderboard `json:"board"`
	Standing *Standing    `json:"standing"`
}

// PlayerStandings reads a player's current standing on every board, for
// profile pages: two round trips whatever the number of boards.
func (b *Boards) PlayerStandings(ctx context.Context, playerID string) ([]BoardStanding, error) {
	defs, err := b.List(ctx)
	if err != nil {
		return nil, err
	}
	states, err := b.states(ctx, defs)
	if err != nil {
		return nil, err
	}
	k := b.d.Keys
	cmds := make([]*redis.Cmd, len(defs))
	_, err = b.d.Redis.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i, def := range defs {
			cur := periodsAt(def, states[i], b.d.Now()).Current
			// EVAL, not EVALSHA: a pipeline cannot fall back on NOSCRIPT.
			cmds[i] = standingScript.Eval(ctx, p, []string{k.BoardScores(def.ID, cur), k.BoardMembers(def.ID, cur), k.BoardTimes(def.ID, cur)},
				playerID, def.Order)
		}
		return nil
	})
	if err != nil && err != redis.Nil {
		return nil, fmt.Errorf("player standings: %w", err)
	}
	out := make([]BoardStanding, len(defs))
	for i, def := range defs {
		raw, _ := cmds[i].Slice()
		out[i] = BoardStanding{Board: def, Standing: parseStanding(raw)}
	}
	return out, nil
}

// TopMessage builds the leaderboard.top message of a board: its current
// top LiveTopSize with the board's change counter, read in one atomic step.
func (b *Boards) TopMessage(ctx context.Context, boardID string) ([]byte, error) {
	def, st, err := b.cached(ctx, boardID)
	if err != nil {
		return nil, err
	}
	var cur string
	var raw []any
	for attempt := 0; ; attempt++ {
		cur = periodsAt(def, st, b.d.Now()).Current
		k := b.d.Keys
		raw, err = liveTopScript.Run(ctx, b.d.Scripts,
			[]string{k.BoardScores(def.ID, cur), k.BoardSeq(def.ID), k.BoardState(def.ID), k.BoardNames(def.ID)},
			def.Order, LiveTopSize, st.Gen).Slice()
		if err != nil {
			return nil, fmt.Errorf("read board %s: %w", def.ID, err)
		}
		if n, _ := raw[0].(int64); n >= 0 {
			break
		}
		if attempt >= 3 {
			return nil, Errorf(CodeUnavailable, "the board is being reset, try again")
		}
		if def, st, err = b.reload(ctx, boardID); err != nil {
			return nil, err
		}
	}
	seq, _ := raw[0].(int64)
	total, _ := raw[1].(int64)
	entries, err := b.entries(ctx, raw[2:], 1)
	if err != nil {
		return nil, err
	}
	return json.Marshal(event.LeaderboardTop{Type: event.TypeLeaderboardTop, Topic: event.LeaderboardTopic(def.ID),
		Seq: seq, Board: def.ID, Period: cur, Total: total, Entries: entries})
}

// Place is the rank a score would have on a board's period now, without
// submitting it: one more than the entries strictly better.
func (b *Boards) Place(ctx context.Context, boardID, period string, score int64) (*Standing, error) {
	def, st, err := b.load(ctx, boardID)
	if err != nil {
		return nil, err
	}
	pid, ok, err := b.periodKey(def, st, period)
	if err != nil {
		return nil, err
	}
	if err := def.ValidateScore(score); err != nil {
		return nil, err
	}
	if !ok {
		return &Standing{Rank: 1, Score: score, Total: 0, Percentile: 100}, nil
	}
	key := b.d.Keys.BoardScores(def.ID, pid)
	s := strconv.FormatInt(score, 10)
	min, max := "("+s, "+inf"
	if def.Order == OrderAsc {
		min, max = "-inf", "("+s
	}
	var better, total *redis.IntCmd
	if _, err := b.d.Redis.Pipelined(ctx, func(p redis.Pipeliner) error {
		better = p.ZCount(ctx, key, min, max)
		total = p.ZCard(ctx, key)
		return nil
	}); err != nil {
		return nil, fmt.Errorf("place on board %s: %w", def.ID, err)
	}
	rank := better.Val() + 1
	return &Standing{Rank: rank, Score: score, Total: total.Val(), Percentile: rankPercentile(rank, max64(total.Val(), rank))}, nil
}

func max64(a, b int64) int64 {
	if a > b {
		return a
	}
	return b
}
