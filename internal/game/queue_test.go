package game

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/ladder/ladder/internal/redistest"
)

func TestMatcherPairsClosestAndWidensWithTime(t *testing.T) {
	redistest.Each(t, func(t *testing.T, tg redistest.Target) {
		e := newMMEnv(t, tg.Client)
		ctx := context.Background()
		p1500 := e.player(t, "p1500", 1500, 50)
		p1510 := e.player(t, "p1510", 1510, 50)
		p1580 := e.player(t, "p1580", 1580, 50)
		p1000 := e.player(t, "p1000", 1000, 50)
		for _, p := range []*Player{p1580, p1000, p1510, p1500} {
			e.enqueue(t, p)
		}
		res, err := e.mm.Tick(ctx, ModeConnect4)
		if err != nil || res.Matched != 1 {
			t.Fatalf("first tick = %+v, %v; want one match", res, err)
		}
		id, _ := e.ms.ActiveMatch(ctx, p1500.ID)
		m, err := e.ms.Get(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if m.Seat(p1510.ID) < 0 {
			t.Errorf("1500 was paired with %v, want the 1510 player", m.Players)
		}
		// 1580 vs 1000 is far outside a fresh window; waiting widens it.
		tk1580, _ := e.mm.PlayerTicket(ctx, p1580.ID, ModeConnect4)
		v0, err := e.mm.Ticket(ctx, p1580.ID, tk1580)
		if err != nil {
			t.Fatal(err)
		}
		for _, wait := range []time.Duration{20 * time.Second, 60 * time.Second} {
			e.clock.Advance(wait)
			// Both poll their ticket, as the page does, so they count as present.
			for _, p := range []*Player{p1580, p1000} {
				tk, _ := e.mm.PlayerTicket(ctx, p.ID, ModeConnect4)
				if _, err := e.mm.Ticket(ctx, p.ID, tk); err != nil {
					t.Fatal(err)
				}
			}
			if res, err := e.mm.Tick(ctx, ModeConnect4); err != nil || res.Matched != 0 || res.Waiting != 2 {
				t.Fatalf("tick after %v = %+v, %v; want no match, 2 waiting", wait, res, err)
			}
		}
		v1, err := e.mm.Ticket(ctx, p1580.ID, tk1580)
		if err != nil {
			t.Fatal(err)
		}
		if !(v1.Range[0] < v0.Range[0] && v1.Range[1] > v0.Range[1]) || v1.WaitedMs != 80000 {
			t.Errorf("range %v after %dms, was %v: want wider", v1.Range, v1.WaitedMs, v0.Range)
		}
		e.clock.Advance(100 * time.Second) // 3 min in: any opponent will do
		for _, p := range []*Player{p1580, p1000} {
			tk, _ := e.mm.PlayerTicket(ctx, p.ID, ModeConnect4)
			e.mm.Ticket(ctx, p.ID, tk)
		}
		if res, err := e.mm.Tick(ctx, ModeConnect4); err != nil || res.Matched != 1 {
			t.Fatalf("tick after 3 min = %+v, %v; want the far pair matched", res, err)
		}
		v2, err := e.mm.Ticket(ctx, p1580.ID, tk1580)
		if err != nil || v2.Status != TicketMatched || v2.MatchID == "" {
			t.Errorf("ticket after match = %+v, %v", v2, err)
		}
		q, err := e.mm.Quality(ctx, ModeConnect4)
		if err != nil || q.Samples != 2 || q.GapP50 != 10 || q.GapP95 != 580 || q.WaitP95Ms != 180000 {
			t.Errorf("quality = %+v, %v; want 2 samples, gaps 10/580, wait p95 180000", q, err)
		}
	})
}

func TestEnqueueRules(t *testing.T) {
	e := newMMEnv(t, redistest.Start(t).Client(t))
	ctx := context.Background()
	a, b := e.player(t, "alice", 1500, 350), e.player(t, "bob", 1500, 350)
	ta := e.enqueue(t, a)
	if _, err := e.mm.Enqueue(ctx, a, ModeConnect4); ErrorCode(err) != CodeConflict {
		t.Errorf("second enqueue: %v, want conflict", err)
	}
	if _, err := e.mm.Enqueue(ctx, a, "chess"); ErrorCode(err) != CodeNotFound {
		t.Errorf("unknown mode: %v, want not_found", err)
	}
	banned := *b
	banned.Banned = true
	if _, err := e.mm.Enqueue(ctx, &banned, ModeConnect4); ErrorCode(err) != CodeForbidden {
		t.Errorf("banned: %v, want forbidden", err)
	}
	if err := e.mm.Cancel(ctx, b.ID, ta); ErrorCode(err) != CodeNotFound {
		t.Errorf("cancel someone else's ticket: %v, want not_found", err)
	}
	if _, err := e.mm.Ticket(ctx, b.ID, ta); ErrorCode(err) != CodeNotFound {
		t.Errorf("read someone else's ticket: %v, want not_found", err)
	}
	if err := e.mm.Cancel(ctx, a.ID, "not-a-ticket"); ErrorCode(err) != CodeNotFound {
		t.Errorf("cancel garbage: %v, want not_found", err)
	}
	if n, _ := e.mm.QueueLength(ctx, ModeConnect4); n != 1 {
		t.Errorf("queue length = %d, want 1", n)
	}
	if err := e.mm.Cancel(ctx, a.ID, ta); err != nil {
		t.Fatalf("cancel: %v", err)
	}
	if err := e.mm.Cancel(ctx, a.ID, ta); ErrorCode(err) != CodeNotFound {
		t.Errorf("cancel twice: %v, want not_found", err)
	}
	if n, _ := e.mm.QueueLength(ctx, ModeConnect4); n != 0 {
		t.Errorf("queue length after cancel = %d", n)
	}
	// In a live match: conflict until the match is over.
	m, p1, p2 := e.startMatch(t)
	if _, err := e.mm.Enqueue(ctx, p1, ModeConnect4); ErrorCode(err) != CodeConflict {
		t.Errorf("enqueue while in a match: %v, want conflict", err)
	}
	if _, err := e.ms.Resign(ctx, m.ID, p2.ID); err != nil {
		t.Fatal(err)
	}
	e.enqueue(t, p1)
	// RemovePlayer leaves every queue.
	if err := e.mm.RemovePlayer(ctx, p1.ID); err != nil {
		t.Fatal(err)
	}
	if tk, _ := e.mm.PlayerTicket(ctx, p1.ID, ModeConnect4); tk != "" {
		t.Errorf("ticket after RemovePlayer = %q", tk)
	}
}

func TestTicketsExpire(t *testing.T) {
	e := newMMEnv(t, redistest.Start(t).Client(t))
	ctx := context.Background()
	// Far apart so they never pair.
	old := e.player(t, "old", 500, 30)
	e.enqueue(t, old)
	e.clock.Advance(4 * time.Minute)
	polling := e.player(t, "polling", 1500, 30)
	socket := e.player(t, "socket", 2500, 30)
	gone := e.player(t, "gone", 3500, 30)
	fresh := e.player(t, "fresh", 4500, 30)
	tp := e.enqueue(t, polling)
	e.enqueue(t, socket)
	tg := e.enqueue(t, gone)
	e.clock.Advance(40 * time.Second)
	tf := e.enqueue(t, fresh) // just queued: within its grace period
	if _, err := e.mm.Ticket(ctx, polling.ID, tp); err != nil {
		t.Fatal(err)
	}
	if err := NewPresence(e.d).Touch(ctx, socket.ID, old.ID); err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(21 * time.Second) // old: 5:01 in
	res, err := e.mm.Tick(ctx, ModeConnect4)
	if err != nil {
		t.Fatal(err)
	}
	if res.Expired != 2 || res.Waiting != 3 {
		t.Errorf("tick = %+v; want 2 expired (old, gone), 3 waiting", res)
	}
	if v, err := e.mm.Ticket(ctx, gone.ID, tg); err != nil || v.Status != TicketLeft {
		t.Errorf("abandoned ticket = %+v, %v; want left", v, err)
	}
	if v, err := e.mm.Ticket(ctx, fresh.ID, tf); err != nil || v.Status != TicketWaiting {
		t.Errorf("fresh ticket = %+v, %v; want waiting", v, err)
	}
	timeouts := e.pub.events("queue.timeout")
	if len(timeouts) != 1 || timeouts[0]["topic"] != PlayerTopic(old.ID) {
		t.Errorf("queue.timeout events = %v; want one to the old ticket's player", timeouts)
	}
}

func TestQueueStatusEvents(t *testing.T) {
	e := newMMEnv(t, redistest.Start(t).Client(t))
	a := e.player(t, "lonely", 1500, 80)
	e.enqueue(t, a)
	e.clock.Advance(10 * time.Second)
	if _, err := e.mm.Tick(context.Background(), ModeConnect4); err != nil {
		t.Fatal(err)
	}
	st := e.pub.events("queue.status")
	if len(st) != 1 {
		t.Fatalf("queue.status events = %v", st)
	}
	r := st[0]["range"].([2]float64)
	if st[0]["waited_ms"] != int64(10000) || r[0] != 1500-140 || r[1] != 1500+140 || st[0]["estimate_ms"] != int64(10000) {
		t.Errorf("queue.status = %v; want waited 10000, range [1360 1640], estimate 10000", st[0])
	}
	// A second tick right away is within the 2 s interval: no new event.
	e.mm.Tick(context.Background(), ModeConnect4)
	if st := e.pub.events("queue.status"); len(st) != 0 {
		t.Errorf("status sent again within 2s: %v", st)
	}
}

func TestMatcherInstancesNeverDoubleMatch(t *testing.T) {
	redistest.Each(t, func(t *testing.T, tg redistest.Target) {
		e := newMMEnv(t, tg.Client)
		ctx := context.Background()
		const n = 200
		players := make([]*Player, n)
		for i := range players {
			players[i] = e.player(t, fmt.Sprintf("p%d", i), 1400+rand.Float64()*200, 60)
		}
		instances := make([]*Matchmaker, 3)
		for i := range instances {
			_, instances[i] = e.clone()
		}
		stop := make(chan struct{})
		var wg sync.WaitGroup
		for _, inst := range instances {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					select {
					case <-stop:
						return
					default:
					}
					if _, err := inst.Tick(ctx, ModeConnect4); err != nil {
						t.Errorf("tick: %v", err)
						return
					}
				}
			}()
		}
		var qwg sync.WaitGroup
		for i, p := range players {
			qwg.Add(1)
			go func() {
				defer qwg.Done()
				if _, err := instances[i%3].Enqueue(ctx, p, ModeConnect4); err != nil {
					t.Errorf("enqueue: %v", err)
				}
			}()
		}
		qwg.Wait()
		deadline := time.Now().Add(20 * time.Second)
		for {
			if q, _ := e.mm.QueueLength(ctx, ModeConnect4); q == 0 || time.Now().After(deadline) {
				break
			}
			e.clock.Advance(5 * time.Second) // let stragglers' windows widen
			time.Sleep(20 * time.Millisecond)
		}
		close(stop)
		wg.Wait()

		ids, err := e.rdb.ZRange(ctx, e.d.Keys.MatchesLive(), 0, -1).Result()
		if err != nil {
			t.Fatal(err)
		}
		if len(ids) != n/2 {
			t.Errorf("%d matches, want %d", len(ids), n/2)
		}
		seen := map[string]string{}
		for _, id := range ids {
			m, err := e.ms.Get(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range m.Players {
				if prev, ok := seen[p]; ok {
					t.Errorf("player %s in matches %s and %s", p, prev, id)
				}
				seen[p] = id
				if busy, _ := e.ms.ActiveMatch(ctx, p); busy != id {
					t.Errorf("player %s busy with %q, want %s", p, busy, id)
				}
			}
		}
		if len(seen) != n {
			t.Errorf("%d players in matches, want %d", len(seen), n)
		}
		if p, _ := e.rdb.HLen(ctx, e.d.Keys.MMPending(ModeConnect4)).Result(); p != 0 {
			t.Errorf("%d pairs left pending", p)
		}
	})
}

func TestClaimedPairSurvivesCrashBeforeMatchCreation(t *testing.T) {
	redistest.Each(t, func(t *testing.T, tg redistest.Target) {
		e := newMMEnv(t, tg.Client)
		ctx := context.Background()
		a, b := e.player(t, "a", 1500, 60), e.player(t, "b", 1500, 60)
		ta := e.enqueue(t, a)
		e.enqueue(t, b)
		crashed := errors.New("crash")
		e.mm.afterClaim = func() error { return crashed }
		if _, err := e.mm.Tick(ctx, ModeConnect4); !errors.Is(err, crashed) {
			t.Fatalf("tick = %v, want the simulated crash", err)
		}
		v, err := e.mm.Ticket(ctx, a.ID, ta)
		if err != nil || v.Status != TicketMatched {
			t.Fatalf("ticket after claim = %+v, %v", v, err)
		}
		if _, err := e.ms.Get(ctx, v.MatchID); ErrorCode(err) != CodeNotFound {
			t.Fatalf("match exists before recovery: %v", err)
		}
		// Another instance, a little later, finishes the job.
		_, other := e.clone()
		e.clock.Advance(pendingRecoverAfter)
		if _, err := other.Tick(ctx, ModeConnect4); err != nil {
			t.Fatal(err)
		}
		m, err := e.ms.Get(ctx, v.MatchID)
		if err != nil || m.Seat(a.ID) < 0 || m.Seat(b.ID) < 0 || m.Status != MatchPlaying {
			t.Fatalf("recovered match = %+v, %v", m, err)
		}
		if n, _ := e.ms.LiveCount(ctx); n != 1 {
			t.Errorf("live count = %d, want 1", n)
		}
		// A second recovery pass changes nothing.
		e.clock.Advance(pendingRecoverAfter)
		other.Tick(ctx, ModeConnect4)
		if n, _ := e.ms.LiveCount(ctx); n != 1 {
			t.Errorf("live count after another tick = %d, want 1", n)
		}
	})
}
