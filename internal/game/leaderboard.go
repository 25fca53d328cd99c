package game

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/ladder/ladder/internal/redisx"
)

// BoardOptions configure the leaderboard service.
type BoardOptions struct {
	// ScoreRateLimit submissions per player are allowed in any
	// ScoreRateWindow (SCORE_RATE_LIMIT, SCORE_RATE_WINDOW).
	ScoreRateLimit  int
	ScoreRateWindow time.Duration
	// TargetRush vets the scores on the boards its game feeds; nil makes
	// one with 30 s rounds.
	TargetRush *TargetRush
}

// Boards is the leaderboard service: definitions, score submission,
// queries, periods, and hiding banned players.
type Boards struct {
	d       Deps
	opts    BoardOptions
	rush    *TargetRush
	limiter *redisx.Limiter
	// oneNode is set when every key lives on one Redis (not a Cluster):
	// the score limit and the write then go in one script.
	oneNode bool
	cache   *boardCache
	pages   *pageCache
}

// NewBoards returns the leaderboard service.
func NewBoards(d Deps, opts BoardOptions) *Boards {
	d = d.withDefaults()
	if opts.ScoreRateLimit <= 0 {
		opts.ScoreRateLimit = 10
	}
	if opts.ScoreRateWindow <= 0 {
		opts.ScoreRateWindow = time.Minute
	}
	if opts.TargetRush == nil {
		opts.TargetRush = NewTargetRush(d, TargetRushOptions{})
	}
	_, cluster := d.Redis.(*redis.ClusterClient)
	return &Boards{d: d, opts: opts, rush: opts.TargetRush, limiter: redisx.NewLimiter(d.Redis, opts.ScoreRateLimit, opts.ScoreRateWindow).Through(d.Scripts),
		oneNode: !cluster, cache: newBoardCache(), pages: newPageCache()}
}

// Options returns the options the service runs with.
func (b *Boards) Options() BoardOptions { return b.opts }

// TargetRush returns the Target Rush service that vets the game's scores.
func (b *Boards) TargetRush() *TargetRush { return b.rush }

// EnsureBuiltins creates the built-in boards unless they exist. It is
// idempotent and safe when several instances start at once.
func (b *Boards) EnsureBuiltins(ctx context.Context) error {
	for _, def := range BuiltinBoards {
		js, _ := json.Marshal(def)
		if err := b.d.Redis.HSetNX(ctx, b.d.Keys.BoardDefs(), def.ID, js).Err(); err != nil {
			return fmt.Errorf("ensure board %s: %w", def.ID, err)
		}
	}
	return nil
}

// Create adds a board; an existing id is a conflict.
func (b *Boards) Create(ctx context.Context, def Leaderboard) (*Leaderboard, error) {
	if err := def.Normalize(); err != nil {
		return nil, err
	}
	def.Game = ""
	def.NextReset = nil
	def.CreatedAt = b.d.Now().UnixMilli()
	js, _ := json.Marshal(def)
	ok, err := b.d.Redis.HSetNX(ctx, b.d.Keys.BoardDefs(), def.ID, js).Result()
	if err != nil {
		return nil, fmt.Errorf("create board %s: %w", def.ID, err)
	}
	if !ok {
		return nil, Conflictf("a board with id %q exists", def.ID)
	}
	b.forget(def.ID)
	return b.Get(ctx, def.ID)
}

// UpdateTitle renames a board.
func (b *Boards) UpdateTitle(ctx context.Context, id, title string) (*Leaderboard, error) {
	return b.update(ctx, id, func(def *Leaderboard) { def.Title = title })
}

// UpdateScoreLabel renames a board's score ("Rating", "Strokes").
func (b *Boards) UpdateScoreLabel(ctx context.Context, id, label string) (*Leaderboard, error) {
	return b.update(ctx, id, func(def *Leaderboard) { def.ScoreLabel = label })
}

// update changes a board's definition. Only admins change definitions and
// each change sets one field, so a concurrent change of another field is
// the only thing that can be lost; the last write wins.
func (b *Boards) update(ctx context.Context, id string, change func(*Leaderboard)) (*Leaderboard, error) {
	def, _, err := b.load(ctx, id)
	if err != nil {
		return nil, err
	}
	change(def)
	if err := def.Normalize(); err != nil {
		return nil, err
	}
	def.NextReset = nil
	js, _ := json.Marshal(def)
	if err := b.d.Redis.HSet(ctx, b.d.Keys.BoardDefs(), id, js).Err(); err != nil {
		return nil, fmt.Errorf("update board %s: %w", id, err)
	}
	b.forget(id)
	return b.Get(ctx, id)
}

// Get returns a board's definition with its next reset.
func (b *Boards) Get(ctx context.Context, id string) (*Leaderboard, error) {
	def, st, err := b.load(ctx, id)
	if err != nil {
		return nil, err
	}
	b.fillNextReset(def, st)
	return def, nil
}

func (b *Boards) fillNextReset(def *Leaderboard, st boardState) {
	p := periodsAt(def, st, b.d.Now())
	if !p.NextReset.IsZero() {
		t := p.NextReset
		def.NextReset = &t
	}
	def.Previous = PreviousPeriod{From: p.PrevStart, To: p.PrevEnd, ResetAt: p.PrevResetAt}
}

// List returns every board: built-ins first, then by creation.
func (b *Boards) List(ctx context.Context) ([]*Leaderboard, error) {
	h, err := b.d.Redis.HGetAll(ctx, b.d.Keys.BoardDefs()).Result()
	if err != nil {
		return nil, fmt.Errorf("list boards: %w", err)
	}
	b.healBuiltinDefs(ctx, h)
	out := make([]*Leaderboard, 0, len(h))
	for _, js := range h {
		var def Leaderboard
		if json.Unmarshal([]byte(js), &def) == nil {
			fillScoreLabel(&def)
			out = append(out, &def)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		// Built-ins first, in their own order; then by creation.
		if bi, bj := builtinIndex(out[i].ID), builtinIndex(out[j].ID); bi != bj {
			return bi < bj
		}
		if out[i].CreatedAt != out[j].CreatedAt {
			return out[i].CreatedAt < out[j].CreatedAt
		}
		return out[i].ID < out[j].ID
	})
	if err := b.loadStates(ctx, out); err != nil {
		return nil, err
	}
	return out, nil
}

// loadStates fills NextReset for many boards in one round trip.
func (b *Boards) loadStates(ctx context.Context, defs []*Leaderboard) error {
	states, err := b.states(ctx, defs)
	if err != nil {
		return err
	}
	for i, def := range defs {
		b.fillNextReset(def, states[i])
	}
	return nil
}

func (b *Boards) states(ctx context.Context, defs []*Leaderboard) ([]boardState, error) {
	cmds := make([]*redis.SliceCmd, len(defs))
	_, err := b.d.Redis.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i, def := range defs {
			cmds[i] = p.HMGet(ctx, b.d.Keys.BoardState(def.ID), "gen", "gen_period", "gen_at")
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("board states: %w", err)
	}
	out := make([]boardState, len(defs))
	for i, c := range cmds {
		out[i] = parseState(c.Val())
	}
	return out, nil
}

func parseState(v []any) boardState {
	var st boardState
	if len(v) >= 2 {
		if s, ok := v[0].(string); ok {
			st.Gen, _ = strconv.ParseInt(s, 10, 64)
		}
		st.GenPeriod, _ = v[1].(string)
	}
	if len(v) >= 3 {
		if s, ok := v[2].(string); ok {
			if ms, err := strconv.ParseInt(s, 10, 64); err == nil {
				st.GenAt = time.UnixMilli(ms).UTC()
			}
		}
	}
	return st
}

// load reads a board's definition and reset state in one round trip.
func (b *Boards) load(ctx context.Context, id string) (*Leaderboard, boardState, error) {
	if !boardIDRE.MatchString(id) {
		return nil, boardState{}, NotFoundf("no leaderboard %q", id)
	}
	var def *redis.StringCmd
	var st *redis.SliceCmd
	_, err := b.d.Redis.Pipelined(ctx, func(p redis.Pipeliner) error {
		def = p.HGet(ctx, b.d.Keys.BoardDefs(), id)
		st = p.HMGet(ctx, b.d.Keys.BoardState(id), "gen", "gen_period", "gen_at")
		return nil
	})
	if errors.Is(err, redis.Nil) || (err == nil && def.Val() == "") {
		if healed := b.healBuiltin(ctx, id); healed != nil {
			return healed, parseState(st.Val()), nil
		}
		return nil, boardState{}, NotFoundf("no leaderboard %q", id)
	}
	if err != nil {
		return nil, boardState{}, fmt.Errorf("load board %s: %w", id, err)
	}
	var out Leaderboard
	if err := json.Unmarshal([]byte(def.Val()), &out); err != nil {
		return nil, boardState{}, fmt.Errorf("load board %s: %w", id, err)
	}
	fillScoreLabel(&out)
	return &out, parseState(st.Val()), nil
}

// fillScoreLabel names the score of a definition stored before boards had
// score labels: a built-in's own label, else the default.
func fillScoreLabel(def *Leaderboard) {
	if def.ScoreLabel != "" {
		return
	}
	def.ScoreLabel = DefaultScoreLabel
	if i := builtinIndex(def.ID); i < len(BuiltinBoards) && BuiltinBoards[i].ScoreLabel != "" {
		def.ScoreLabel = BuiltinBoards[i].ScoreLabel
	}
}

// periodKey resolves "current"/"previous" (or "" for current) to a period
// id; ok is false when the board has no previous period yet.
func (b *Boards) periodKey(def *Leaderboard, st boardState, period string) (id string, ok bool, err error) {
	p := periodsAt(def, st, b.d.Now())
	switch strings.ToLower(period) {
	case "", "current":
		return p.Current, true, nil
	case "previous":
		return p.Previous, p.Previous != "", nil
	}
	return "", false, Invalidf("period must be current or previous")
}

// PeriodName turns the query value into the name answers carry.
func PeriodName(period string) string {
	if strings.ToLower(period) == "previous" {
		return "previous"
	}
	return "current"
}

// builtinIndex is a board's place among the built-ins, or after them all.
func builtinIndex(id string) int {
	for i, def := range BuiltinBoards {
		if def.ID == id {
			return i
		}
	}
	return len(BuiltinBoards)
}
