package game

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/ladder/ladder/internal/redistest"
)

// clock is a movable domain clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }

// recorder is a Publisher that keeps what it is given.
type recorder struct {
	mu   sync.Mutex
	msgs []published
}

type published struct {
	Topic string
	Msg   any
}

func (r *recorder) Publish(_ context.Context, topic string, msg any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.msgs = append(r.msgs, published{topic, msg})
}

func (r *recorder) take() []published {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := r.msgs
	r.msgs = nil
	return out
}

type boardsEnv struct {
	boards *Boards
	deps   Deps
	clock  *clock
	events *recorder
	target redistest.Target
}

// newBoardsEnv returns a Boards service on target under a fresh prefix,
// with the built-ins ensured and the clock at a Wednesday noon in 2031.
func newBoardsEnv(t *testing.T, target redistest.Target, opts BoardOptions) *boardsEnv {
	t.Helper()
	clk := &clock{t: time.Date(2031, 5, 14, 12, 0, 0, 0, time.UTC)}
	ev := &recorder{}
	d := Deps{Redis: target.Client, Keys: NewKeys(redistest.Prefix(t)), Events: ev, Now: clk.Now}
	if opts.ScoreRateLimit == 0 {
		opts.ScoreRateLimit = 1000
	}
	b := NewBoards(d, opts)
	if err := b.EnsureBuiltins(t.Context()); err != nil {
		t.Fatal(err)
	}
	return &boardsEnv{boards: b, deps: b.d, clock: clk, events: ev, target: target}
}

// player writes a minimal player hash and returns the player.
func (e *boardsEnv) player(t *testing.T, name string) *Player {
	t.Helper()
	id := uuid.NewString()
	if err := e.deps.Redis.HSet(t.Context(), e.deps.Keys.Player(id), fID, id, fDisplayName, name).Err(); err != nil {
		t.Fatal(err)
	}
	return &Player{ID: id, DisplayName: name}
}

func (e *boardsEnv) board(t *testing.T, def Leaderboard) *Leaderboard {
	t.Helper()
	b, err := e.boards.Create(t.Context(), def)
	if err != nil {
		t.Fatalf("create %+v: %v", def, err)
	}
	return b
}

func (e *boardsEnv) submit(t *testing.T, board string, p *Player, score int64) *ScoreResult {
	t.Helper()
	r, err := e.boards.Submit(t.Context(), board, p, Submission{Score: score})
	if err != nil {
		t.Fatalf("submit %d to %s: %v", score, board, err)
	}
	return r
}

// ranking is "name:score" per row of a board's current top.
func (e *boardsEnv) ranking(t *testing.T, board, period string) []string {
	t.Helper()
	page, err := e.boards.Top(t.Context(), board, period, 0, MaxPageSize)
	if err != nil {
		t.Fatalf("top %s: %v", board, err)
	}
	out := []string{}
	for i, en := range page.Entries {
		if en.Rank != int64(i+1) {
			t.Errorf("row %d has rank %d", i, en.Rank)
		}
		out = append(out, fmt.Sprintf("%s:%d", en.DisplayName, en.Score))
	}
	if int(page.Total) != len(out) {
		t.Errorf("total %d, rows %d", page.Total, len(out))
	}
	return out
}
