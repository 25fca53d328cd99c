package game

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/redis/go-redis/v9"

	"github.com/ladder/ladder/internal/game/glicko2"
	"github.com/ladder/ladder/internal/redistest"
)

// testClock is a domain clock tests move by hand.
type testClock struct{ ms atomic.Int64 }

func newTestClock() *testClock {
	c := &testClock{}
	c.ms.Store(time.Now().UnixMilli())
	return c
}

func (c *testClock) Now() time.Time          { return time.UnixMilli(c.ms.Load()) }
func (c *testClock) Advance(d time.Duration) { c.ms.Add(d.Milliseconds()) }

// zsetBoard is a minimal RatingBoard: ZADD into one test key.
type zsetBoard struct {
	rdb   redis.UniversalClient
	key   string
	calls atomic.Int64
}

func (b *zsetBoard) SetScore(ctx context.Context, boardID, playerID string, score int64) error {
	b.calls.Add(1)
	return b.rdb.ZAdd(ctx, b.key+":"+boardID, redis.Z{Score: float64(score), Member: playerID}).Err()
}

// recordingPublisher keeps every event.
type recordingPublisher struct {
	ch chan any
}

func (p *recordingPublisher) Publish(_ context.Context, topic string, msg any) {
	select {
	case p.ch <- msg:
	default:
	}
}

// recorded drains p and returns the events whose payload is a T.
func recorded[T any](p *recordingPublisher) []T {
	var out []T
	for {
		select {
		case m := <-p.ch:
			if v, ok := m.(T); ok {
				out = append(out, v)
			}
		default:
			return out
		}
	}
}

type mmEnv struct {
	rdb   redis.UniversalClient
	d     Deps
	clock *testClock
	ms    *Matches
	mm    *Matchmaker
	board *zsetBoard
	pub   *recordingPublisher
}

// newMMEnv builds matches and a matchmaker on rdb under a fresh prefix.
func newMMEnv(t testing.TB, rdb redis.UniversalClient) *mmEnv {
	t.Helper()
	clock := newTestClock()
	pub := &recordingPublisher{ch: make(chan any, 10000)}
	prefix := redistest.Prefix(t)
	d := Deps{Redis: rdb, Keys: NewKeys(prefix), Now: clock.Now, Events: pub}
	board := &zsetBoard{rdb: rdb, key: prefix + ":board"}
	ms := NewMatches(d, MatchConfig{TurnTimeout: 30 * time.Second}, board)
	return &mmEnv{rdb: rdb, d: d.withDefaults(), clock: clock, ms: ms,
		mm: NewMatchmaker(d, ms, NewPresence(d)), board: board, pub: pub}
}

// clone is a second "instance" on the same Redis and keys.
func (e *mmEnv) clone() (*Matches, *Matchmaker) {
	ms := NewMatches(e.d, e.ms.cfg, e.board)
	return ms, NewMatchmaker(e.d, ms, NewPresence(e.d))
}

// player writes a player hash with a connect4 rating and returns it.
func (e *mmEnv) player(t testing.TB, name string, rating, rd float64) *Player {
	t.Helper()
	id := uuid.NewString()
	err := e.rdb.HSet(context.Background(), e.d.Keys.Player(id), map[string]any{
		fID: id, fUsername: name, fDisplayName: name, fCreatedAt: time.Now().UnixMilli(),
		"connect4:rating": fmtFloat(rating), "connect4:rd": fmtFloat(rd),
	}).Err()
	if err != nil {
		t.Fatal(err)
	}
	h, err := e.rdb.HGetAll(context.Background(), e.d.Keys.Player(id)).Result()
	if err != nil {
		t.Fatal(err)
	}
	return playerFromHash(h)
}

func (e *mmEnv) enqueue(t testing.TB, p *Player) string {
	t.Helper()
	id, err := e.mm.Enqueue(context.Background(), p, ModeConnect4)
	if err != nil {
		t.Fatalf("enqueue %s: %v", p.DisplayName, err)
	}
	return id
}

// startMatch queues two fresh players and pairs them.
func (e *mmEnv) startMatch(t testing.TB) (*Match, *Player, *Player) {
	t.Helper()
	a := e.player(t, fmt.Sprintf("a%d", e.clock.ms.Load()%100000), 1500, 350)
	b := e.player(t, fmt.Sprintf("b%d", e.clock.ms.Load()%100000), 1520, 350)
	e.enqueue(t, a)
	e.enqueue(t, b)
	res, err := e.mm.Tick(context.Background(), ModeConnect4)
	if err != nil || res.Matched != 1 {
		t.Fatalf("tick = %+v, %v; want 1 match", res, err)
	}
	id, err := e.ms.ActiveMatch(context.Background(), a.ID)
	if err != nil || id == "" {
		t.Fatalf("active match of a = %q, %v", id, err)
	}
	m, err := e.ms.Get(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return m, a, b
}

// ratingOf reads a player's stored connect4 fields.
func (e *mmEnv) ratingOf(t testing.TB, id string) (glicko2.Rating, ModeRating) {
	t.Helper()
	h, err := e.rdb.HGetAll(context.Background(), e.d.Keys.Player(id)).Result()
	if err != nil {
		t.Fatal(err)
	}
	r, _ := ratingFromFields([]any{h["connect4:rating"], h["connect4:rd"], h["connect4:vol"], h[fDisplayName]})
	return r, playerFromHash(h).Ratings[ModeConnect4]
}
