package game

import (
	"testing"

	"github.com/ladder/ladder/internal/redistest"
)

// TestBuiltinBoardsHeal: a Redis that lost the board definitions gets the
// built-in ones back on the next read; other boards stay gone.
func TestBuiltinBoardsHeal(t *testing.T) {
	redistest.Each(t, func(t *testing.T, target redistest.Target) {
		e := newBoardsEnv(t, target, BoardOptions{})
		if _, err := e.boards.Create(t.Context(), Leaderboard{ID: "custom", Title: "Custom"}); err != nil {
			t.Fatal(err)
		}
		if err := e.deps.Redis.Del(t.Context(), e.deps.Keys.BoardDefs()).Err(); err != nil {
			t.Fatal(err)
		}
		def, err := e.boards.Get(t.Context(), BoardTargetRushWeekly)
		if err != nil {
			t.Fatalf("Get built-in after data loss: %v", err)
		}
		if def.Reset != ResetWeekly || def.NextReset == nil {
			t.Errorf("healed board = %+v, want the weekly built-in", def)
		}
		if _, err := e.boards.Get(t.Context(), "custom"); ErrorCode(err) != CodeNotFound {
			t.Errorf("Get custom: err %v, want not_found", err)
		}
		list, err := e.boards.List(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, b := range list {
			ids = append(ids, b.ID)
		}
		if len(ids) != len(BuiltinBoards) || ids[0] != BuiltinBoards[0].ID {
			t.Errorf("List = %v, want the %d built-ins in order", ids, len(BuiltinBoards))
		}
		p := e.player(t, "healer")
		if _, err := e.boards.Submit(t.Context(), "custom", p, Submission{Score: 1}); ErrorCode(err) != CodeNotFound {
			t.Errorf("Submit to lost custom board: %v, want not_found", err)
		}
	})
}
