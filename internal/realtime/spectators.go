package realtime

import (
	"context"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/ladder/ladder/internal/game"
	"github.com/ladder/ladder/internal/game/event"
)

// SpectatorOptions tune ReportSpectators; zero values take the defaults.
type SpectatorOptions struct {
	// Instance names this hub in the shared counts (required).
	Instance string
	// Every is how often the counts are reported (1s); a report lives for
	// TTL (5s), so a dead instance's viewers stop counting by then.
	Every time.Duration
	TTL   time.Duration
	// Changed, when set, is called with the matches whose local viewers
	// changed since the last report, after that report landed.
	Changed func(ctx context.Context, matchIDs []string)
}

// ReportSpectators keeps this hub's share of the spectator counts in Redis
// until ctx is done, then withdraws it.
func (h *Hub) ReportSpectators(ctx context.Context, sp *game.Spectators, opts SpectatorOptions) {
	if opts.Every <= 0 {
		opts.Every = time.Second
	}
	if opts.TTL <= 0 {
		opts.TTL = 5 * time.Second
	}
	t := time.NewTicker(opts.Every)
	defer t.Stop()
	var last map[string]game.MatchViewers
	for {
		now := h.MatchViewers()
		rctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		err := sp.Report(rctx, opts.Instance, now, opts.TTL)
		if err != nil {
			if ctx.Err() == nil {
				h.log.Warn("realtime: report spectators", slog.Any("error", err))
			}
		} else {
			if changed := changedViewers(last, now); len(changed) > 0 && opts.Changed != nil {
				opts.Changed(rctx, changed)
			}
			last = now
		}
		cancel()
		select {
		case <-ctx.Done():
			fctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			if err := sp.Forget(fctx, opts.Instance); err != nil {
				h.log.Debug("realtime: withdraw spectators", slog.Any("error", err))
			}
			cancel()
			return
		case <-t.C:
		}
	}
}

// MatchViewers are this hub's sockets on match topics, by match id.
func (h *Hub) MatchViewers() map[string]game.MatchViewers {
	h.mu.Lock()
	defer h.mu.Unlock()
	out := map[string]game.MatchViewers{}
	for name, t := range h.topics {
		id, ok := strings.CutPrefix(name, event.MatchPrefix)
		if !ok {
			continue
		}
		var v game.MatchViewers
		seen := map[string]bool{}
		for c := range t.subs {
			switch {
			case c.player == nil:
				v.Anonymous++
			case !seen[c.player.ID]:
				seen[c.player.ID] = true
				v.Players = append(v.Players, c.player.ID)
			}
		}
		slices.Sort(v.Players)
		out[id] = v
	}
	return out
}

// changedViewers lists the matches whose viewers differ between two reports.
func changedViewers(before, after map[string]game.MatchViewers) []string {
	var out []string
	for id, v := range after {
		if b, ok := before[id]; !ok || b.Anonymous != v.Anonymous || !slices.Equal(b.Players, v.Players) {
			out = append(out, id)
		}
	}
	for id := range before {
		if _, ok := after[id]; !ok {
			out = append(out, id)
		}
	}
	slices.Sort(out)
	return out
}
