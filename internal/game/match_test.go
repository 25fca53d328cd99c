package game

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/ladder/ladder/internal/game/event"
	"github.com/ladder/ladder/internal/game/glicko2"
	"github.com/ladder/ladder/internal/redistest"
	"github.com/ladder/ladder/internal/redisx"
)

// play makes moves alternately starting with the player to move.
func play(t *testing.T, e *mmEnv, m *Match, cols ...int) *Match {
	t.Helper()
	var err error
	for _, c := range cols {
		cur := m
		m, err = e.ms.Move(context.Background(), m.ID, cur.ToMove(), c)
		if err != nil {
			t.Fatalf("move %d: %v", c, err)
		}
	}
	return m
}

func TestMatchMoves(t *testing.T) {
	redistest.Each(t, func(t *testing.T, tg redistest.Target) {
		e := newMMEnv(t, tg.Client)
		ctx := context.Background()
		m, _, _ := e.startMatch(t)
		first, second := m.Players[0], m.Players[1]
		stranger := e.player(t, "stranger", 1500, 350)

		cases := []struct {
			name   string
			player string
			col    int
			code   string
		}{
			{"not your turn", second, 3, CodeConflict},
			{"column too big", first, 7, CodeInvalid},
			{"negative column", first, -1, CodeInvalid},
			{"not a player", stranger.ID, 3, CodeForbidden},
		}
		for _, c := range cases {
			if _, err := e.ms.Move(ctx, m.ID, c.player, c.col); ErrorCode(err) != c.code {
				t.Errorf("%s: %v, want %s", c.name, err, c.code)
			}
		}
		if _, err := e.ms.Move(ctx, "00000000-0000-0000-0000-000000000000", first, 3); ErrorCode(err) != CodeNotFound {
			t.Errorf("unknown match: %v", err)
		}
		// Fill column 0 (6 moves), then a 7th there is a conflict.
		m = play(t, e, m, 0, 0, 0, 0, 0, 0)
		if _, err := e.ms.Move(ctx, m.ID, m.ToMove(), 0); ErrorCode(err) != CodeConflict {
			t.Errorf("full column: %v, want conflict", err)
		}
		if got := len(m.Moves); got != 6 {
			t.Fatalf("%d moves stored, want 6", got)
		}
		// first: 1,1,1,1 vertical four; second plays 2 in between.
		m = play(t, e, m, 1, 2, 1, 2, 1, 2, 1)
		if m.Status != MatchFinished || m.Winner != first || m.Reason != ReasonFour {
			t.Fatalf("after four in a row: status %s winner %s reason %s", m.Status, m.Winner, m.Reason)
		}
		if _, err := e.ms.Move(ctx, m.ID, second, 3); ErrorCode(err) != CodeConflict {
			t.Errorf("move after the end: %v, want conflict", err)
		}
		if _, err := e.ms.Resign(ctx, m.ID, second); ErrorCode(err) != CodeConflict {
			t.Errorf("resign after the end: %v, want conflict", err)
		}
		v, err := e.ms.View(ctx, m)
		if err != nil {
			t.Fatal(err)
		}
		if v.Turn != nil || v.Deadline != nil || v.Result == nil || *v.Result.Winner != first || v.Seq != 13 {
			t.Errorf("view = %+v", v)
		}
		if v.Board[5][1] != 1 || v.Board[0][0] != 2 || v.Board[5][2] != 2 {
			t.Errorf("board = %v", v.Board)
		}
		states := recorded[event.MatchState](e.pub)
		if len(states) < 13 || states[len(states)-1].Seq != 13 {
			t.Errorf("%d match.state events, last %v", len(states), states[len(states)-1])
		}
	})
}

func TestSettlementStoresGlickoOnce(t *testing.T) {
	redistest.Each(t, func(t *testing.T, tg redistest.Target) {
		e := newMMEnv(t, tg.Client)
		ctx := context.Background()
		m, _, _ := e.startMatch(t)
		winner, loser := m.Players[1], m.Players[0]
		m, err := e.ms.Resign(ctx, m.ID, loser)
		if err != nil {
			t.Fatal(err)
		}
		if !m.Settled || m.Settlement == nil {
			t.Fatalf("resigned match not settled: %+v", m)
		}
		wantL, wantW := glicko2.RatePair(m.Pre[0], m.Pre[1], 0)
		for i := 0; i < 3; i++ { // settling again changes nothing
			if err := e.ms.Settle(ctx, m.ID); err != nil {
				t.Fatal(err)
			}
		}
		checkSettled(t, e, winner, wantW, 1, 0)
		checkSettled(t, e, loser, wantL, 0, 1)
		ended := recorded[event.MatchEnded](e.pub)
		if len(ended) != 3 { // match topic + both players, once
			t.Fatalf("match.ended events = %d, want 3", len(ended))
		}
		rc := ended[0].RatingChanges.(map[string]RatingChange)
		if rc[winner].Delta <= 0 || rc[loser].Delta >= 0 || rc[winner].After != roundInt(wantW.Rating) {
			t.Errorf("rating_changes = %+v", rc)
		}
		h, err := e.ms.PlayerHistory(ctx, winner, 10)
		if err != nil || len(h) != 1 || h[0].Outcome != "win" || h[0].Reason != ReasonResign || h[0].Delta != rc[winner].Delta {
			t.Errorf("history = %+v, %v", h, err)
		}
	})
}

func roundInt(f float64) int { return int(f + 0.5) }

// checkSettled checks a player's stored rating and counters.
func checkSettled(t *testing.T, e *mmEnv, id string, want glicko2.Rating, wins, losses int) {
	t.Helper()
	got, mr := e.ratingOf(t, id)
	if got != want {
		t.Errorf("player %s rating %+v, want %+v", id, got, want)
	}
	if mr.Games != 1 || mr.Wins != wins || mr.Losses != losses {
		t.Errorf("player %s counters %+v, want 1 game, %d wins, %d losses", id, mr, wins, losses)
	}
	score, err := e.rdb.ZScore(context.Background(), e.board.key+":connect4", id).Result()
	if err != nil || int(score) != roundInt(want.Rating) {
		t.Errorf("board score of %s = %v, %v; want %d", id, score, err, roundInt(want.Rating))
	}
}

// settleSteps runs one undisturbed settlement and returns the steps its
// crash hook saw, in order: every point at which an instance could die.
func settleSteps(t *testing.T) []string {
	t.Helper()
	e := newMMEnv(t, redistest.Start(t).Client(t))
	m, _, _ := e.startMatch(t)
	var steps []string
	e.ms.crashAt = func(s string) error {
		steps = append(steps, s)
		return nil
	}
	play(t, e, m, 0, 1, 0, 1, 0, 1, 0)
	for _, want := range []string{"compute", "player0", "player1", "players", "board", "release",
		"index", "claimed", "announce", "settled", "finalize"} {
		if !slices.Contains(steps, want) {
			t.Fatalf("settlement steps %v lack %q", steps, want)
		}
	}
	return steps
}

func TestSettlementResumesAfterCrashAtEveryStep(t *testing.T) {
	for _, step := range settleSteps(t) {
		t.Run(step, func(t *testing.T) {
			e := newMMEnv(t, redistest.Start(t).Client(t))
			ctx := context.Background()
			m, a, b := e.startMatch(t)
			crash := errors.New("instance died")
			e.ms.crashAt = func(s string) error {
				if s == step {
					return crash
				}
				return nil
			}
			// The last move ends the match; its settlement dies at step.
			m = play(t, e, m, 0, 1, 0, 1, 0, 1, 0)
			if m.Status != MatchFinished || m.Settled && step != "settled" && step != "finalize" {
				t.Fatalf("after crash at %s: %+v", step, m)
			}
			// The dead settler's lock and announcement claim lapse; another
			// instance's sweeper finishes the settlement.
			e.clock.Advance(announceRetryAfter + time.Second)
			e.rdb.Del(ctx, e.d.Keys.MatchSettleLock(m.ID))
			other, _ := e.clone()
			if err := other.Sweep(ctx); err != nil {
				t.Fatal(err)
			}
			checkFullySettled(t, e, m.ID, a, b)
		})
	}
}

// checkFullySettled checks everything a settlement must leave behind for a
// match the first player won by four in a row.
func checkFullySettled(t *testing.T, e *mmEnv, matchID string, a, b *Player) {
	t.Helper()
	ctx := context.Background()
	m, err := e.ms.Get(ctx, matchID)
	if err != nil || !m.Settled {
		t.Fatalf("not settled after resume: %+v, %v", m, err)
	}
	wantW, wantL := glicko2.RatePair(m.Pre[0], m.Pre[1], 1)
	checkSettled(t, e, m.Players[0], wantW, 1, 0)
	checkSettled(t, e, m.Players[1], wantL, 0, 1)
	for _, id := range m.Players {
		if h, err := e.ms.PlayerHistory(ctx, id, 10); err != nil || len(h) != 1 || h[0].MatchID != m.ID {
			t.Errorf("history of %s = %+v, %v", id, h, err)
		}
		if id, _ := e.ms.ActiveMatch(ctx, id); id != "" {
			t.Errorf("player still busy with %s", id)
		}
	}
	if due, _ := e.rdb.ZCard(ctx, e.d.Keys.MatchesDue()).Result(); due != 0 {
		t.Errorf("%d matches still due", due)
	}
	if live, _ := e.rdb.ZCard(ctx, e.d.Keys.MatchesLive()).Result(); live != 0 {
		t.Errorf("%d matches still live", live)
	}
	if _, err := e.rdb.ZScore(ctx, e.d.Keys.MatchesRecent(), m.ID).Result(); err != nil {
		t.Errorf("match not in the recent list: %v", err)
	}
	if ttl, _ := e.rdb.PTTL(ctx, e.d.Keys.Match(m.ID)).Result(); ttl <= 0 {
		t.Errorf("settled match has TTL %v, want the retention", ttl)
	}
	topics := map[any]int{}
	for _, ev := range recorded[event.MatchEnded](e.pub) {
		if ev.MatchID == m.ID {
			topics[ev.Topic]++
		}
	}
	for _, topic := range []string{event.MatchTopic(m.ID), event.PlayerTopic(m.Players[0]), event.PlayerTopic(m.Players[1])} {
		if topics[topic] == 0 {
			t.Errorf("match.ended never published on %s (got %v)", topic, topics)
		}
	}
	// Both may queue again.
	e.enqueue(t, a)
	e.enqueue(t, b)
}

func TestTimeoutRaceSettlesOnce(t *testing.T) {
	redistest.Each(t, func(t *testing.T, tg redistest.Target) {
		e := newMMEnv(t, tg.Client)
		ctx := context.Background()
		m, _, _ := e.startMatch(t)
		m = play(t, e, m, 3) // now the second player is to move
		e.clock.Advance(31 * time.Second)

		// Two instances' sweepers, plus settlers whose lock "expires" under
		// them (the hook deletes it), all at once.
		a, _ := e.clone()
		b, _ := e.clone()
		for _, inst := range []*Matches{a, b} {
			inst.crashAt = func(string) error {
				e.rdb.Del(ctx, e.d.Keys.MatchSettleLock(m.ID))
				return nil
			}
		}
		var wg sync.WaitGroup
		for i := range 8 {
			inst := []*Matches{a, b}[i%2]
			wg.Add(1)
			go func() {
				defer wg.Done()
				if err := inst.Sweep(ctx); err != nil {
					t.Error(err)
				}
				if err := inst.Settle(ctx, m.ID); err != nil && !errors.Is(err, redisx.ErrLockLost) {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		// Whatever was left half-done is finished by a later sweep.
		a.crashAt, b.crashAt = nil, nil
		e.rdb.ZAdd(ctx, e.d.Keys.MatchesDue(), redis.Z{Score: 0, Member: m.ID})
		if err := a.Sweep(ctx); err != nil {
			t.Fatal(err)
		}
		m, err := e.ms.Get(ctx, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		if m.Status != MatchFinished || m.Reason != ReasonTimeout || m.Winner != m.Players[0] || !m.Settled {
			t.Fatalf("after timeout: status %s reason %s winner %s settled %v", m.Status, m.Reason, m.Winner, m.Settled)
		}
		wantW, wantL := glicko2.RatePair(m.Pre[0], m.Pre[1], 1)
		checkSettled(t, e, m.Players[0], wantW, 1, 0)
		checkSettled(t, e, m.Players[1], wantL, 0, 1)
		if n := len(recorded[event.MatchEnded](e.pub)); n != 3 {
			t.Errorf("match.ended published %d times, want 3 (once per topic)", n)
		}
	})
}

func TestMoveAfterDeadlineLoses(t *testing.T) {
	e := newMMEnv(t, redistest.Start(t).Client(t))
	m, _, _ := e.startMatch(t)
	e.clock.Advance(30 * time.Second)
	if _, err := e.ms.Move(context.Background(), m.ID, m.Players[0], 3); ErrorCode(err) != CodeConflict {
		t.Fatalf("late move: %v, want conflict", err)
	}
	m, _ = e.ms.Get(context.Background(), m.ID)
	if m.Reason != ReasonTimeout || m.Winner != m.Players[1] || !m.Settled {
		t.Errorf("late move: %+v", m)
	}
}

func TestCancelForfeitAndLists(t *testing.T) {
	e := newMMEnv(t, redistest.Start(t).Client(t))
	ctx := context.Background()
	m1, a, _ := e.startMatch(t)
	m2, c, d := e.startMatch(t)
	if n, _ := e.ms.LiveCount(ctx); n != 2 {
		t.Errorf("live count = %d", n)
	}
	if live, err := e.ms.ListLive(ctx); err != nil || len(live) != 2 {
		t.Errorf("live = %v, %v", live, err)
	}
	before, _ := e.ratingOf(t, a.ID)
	m1, err := e.ms.Cancel(ctx, m1.ID, "abusive names")
	if err != nil || m1.Status != MatchCancelled || m1.Reason != ReasonCancelled || !m1.Settled {
		t.Fatalf("cancel = %+v, %v", m1, err)
	}
	after, mr := e.ratingOf(t, a.ID)
	if after != before || mr.Games != 0 {
		t.Errorf("cancel changed ratings: %+v → %+v (%+v)", before, after, mr)
	}
	ended := recorded[event.MatchEnded](e.pub)
	if len(ended) != 3 || ended[0].Result.(*MatchResult).Reason != "cancelled" {
		t.Errorf("match.ended after cancel = %v", ended)
	}
	e.enqueue(t, a) // free to queue again
	e.clock.Advance(time.Second)

	got, err := e.ms.ForfeitPlayer(ctx, c.ID)
	if err != nil || got == nil || got.Winner != d.ID || got.ID != m2.ID {
		t.Fatalf("forfeit = %+v, %v", got, err)
	}
	if got, err := e.ms.ForfeitPlayer(ctx, c.ID); err != nil || got != nil {
		t.Errorf("second forfeit = %+v, %v; want nothing", got, err)
	}
	recent, total, err := e.ms.ListRecent(ctx, 0, 10)
	if err != nil || total != 2 || len(recent) != 2 || recent[0].ID != m2.ID {
		t.Errorf("recent = %v (total %d), %v", recent, total, err)
	}
	if n, _ := e.ms.LiveCount(ctx); n != 0 {
		t.Errorf("live count after both ended = %d", n)
	}
	// A deleted player shows as such.
	e.rdb.Del(ctx, e.d.Keys.Player(d.ID))
	v, err := e.ms.View(ctx, got)
	if err != nil {
		t.Fatal(err)
	}
	seat := got.Seat(d.ID)
	if v.PlayerInfo[seat].DisplayName != DeletedPlayerName || !v.PlayerInfo[seat].Deleted {
		t.Errorf("deleted player shown as %+v", v.PlayerInfo[seat])
	}
	h, _ := e.ms.PlayerHistory(ctx, c.ID, 5)
	if len(h) != 1 || h[0].OpponentName != DeletedPlayerName || h[0].Outcome != "loss" {
		t.Errorf("history = %+v", h)
	}
}

func TestStateMessage(t *testing.T) {
	e := newMMEnv(t, redistest.Start(t).Client(t))
	ctx := context.Background()
	m, _, _ := e.startMatch(t)
	play(t, e, m, 3, 4)
	raw, err := e.ms.StateMessage(ctx, m.ID)
	if err != nil {
		t.Fatal(err)
	}
	var msg struct {
		Type, Topic, Turn, Status string
		MatchID                   string `json:"match_id"`
		Seq                       int
		Board                     [][]int
		Moves                     []int
		Deadline                  time.Time
	}
	if err := json.Unmarshal(raw, &msg); err != nil {
		t.Fatal(err)
	}
	if msg.Type != "match.state" || msg.Topic != "match:"+m.ID || msg.Seq != 2 || msg.Turn != m.Players[0] ||
		len(msg.Board) != 6 || msg.Board[5][3] != 1 || msg.Board[5][4] != 2 || msg.Deadline.IsZero() {
		t.Errorf("state message = %s", raw)
	}
	if _, err := e.ms.StateMessage(ctx, "00000000-0000-0000-0000-000000000001"); ErrorCode(err) != CodeNotFound {
		t.Errorf("unknown match: %v", err)
	}
}
