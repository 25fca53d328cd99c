package game

import (
	"context"
	"testing"
	"time"

	"github.com/ladder/ladder/internal/game/event"
	"github.com/ladder/ladder/internal/redistest"
)

// finishedMatch plays a match to a resignation and marks both players as
// connected.
func finishedMatch(t *testing.T, e *mmEnv, r *Rematches) (*Match, *Player, *Player) {
	t.Helper()
	ctx := context.Background()
	m, a, b := e.startMatch(t)
	if _, err := e.ms.Resign(ctx, m.ID, a.ID); err != nil {
		t.Fatal(err)
	}
	if err := r.presence.Touch(ctx, a.ID, b.ID); err != nil {
		t.Fatal(err)
	}
	for _, p := range []*Player{a, b} {
		if err := r.SocketOpened(ctx, p.ID); err != nil {
			t.Fatal(err)
		}
	}
	return m, a, b
}

func TestRematchOfferAndAccept(t *testing.T) {
	redistest.Each(t, func(t *testing.T, tg redistest.Target) {
		e := newMMEnv(t, tg.Client)
		r := NewRematches(e.d, e.mm, NewPresence(e.d), 0)
		ctx := context.Background()
		m, a, b := finishedMatch(t, e, r)
		recorded[any](e.pub) // drop the first match's events

		if _, err := r.Accept(ctx, b, m.ID); ErrorCode(err) != CodeNotFound {
			t.Fatalf("accept without an offer: %v, want not_found", err)
		}
		w, err := r.Offer(ctx, a, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		if w.To != b.ID || w.MatchID != m.ID || w.ExpiresMs != DefaultRematchTTL.Milliseconds() {
			t.Fatalf("waiting = %+v", w)
		}
		offers := recorded[event.RematchOffered](e.pub)
		if len(offers) != 1 || offers[0].From != a.ID || offers[0].Topic != event.PlayerTopic(b.ID) {
			t.Fatalf("offers = %+v", offers)
		}
		// The offerer cannot accept their own offer.
		if _, err := r.Accept(ctx, a, m.ID); ErrorCode(err) != CodeNotFound {
			t.Fatalf("offerer accepting: %v, want not_found", err)
		}
		id, err := r.Accept(ctx, b, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		nm, err := e.ms.Get(ctx, id)
		if err != nil || nm.Status != MatchPlaying || nm.Seat(a.ID) < 0 || nm.Seat(b.ID) < 0 {
			t.Fatalf("new match = %+v, %v", nm, err)
		}
		for _, p := range []*Player{a, b} {
			if held, _ := e.ms.Seats().Holder(ctx, ModeConnect4, p.ID); held != id {
				t.Fatalf("seat of %s = %q, want %q", p.DisplayName, held, id)
			}
		}
		found := recorded[event.MatchFound](e.pub)
		if len(found) != 2 || found[0].MatchID != id || found[1].MatchID != id {
			t.Fatalf("match.found = %+v", found)
		}
		// The offer is used up: a second accept finds nothing.
		if _, err := r.Accept(ctx, b, m.ID); ErrorCode(err) != CodeNotFound {
			t.Fatalf("second accept: %v, want not_found", err)
		}
		// Both are busy now: a new offer after the old match is refused.
		if _, err := r.Offer(ctx, b, m.ID); ErrorCode(err) != CodeConflict {
			t.Fatalf("offer while playing: %v, want conflict", err)
		}
	})
}

func TestRematchMutualOffersStartOneMatch(t *testing.T) {
	rdb := redistest.Start(t).Client(t)
	e := newMMEnv(t, rdb)
	r := NewRematches(e.d, e.mm, NewPresence(e.d), 0)
	ctx := context.Background()
	m, a, b := finishedMatch(t, e, r)
	if _, err := r.Offer(ctx, a, m.ID); err != nil {
		t.Fatal(err)
	}
	w, err := r.Offer(ctx, b, m.ID)
	if err != nil || w != nil {
		t.Fatalf("answering offer = %+v, %v; want it taken as an acceptance", w, err)
	}
	id, _ := e.ms.ActiveMatch(ctx, a.ID)
	idB, _ := e.ms.ActiveMatch(ctx, b.ID)
	if id == "" || id != idB {
		t.Fatalf("active matches %q and %q", id, idB)
	}
}

func TestRematchTakesPlayersOutOfTheQueue(t *testing.T) {
	rdb := redistest.Start(t).Client(t)
	e := newMMEnv(t, rdb)
	r := NewRematches(e.d, e.mm, NewPresence(e.d), 0)
	ctx := context.Background()
	m, a, b := finishedMatch(t, e, r)
	ticket := e.enqueue(t, a) // a clicked "Play again", then b offered
	if _, err := r.Offer(ctx, b, m.ID); err != nil {
		t.Fatal(err)
	}
	id, err := r.Accept(ctx, a, m.ID)
	if err != nil {
		t.Fatal(err)
	}
	tv, err := e.mm.Ticket(ctx, a.ID, ticket)
	if err != nil || tv.Status != TicketMatched || tv.MatchID != id {
		t.Fatalf("ticket = %+v, %v; want matched to %s", tv, err, id)
	}
	if n, _ := e.mm.QueueLength(ctx, ModeConnect4); n != 0 {
		t.Fatalf("queue length %d, want 0", n)
	}
}

func TestRematchErrors(t *testing.T) {
	rdb := redistest.Start(t).Client(t)
	e := newMMEnv(t, rdb)
	r := NewRematches(e.d, e.mm, NewPresence(e.d), 0)
	ctx := context.Background()

	live, la, _ := e.startMatch(t)
	if _, err := r.Offer(ctx, la, live.ID); ErrorCode(err) != CodeConflict {
		t.Fatalf("offer during the match: %v, want conflict", err)
	}
	m, a, b := finishedMatch(t, e, r)
	stranger := e.player(t, "stranger", 1500, 350)
	if _, err := r.Offer(ctx, stranger, m.ID); ErrorCode(err) != CodeForbidden {
		t.Fatalf("offer by a stranger: %v, want forbidden", err)
	}
	if _, err := r.Accept(ctx, stranger, m.ID); ErrorCode(err) != CodeForbidden {
		t.Fatalf("accept by a stranger: %v, want forbidden", err)
	}
	if _, err := r.Offer(ctx, nil, m.ID); ErrorCode(err) != CodeUnauthorized {
		t.Fatalf("anonymous offer: %v, want unauthorized", err)
	}
	if _, err := r.Offer(ctx, a, "not-a-match"); ErrorCode(err) != CodeNotFound {
		t.Fatalf("offer after an unknown match: %v, want not_found", err)
	}

	// The opponent went on to another match: busy.
	if _, err := r.Offer(ctx, a, m.ID); err != nil {
		t.Fatal(err)
	}
	c := e.player(t, "c", 1510, 350)
	e.enqueue(t, b)
	e.enqueue(t, c)
	if res, err := e.mm.Tick(ctx, ModeConnect4); err != nil || res.Matched != 1 {
		t.Fatalf("tick = %+v, %v", res, err)
	}
	if _, err := r.Accept(ctx, b, m.ID); ErrorCode(err) != CodeConflict {
		t.Fatalf("accept while in another match: %v, want conflict", err)
	}
	if _, err := r.Offer(ctx, a, m.ID); ErrorCode(err) != CodeConflict {
		t.Fatalf("offer to a busy opponent: %v, want conflict", err)
	}
	if held, _ := e.ms.Seats().Holder(ctx, ModeConnect4, a.ID); held != "" {
		t.Fatalf("a refused rematch left a seated: %q", held)
	}
}

func TestRematchOfferLapses(t *testing.T) {
	rdb := redistest.Start(t).Client(t)
	e := newMMEnv(t, rdb)
	ctx := context.Background()

	t.Run("after its time", func(t *testing.T) {
		r := NewRematches(e.d, e.mm, NewPresence(e.d), 200*time.Millisecond)
		m, a, b := finishedMatch(t, e, r)
		w, err := r.Offer(ctx, a, m.ID)
		if err != nil || w.ExpiresMs != 200 {
			t.Fatalf("offer = %+v, %v", w, err)
		}
		time.Sleep(400 * time.Millisecond)
		if _, err := r.Accept(ctx, b, m.ID); ErrorCode(err) != CodeNotFound {
			t.Fatalf("accept after the offer lapsed: %v, want not_found", err)
		}
	})

	t.Run("when a player leaves", func(t *testing.T) {
		r := NewRematches(e.d, e.mm, NewPresence(e.d), time.Minute)
		m, a, b := finishedMatch(t, e, r)
		// a has a second socket (another tab, maybe on another instance).
		if err := r.SocketOpened(ctx, a.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := r.Offer(ctx, a, m.ID); err != nil {
			t.Fatal(err)
		}
		recorded[any](e.pub)
		if err := r.SocketClosed(ctx, a.ID); err != nil {
			t.Fatal(err)
		}
		if n := len(recorded[event.RematchCancelled](e.pub)); n != 0 {
			t.Fatalf("one socket of two closed: %d cancellations, want 0", n)
		}
		if err := r.SocketClosed(ctx, a.ID); err != nil {
			t.Fatal(err)
		}
		cancelled := recorded[event.RematchCancelled](e.pub)
		if len(cancelled) != 1 || cancelled[0].MatchID != m.ID || cancelled[0].Topic != event.PlayerTopic(b.ID) {
			t.Fatalf("cancellations = %+v", cancelled)
		}
		if _, err := r.Accept(ctx, b, m.ID); ErrorCode(err) != CodeNotFound {
			t.Fatalf("accept after the offerer left: %v, want not_found", err)
		}
	})

	t.Run("opponent offline", func(t *testing.T) {
		r := NewRematches(e.d, e.mm, NewPresence(e.d), time.Minute)
		m, a, b := finishedMatch(t, e, r)
		if err := r.presence.Forget(ctx, b.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := r.Offer(ctx, a, m.ID); ErrorCode(err) != CodeConflict {
			t.Fatalf("offer to a player who left: %v, want conflict", err)
		}
	})
}
