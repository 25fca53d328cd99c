package game

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/redis/go-redis/v9"

	"github.com/ladder/ladder/internal/game/event"
)

// DefaultRematchTTL is how long a rematch offer stands.
const DefaultRematchTTL = 30 * time.Second

// socketCountTTL bounds how long the socket count of a player outlives an
// instance that died without closing its sockets.
const socketCountTTL = 24 * time.Hour

var (
	rematchOffer  = redis.NewScript(mustLua("rematch_offer.lua"))
	rematchAccept = redis.NewScript(mustLua("rematch_accept.lua"))
	rematchLeave  = redis.NewScript(mustLua("rematch_leave.lua"))
)

// Rematches lets the two players of a finished match play again: one
// offers, the other accepts, and a new ranked match between them starts
// through the matchmaker's own creation path. Offers live in Redis with a
// TTL, so the two may be connected to different instances; an offer also
// lapses when either player closes their last socket.
type Rematches struct {
	d        Deps
	mm       *Matchmaker
	presence *Presence
	ttl      time.Duration
}

// NewRematches returns the rematch service; ttl <= 0 takes
// DefaultRematchTTL.
func NewRematches(d Deps, mm *Matchmaker, presence *Presence, ttl time.Duration) *Rematches {
	if ttl <= 0 {
		ttl = DefaultRematchTTL
	}
	return &Rematches{d: d.withDefaults(), mm: mm, presence: presence, ttl: ttl}
}

// TTL is how long an offer stands.
func (r *Rematches) TTL() time.Duration { return r.ttl }

// finishedMatchOf loads the finished match who played in and returns it with
// the opponent's id.
func (r *Rematches) finishedMatchOf(ctx context.Context, who *Player, matchID string) (*Match, string, error) {
	if who == nil {
		return nil, "", Errorf(CodeUnauthorized, "sign in to play a rematch")
	}
	m, err := r.mm.matches.Get(ctx, matchID)
	if err != nil {
		return nil, "", err
	}
	seat := m.Seat(who.ID)
	if seat < 0 {
		return nil, "", Errorf(CodeForbidden, "you did not play in this match")
	}
	if m.Status == MatchPlaying {
		return nil, "", Conflictf("the match is still being played")
	}
	return m, m.Players[1-seat], nil
}

// Offer records who's offer of a rematch after matchID and tells the
// opponent. It replaces any older offer of either player. When the opponent
// has offered already, it accepts theirs instead and returns nil: both get
// match.found.
func (r *Rematches) Offer(ctx context.Context, who *Player, matchID string) (*event.RematchWaiting, error) {
	m, opp, err := r.finishedMatchOf(ctx, who, matchID)
	if err != nil {
		return nil, err
	}
	standing, err := r.d.Redis.Get(ctx, r.d.Keys.MMRematch(m.Mode, m.ID)).Result()
	if err != nil && err != redis.Nil {
		return nil, fmt.Errorf("rematch offer: %w", err)
	}
	if standing == opp+"|"+who.ID {
		_, err := r.Accept(ctx, who, matchID)
		return nil, err
	}
	if who.Banned {
		return nil, Errorf(CodeForbidden, "this account is banned")
	}
	if r.presence != nil {
		online, err := r.presence.Online(ctx, r.d.Now(), opp)
		if err != nil {
			return nil, err
		}
		if !online[0] {
			return nil, Conflictf("your opponent has left")
		}
	}
	k := r.d.Keys
	res, err := rematchOffer.Run(ctx, r.d.Redis,
		[]string{k.MMRematch(m.Mode, m.ID), k.MMRematchOf(m.Mode, who.ID), k.MMRematchOf(m.Mode, opp),
			k.MMBusy(m.Mode, who.ID), k.MMBusy(m.Mode, opp)},
		who.ID+"|"+opp, m.ID, r.ttl.Milliseconds(), k.MMRematch(m.Mode, "")).Text()
	if err != nil {
		return nil, fmt.Errorf("rematch offer: %w", err)
	}
	if res == "busy" {
		return nil, r.busyError(ctx, m.Mode, who.ID)
	}
	r.d.Events.Publish(ctx, event.PlayerTopic(opp), event.RematchOffered{
		ExpiresMs: r.ttl.Milliseconds(), From: who.ID, MatchID: m.ID,
		Topic: event.PlayerTopic(opp), Type: event.TypeRematchOffered,
	})
	return &event.RematchWaiting{ExpiresMs: r.ttl.Milliseconds(), MatchID: m.ID, To: opp, Type: event.TypeRematchWaiting}, nil
}

// busyError says which of the two is in a live match.
func (r *Rematches) busyError(ctx context.Context, mode, self string) error {
	if id, err := r.mm.seats.Holder(ctx, mode, self); err == nil && id != "" {
		return Conflictf("you are already in a match")
	}
	return Conflictf("your opponent is already in another match")
}

// Accept takes the opponent's standing offer after matchID and starts the
// new match; both players get match.found. A ticket either of them has in
// the queue ends as matched to it. It returns the new match's id.
func (r *Rematches) Accept(ctx context.Context, who *Player, matchID string) (string, error) {
	m, opp, err := r.finishedMatchOf(ctx, who, matchID)
	if err != nil {
		return "", err
	}
	if who.Banned {
		return "", Errorf(CodeForbidden, "this account is banned")
	}
	if r.presence != nil {
		online, err := r.presence.Online(ctx, r.d.Now(), opp)
		if err != nil {
			return "", err
		}
		if !online[0] {
			return "", Conflictf("your opponent has left")
		}
	}
	pm := pendingMatch{ID: uuid.NewString(), Mode: m.Mode, Players: [2]string{opp, who.ID}, At: r.d.Now().UnixMilli()}
	if rand.IntN(2) == 1 { // who moves first is a coin toss, as in the queue
		pm.Players[0], pm.Players[1] = pm.Players[1], pm.Players[0]
	}
	js, _ := json.Marshal(pm)
	k := r.d.Keys
	res, err := rematchAccept.Run(ctx, r.d.Redis,
		[]string{k.MMRematch(m.Mode, m.ID), k.MMBusy(m.Mode, opp), k.MMBusy(m.Mode, who.ID), k.MMPending(m.Mode),
			k.MMPlayerTicket(m.Mode, opp), k.MMPlayerTicket(m.Mode, who.ID),
			k.MMRematchOf(m.Mode, opp), k.MMRematchOf(m.Mode, who.ID), k.MMTickets(m.Mode), k.MMSeen(m.Mode)},
		opp, who.ID, pm.ID, string(js), k.MMTicketDone(m.Mode, ""), int(ticketDoneTTL.Seconds())).Text()
	if err != nil {
		return "", fmt.Errorf("rematch accept: %w", err)
	}
	switch res {
	case "gone":
		return "", NotFoundf("there is no rematch offer to accept (it may have lapsed)")
	case "busy":
		return "", r.busyError(ctx, m.Mode, who.ID)
	}
	// From here the pair is pending: should this instance die now, the
	// matchmaker of any instance creates the match from the record.
	if err := r.mm.start(context.WithoutCancel(ctx), m.Mode, []pendingMatch{pm}); err != nil {
		r.d.Log.Warn("rematch start", "match_id", pm.ID, slog.Any("error", err))
	}
	return pm.ID, nil
}

// SocketOpened counts a socket of the player as open.
func (r *Rematches) SocketOpened(ctx context.Context, playerID string) error {
	return r.sockets(ctx, playerID, 1)
}

// SocketClosed counts a socket of the player as closed; with the last one
// gone, their rematch offer lapses and the other player is told.
func (r *Rematches) SocketClosed(ctx context.Context, playerID string) error {
	return r.sockets(ctx, playerID, -1)
}

func (r *Rematches) sockets(ctx context.Context, playerID string, delta int) error {
	mode := ModeConnect4
	k := r.d.Keys
	got, err := rematchLeave.Run(ctx, r.d.Redis, []string{k.MMSockets(mode, playerID), k.MMRematchOf(mode, playerID)},
		delta, int(socketCountTTL.Seconds()), k.MMRematch(mode, "")).StringSlice()
	if err != nil {
		return fmt.Errorf("rematch socket count: %w", err)
	}
	if len(got) != 2 {
		return nil
	}
	for _, id := range strings.Split(got[1], "|") {
		if id != playerID {
			r.d.Events.Publish(ctx, event.PlayerTopic(id), event.RematchCancelled{
				MatchID: got[0], Topic: event.PlayerTopic(id), Type: event.TypeRematchCancelled})
		}
	}
	return nil
}
