package game

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/google/uuid"
	"github.com/redis/go-redis/v9"

	"github.com/ladder/ladder/internal/game/event"
	"github.com/ladder/ladder/internal/game/pairing"
	"github.com/ladder/ladder/internal/redisx"
)

// claimPairs takes pairs of tickets out of the queue atomically.
var claimPairs = redis.NewScript(mustLua("claim_pairs.lua"))

// Run runs the matcher until ctx ends. Every instance runs one; a short
// per-tick lock saves duplicate work, the claim script keeps it correct.
func (mm *Matchmaker) Run(ctx context.Context) {
	t := time.NewTicker(mm.Interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		for _, mode := range MatchmakingModes {
			if idle, err := mm.idle(ctx, mode); err != nil || idle {
				continue
			}
			lock, err := redisx.AcquireLock(ctx, mm.d.Redis, mm.d.Keys.MMTickLock(mode), 5*time.Second)
			if errors.Is(err, redisx.ErrLockHeld) {
				continue
			}
			if err != nil {
				if ctx.Err() == nil {
					mm.d.Log.Warn("matcher lock", slog.Any("error", err))
				}
				continue
			}
			if _, err := mm.Tick(ctx, mode); err != nil && ctx.Err() == nil {
				mm.d.Log.Warn("matcher tick", "mode", mode, slog.Any("error", err))
			}
			_ = lock.Release(context.WithoutCancel(ctx))
		}
	}
}

// idle reports whether mode has neither waiting tickets nor pending pairs,
// so an idle instance costs Redis two reads per tick and writes nothing.
func (mm *Matchmaker) idle(ctx context.Context, mode string) (bool, error) {
	var t, p *redis.IntCmd
	_, err := mm.d.Redis.Pipelined(ctx, func(pl redis.Pipeliner) error {
		t = pl.HLen(ctx, mm.d.Keys.MMTickets(mode))
		p = pl.HLen(ctx, mm.d.Keys.MMPending(mode))
		return nil
	})
	return err == nil && t.Val() == 0 && p.Val() == 0, err
}

// TickResult says what one matcher tick did.
type TickResult struct {
	Waiting int // tickets considered
	Matched int // matches created
	Expired int // tickets that timed out or whose player left
}

// Tick runs one matcher step for mode: it expires old and abandoned tickets,
// pairs the rest with pairing.Pair, claims the pairs, creates their matches,
// finishes pairs an earlier claimer left pending, and now and then tells
// waiting players how their search goes. It is safe to run on several
// instances at once.
func (mm *Matchmaker) Tick(ctx context.Context, mode string) (TickResult, error) {
	var res TickResult
	k := mm.d.Keys
	var recs, seen *redis.MapStringStringCmd
	_, err := mm.d.Redis.Pipelined(ctx, func(p redis.Pipeliner) error {
		recs = p.HGetAll(ctx, k.MMTickets(mode))
		seen = p.HGetAll(ctx, k.MMSeen(mode))
		return nil
	})
	if err != nil {
		return res, fmt.Errorf("matcher snapshot: %w", err)
	}
	now := mm.d.Now()
	tickets := make([]ticket, 0, len(recs.Val()))
	var doubtful []ticket // past the grace period and not polling
	for id, rec := range recs.Val() {
		t, ok := parseTicket(id, rec)
		if !ok {
			continue
		}
		waited := now.Sub(t.Created)
		switch {
		case waited >= TicketMaxWait:
			if n, err := mm.leave(ctx, mode, t.ID, t.Player, TicketTimeout); err != nil {
				return res, err
			} else if n == 1 {
				res.Expired++
				mm.d.Events.Publish(ctx, event.PlayerTopic(t.Player), event.QueueTimeout{
					Mode: mode, TicketID: t.ID, Topic: event.PlayerTopic(t.Player), Type: event.TypeQueueTimeout})
			}
			continue
		case waited >= TicketGrace && now.Sub(msTime(seen.Val()[id])) >= PresenceTimeout:
			doubtful = append(doubtful, t)
			continue
		}
		tickets = append(tickets, t)
	}
	present, err := mm.stillPresent(ctx, mode, doubtful, now)
	if err != nil {
		return res, err
	}
	res.Expired += len(doubtful) - len(present)
	tickets = append(tickets, present...)
	res.Waiting = len(tickets)

	cands := make([]pairing.Candidate, len(tickets))
	for i, t := range tickets {
		cands[i] = pairing.Candidate{ID: t.ID, Rating: t.Rating, RD: t.RD, WaitedMs: now.Sub(t.Created).Milliseconds()}
	}
	pairs := pairing.Pair(cands)
	for start := 0; start < len(pairs); start += claimBatch {
		n, err := mm.claim(ctx, mode, tickets, pairs[start:min(start+claimBatch, len(pairs))], now)
		res.Matched += n
		if err != nil {
			return res, err
		}
	}
	if err := mm.recoverPending(ctx, mode, now); err != nil {
		return res, err
	}
	if err := mm.broadcastStatus(ctx, mode, tickets, pairs, now); err != nil {
		return res, err
	}
	return res, nil
}

// stillPresent drops tickets whose player has no socket open anywhere and
// returns the others.
func (mm *Matchmaker) stillPresent(ctx context.Context, mode string, ts []ticket, now time.Time) ([]ticket, error) {
	if len(ts) == 0 {
		return nil, nil
	}
	players := make([]string, len(ts))
	for i, t := range ts {
		players[i] = t.Player
	}
	online, err := mm.presence.Online(ctx, now, players...)
	if err != nil {
		return nil, fmt.Errorf("matcher presence: %w", err)
	}
	var out []ticket
	for i, t := range ts {
		if online[i] {
			out = append(out, t)
			continue
		}
		if _, err := mm.leave(ctx, mode, t.ID, t.Player, TicketLeft); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// claim claims pairs in one script call and turns the claimed ones into
// matches.
func (mm *Matchmaker) claim(ctx context.Context, mode string, ts []ticket, pairs [][2]int, now time.Time) (int, error) {
	k := mm.d.Keys
	keys := []string{k.MMTickets(mode), k.MMSeen(mode), k.MMPending(mode), k.MMQuality(mode)}
	args := []any{int(ticketDoneTTL.Seconds()), len(pairs), mm.matches.busyTTL().Milliseconds()}
	pend := make([]pendingMatch, len(pairs))
	for i, pr := range pairs {
		a, b := ts[pr[0]], ts[pr[1]]
		pm := pendingMatch{ID: uuid.NewString(), Mode: mode, Players: [2]string{a.Player, b.Player}, At: now.UnixMilli()}
		if rand.IntN(2) == 1 { // who moves first is a coin toss
			pm.Players[0], pm.Players[1] = pm.Players[1], pm.Players[0]
		}
		pend[i] = pm
		js, _ := json.Marshal(pm)
		sample := strconv.FormatInt(now.Sub(a.Created).Milliseconds(), 10) + "," +
			strconv.FormatInt(now.Sub(b.Created).Milliseconds(), 10) + "," + fmtFloat(b.Rating-a.Rating)
		keys = append(keys, k.MMPlayerTicket(mode, a.Player), k.MMPlayerTicket(mode, b.Player),
			mm.seats.key(mode, a.Player), mm.seats.key(mode, b.Player), k.MMTicketDone(mode, a.ID), k.MMTicketDone(mode, b.ID))
		args = append(args, a.ID, b.ID, a.Player, b.Player, pm.ID, string(js), sample)
	}
	idx, err := claimPairs.Run(ctx, mm.d.Redis, keys, args...).Int64Slice()
	if err != nil {
		return 0, fmt.Errorf("claim pairs: %w", err)
	}
	claimed := make([]pendingMatch, 0, len(idx))
	for _, i := range idx {
		claimed = append(claimed, pend[i])
	}
	if mm.afterClaim != nil {
		if err := mm.afterClaim(); err != nil {
			return len(claimed), err
		}
	}
	return len(claimed), mm.start(ctx, mode, claimed)
}

// start creates the matches of claimed pairs, clears their pending records
// and tells both players.
func (mm *Matchmaker) start(ctx context.Context, mode string, pend []pendingMatch) error {
	if len(pend) == 0 {
		return nil
	}
	created, err := mm.matches.create(ctx, pend)
	if err != nil {
		return err
	}
	ids := make([]string, len(pend))
	for i, p := range pend {
		ids[i] = p.ID
	}
	if err := mm.d.Redis.HDel(ctx, mm.d.Keys.MMPending(mode), ids...).Err(); err != nil {
		return fmt.Errorf("clear pending: %w", err)
	}
	for _, m := range created {
		for seat, id := range m.Players {
			opp := 1 - seat
			name := m.Names[opp]
			if name == "" {
				name = DeletedPlayerName
			}
			mm.d.Events.Publish(ctx, event.PlayerTopic(id), event.MatchFound{
				MatchID:  m.ID,
				Opponent: event.Opponent{DisplayName: name, ID: m.Players[opp], Rating: int(m.Pre[opp].Rating + 0.5)},
				Topic:    event.PlayerTopic(id), Type: event.TypeMatchFound,
			})
		}
		mm.matches.publishState(ctx, m)
	}
	return nil
}

// pendingRecoverAfter is how old a pending pair must be before another
// instance assumes its claimer died.
const pendingRecoverAfter = 5 * time.Second

// recoverPending finishes pairs whose claimer died before creating the match.
func (mm *Matchmaker) recoverPending(ctx context.Context, mode string, now time.Time) error {
	all, err := mm.d.Redis.HGetAll(ctx, mm.d.Keys.MMPending(mode)).Result()
	if err != nil {
		return fmt.Errorf("pending matches: %w", err)
	}
	var stale []pendingMatch
	for _, js := range all {
		var pm pendingMatch
		if json.Unmarshal([]byte(js), &pm) == nil && now.Sub(time.UnixMilli(pm.At)) >= pendingRecoverAfter {
			stale = append(stale, pm)
		}
	}
	return mm.start(ctx, mode, stale)
}
