package game

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/redis/go-redis/v9"
)

// HiddenEntry is a banned player's board entry that HidePlayer set aside:
// the score and the rank it would have if the ban were lifted now.
type HiddenEntry struct {
	Score int64 `json:"score"`
	Rank  int64 `json:"rank"`
}

// HiddenEntries reads the current-period entries a ban hid, per board id,
// for admins reviewing the evidence. Boards without one are left out. Two
// round trips whatever the number of boards.
func (b *Boards) HiddenEntries(ctx context.Context, playerID string) (map[string]HiddenEntry, error) {
	defs, err := b.List(ctx)
	if err != nil {
		return nil, err
	}
	states, err := b.states(ctx, defs)
	if err != nil {
		return nil, err
	}
	k := b.d.Keys
	now := b.d.Now()
	cmds := make([]*redis.StringCmd, len(defs))
	_, err = b.d.Redis.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i, def := range defs {
			cmds[i] = p.HGet(ctx, k.BoardHidden(def.ID, periodsAt(def, states[i], now).Current), playerID)
		}
		return nil
	})
	if err != nil && !errors.Is(err, redis.Nil) {
		return nil, fmt.Errorf("hidden entries: %w", err)
	}
	out := map[string]HiddenEntry{}
	counts := map[string]*redis.IntCmd{}
	_, err = b.d.Redis.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i, def := range defs {
			// The hidden value is "<member>|<score>" (see hide.lua).
			_, s, ok := strings.Cut(cmds[i].Val(), "|")
			if !ok {
				continue
			}
			f, err := strconv.ParseFloat(s, 64)
			if err != nil {
				continue
			}
			out[def.ID] = HiddenEntry{Score: int64(f)}
			z := k.BoardScores(def.ID, periodsAt(def, states[i], now).Current)
			if def.Order == OrderAsc {
				counts[def.ID] = p.ZCount(ctx, z, "-inf", "("+s)
			} else {
				counts[def.ID] = p.ZCount(ctx, z, "("+s, "+inf")
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("hidden entries: %w", err)
	}
	for id, c := range counts {
		e := out[id]
		e.Rank = c.Val() + 1
		out[id] = e
	}
	return out, nil
}
