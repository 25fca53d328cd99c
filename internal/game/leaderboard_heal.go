package game

import (
	"context"
	"encoding/json"
	"log/slog"
)

// Built-in boards heal themselves: EnsureBuiltins runs only when the app
// starts, and a Redis that lost its data (restarted without persistence,
// flushed) would otherwise leave target-rush and friends answering 404
// until every instance restarts. Reading a missing built-in writes its
// definition back (HSETNX, so instances racing to do it agree).

// healBuiltin restores the definition of built-in board id and returns it,
// or nil when id is not a built-in board or Redis refused.
func (b *Boards) healBuiltin(ctx context.Context, id string) *Leaderboard {
	for _, def := range BuiltinBoards {
		if def.ID != id {
			continue
		}
		js, _ := json.Marshal(def)
		if err := b.d.Redis.HSetNX(ctx, b.d.Keys.BoardDefs(), def.ID, js).Err(); err != nil {
			b.d.Log.Warn("restore built-in board", "board", id, slog.Any("error", err))
			return nil
		}
		b.d.Log.Warn("restored a missing built-in board definition", "board", id)
		fillScoreLabel(&def)
		return &def
	}
	return nil
}

// healBuiltinDefs adds to defs (board id → JSON, as stored) the built-in
// boards it lacks, writing them back to Redis.
func (b *Boards) healBuiltinDefs(ctx context.Context, defs map[string]string) {
	for _, def := range BuiltinBoards {
		if _, ok := defs[def.ID]; ok {
			continue
		}
		if got := b.healBuiltin(ctx, def.ID); got != nil {
			js, _ := json.Marshal(got)
			defs[def.ID] = string(js)
		}
	}
}
