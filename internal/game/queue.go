package game

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/redis/go-redis/v9"
)

// Matchmaking timing.
const (
	// TicketMaxWait is how long a ticket waits before it ends with
	// queue.timeout.
	TicketMaxWait = 5 * time.Minute
	// TicketGrace is how long a fresh ticket stays without any sign of its
	// player (a socket, or a poll of the ticket); after that, a player with
	// nothing open for PresenceTimeout has left and leaves the queue.
	TicketGrace = 30 * time.Second
	// ticketDoneTTL is how long the outcome of a ticket stays readable.
	ticketDoneTTL = 10 * time.Minute
	// claimBatch is how many pairs one claim script takes at most.
	claimBatch = 200
)

// Ticket states.
const (
	TicketWaiting   = "waiting"
	TicketMatched   = "matched"
	TicketTimeout   = "timeout"
	TicketLeft      = "left"
	TicketCancelled = "cancelled"
)

// ModeConnect4 is the only ranked mode.
const ModeConnect4 = "connect4"

// MatchmakingModes lists the modes with a queue.
var MatchmakingModes = []string{ModeConnect4}

// Matchmaker keeps the queues and pairs waiting players into matches.
//
// A ticket is one field of the mode's tickets hash; the player's ticket and
// busy (in a match) markers sit beside it under the same {mm:<mode>} hash tag.
// Every change of queue membership is one Lua script over those keys, which
// is what makes the queue safe with several instances: joining checks both
// markers; pairing re-checks that both tickets are still queued and both
// players free, and in the same step removes the tickets, marks the players
// busy and records the pair as pending. Instances may run the matcher at the
// same moment on the same snapshot: the first claim wins, the others find
// the tickets gone and skip them. A pending pair becomes a match right after
// the claim; if the instance dies in between, another one finishes the job
// from the pending record (creating a match is idempotent).
type Matchmaker struct {
	d        Deps
	matches  *Matches
	presence *Presence
	// Interval is the time between matcher ticks.
	Interval time.Duration

	// afterClaim, when set (tests only), runs between claiming pairs and
	// creating their matches; an error stops there, as a dying instance would.
	afterClaim func() error
}

// NewMatchmaker returns the matchmaker that creates matches in matches.
func NewMatchmaker(d Deps, matches *Matches, presence *Presence) *Matchmaker {
	return &Matchmaker{d: d.withDefaults(), matches: matches, presence: presence, Interval: 500 * time.Millisecond}
}

// ticket is a waiting ticket. Its record is "player|rating|rd|created_ms".
type ticket struct {
	ID      string
	Player  string
	Rating  float64
	RD      float64
	Created time.Time
}

func (t ticket) record() string {
	return t.Player + "|" + fmtFloat(t.Rating) + "|" + fmtFloat(t.RD) + "|" + msString(t.Created)
}

func parseTicket(id, rec string) (ticket, bool) {
	f := strings.Split(rec, "|")
	if len(f) != 4 {
		return ticket{}, false
	}
	t := ticket{ID: id, Player: f[0], Created: msTime(f[3])}
	var err1, err2 error
	t.Rating, err1 = strconv.ParseFloat(f[1], 64)
	t.RD, err2 = strconv.ParseFloat(f[2], 64)
	return t, err1 == nil && err2 == nil
}

var (
	// enqueueTicket queues a player's ticket unless they are busy or queued.
	enqueueTicket = redis.NewScript(mustLua("enqueue_ticket.lua"))

	// leaveTicket takes a player's own ticket out of the queue.
	leaveTicket = redis.NewScript(mustLua("leave_ticket.lua"))

	// touchTicket records that the owner of a queued ticket is still there.
	touchTicket = redis.NewScript(mustLua("touch_ticket.lua"))
)

func validMode(mode string) error {
	for _, m := range MatchmakingModes {
		if m == mode {
			return nil
		}
	}
	return NotFoundf("no matchmaking mode %q", mode)
}

// Enqueue puts the player in the mode's queue and returns the ticket id.
// A player already queued or in a live match gets a conflict.
func (mm *Matchmaker) Enqueue(ctx context.Context, p *Player, mode string) (string, error) {
	if err := validMode(mode); err != nil {
		return "", err
	}
	if p.Banned {
		return "", Errorf(CodeForbidden, "this account is banned")
	}
	r := p.Ratings[mode]
	t := ticket{ID: uuid.NewString(), Player: p.ID, Rating: r.Rating, RD: r.RD, Created: mm.d.Now()}
	k := mm.d.Keys
	res, err := enqueueTicket.Run(ctx, mm.d.Redis,
		[]string{k.MMTickets(mode), k.MMPlayerTicket(mode, p.ID), k.MMBusy(mode, p.ID), k.MMSeen(mode), k.MMPlayerTickets(mode, p.ID)},
		t.ID, t.record(), msString(t.Created), int((TicketMaxWait + ticketDoneTTL + time.Minute).Seconds())).Text()
	if err != nil {
		return "", fmt.Errorf("enqueue: %w", err)
	}
	switch res {
	case "busy":
		return "", Conflictf("you are already in a match")
	case "queued":
		return "", Conflictf("you are already in the queue")
	}
	return t.ID, nil
}

// TicketView is a ticket as its owner sees it.
type TicketView struct {
	TicketID   string     `json:"ticket_id"`
	Mode       string     `json:"mode"`
	Status     string     `json:"status"`
	WaitedMs   int64      `json:"waited_ms,omitempty"`
	Range      [2]float64 `json:"range"`
	EstimateMs int64      `json:"estimate_ms,omitempty"`
	MatchID    string     `json:"match_id,omitempty"`
}

// Ticket returns the player's ticket: while waiting, how long and for which
// ratings; afterwards how it ended (and the match it led to). Polling it
// counts as being present. Someone else's ticket is not found.
func (mm *Matchmaker) Ticket(ctx context.Context, playerID, ticketID string) (*TicketView, error) {
	if _, err := uuid.Parse(ticketID); err != nil {
		return nil, NotFoundf("no ticket %q", ticketID)
	}
	k := mm.d.Keys
	for _, mode := range MatchmakingModes {
		rec, err := mm.d.Redis.HGet(ctx, k.MMTickets(mode), ticketID).Result()
		if err == nil {
			t, ok := parseTicket(ticketID, rec)
			if !ok || t.Player != playerID {
				break
			}
			now := mm.d.Now()
			if err := touchTicket.Run(ctx, mm.d.Redis, []string{k.MMTickets(mode), k.MMSeen(mode)},
				ticketID, msString(now)).Err(); err != nil {
				return nil, fmt.Errorf("ticket: %w", err)
			}
			est, err := mm.estimateBase(ctx, mode)
			if err != nil {
				return nil, err
			}
			v := mm.waitingView(mode, t, now, est)
			return &v, nil
		}
		if !errors.Is(err, redis.Nil) {
			return nil, fmt.Errorf("ticket: %w", err)
		}
		done, err := mm.d.Redis.Get(ctx, k.MMTicketDone(mode, ticketID)).Result()
		if errors.Is(err, redis.Nil) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("ticket: %w", err)
		}
		f := strings.SplitN(done, "|", 3)
		if len(f) != 3 || f[1] != playerID {
			break
		}
		return &TicketView{TicketID: ticketID, Mode: mode, Status: f[0], MatchID: f[2]}, nil
	}
	return nil, NotFoundf("no ticket %q", ticketID)
}

// waitingView describes a waiting ticket.
func (mm *Matchmaker) waitingView(mode string, t ticket, now time.Time, estBase time.Duration) TicketView {
	waited := max(now.Sub(t.Created), 0)
	return TicketView{
		TicketID: t.ID, Mode: mode, Status: TicketWaiting, WaitedMs: waited.Milliseconds(),
		Range:      searchRange(t, waited),
		EstimateMs: max(estBase-waited, 3*time.Second).Milliseconds(),
	}
}

// searchRange is the rating window a ticket accepts now, kept finite (the
// window becomes unlimited after a few minutes, which JSON cannot say).
func searchRange(t ticket, waited time.Duration) [2]float64 {
	gap := AllowedGap(PairCandidate{Rating: t.Rating, RD: t.RD, WaitedMs: waited.Milliseconds()})
	if math.IsInf(gap, 0) || gap > 3000 {
		gap = 3000
	}
	return [2]float64{math.Max(0, math.Round(t.Rating-gap)), math.Round(t.Rating + gap)}
}

// Cancel takes the player's ticket out of the queue. An unknown ticket, or
// someone else's, is not found; one already matched is a conflict.
func (mm *Matchmaker) Cancel(ctx context.Context, playerID, ticketID string) error {
	if _, err := uuid.Parse(ticketID); err != nil {
		return NotFoundf("no ticket %q", ticketID)
	}
	for _, mode := range MatchmakingModes {
		n, err := mm.leave(ctx, mode, ticketID, playerID, "")
		if err != nil {
			return err
		}
		if n == 1 {
			return nil
		}
	}
	if v, err := mm.Ticket(ctx, playerID, ticketID); err == nil && v.Status == TicketMatched {
		return Conflictf("the ticket was already matched (match %s)", v.MatchID)
	}
	return NotFoundf("no ticket %q in the queue", ticketID)
}

func (mm *Matchmaker) leave(ctx context.Context, mode, ticketID, playerID, status string) (int, error) {
	k := mm.d.Keys
	n, err := leaveTicket.Run(ctx, mm.d.Redis,
		[]string{k.MMTickets(mode), k.MMPlayerTicket(mode, playerID), k.MMSeen(mode), k.MMTicketDone(mode, ticketID)},
		ticketID, playerID, status, int(ticketDoneTTL.Seconds())).Int()
	if err != nil {
		return 0, fmt.Errorf("leave queue: %w", err)
	}
	return n, nil
}

// PlayerTicket returns the player's waiting ticket in mode, or "".
func (mm *Matchmaker) PlayerTicket(ctx context.Context, playerID, mode string) (string, error) {
	k := mm.d.Keys
	id, err := mm.d.Redis.Get(ctx, k.MMPlayerTicket(mode, playerID)).Result()
	if errors.Is(err, redis.Nil) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("player ticket: %w", err)
	}
	ok, err := mm.d.Redis.HExists(ctx, k.MMTickets(mode), id).Result()
	if err != nil || !ok {
		return "", err
	}
	return id, nil
}

// RemovePlayer takes the player out of every queue (a ban, a deletion).
func (mm *Matchmaker) RemovePlayer(ctx context.Context, playerID string) error {
	for _, mode := range MatchmakingModes {
		id, err := mm.PlayerTicket(ctx, playerID, mode)
		if err != nil {
			return err
		}
		if id == "" {
			continue
		}
		if _, err := mm.leave(ctx, mode, id, playerID, TicketLeft); err != nil {
			return err
		}
	}
	return nil
}

// QueueLength is the number of tickets waiting in mode.
func (mm *Matchmaker) QueueLength(ctx context.Context, mode string) (int64, error) {
	n, err := mm.d.Redis.HLen(ctx, mm.d.Keys.MMTickets(mode)).Result()
	if err != nil {
		return 0, fmt.Errorf("queue length: %w", err)
	}
	return n, nil
}
