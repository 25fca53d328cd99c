package game

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/ladder/ladder/internal/redistest"
)

// Spectator counts add up every live instance's report, count a signed-in
// viewer once across instances, leave the players out, and forget an
// instance whose report expired (it died) or that withdrew it.
func TestSpectatorCounts(t *testing.T) {
	ctx := context.Background()
	e := newMMEnv(t, redistest.Start(t).Client(t))
	sp := e.ms.Spectators()
	m := &Match{ID: uuid.NewString(), Players: [2]string{"p1", "p2"}}
	other := &Match{ID: uuid.NewString(), Players: [2]string{"p3", "p4"}}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(sp.Report(ctx, "a", map[string]MatchViewers{m.ID: {Anonymous: 2, Players: []string{"p1", "v1"}}}, 5*time.Second))
	must(sp.Report(ctx, "b", map[string]MatchViewers{m.ID: {Anonymous: 1, Players: []string{"v1", "v2"}},
		other.ID: {Players: []string{"p3"}}}, time.Second))
	count := func(want, wantOther int) {
		t.Helper()
		got, err := sp.Count(ctx, m, other)
		must(err)
		if got[m.ID] != want || got[other.ID] != wantOther {
			t.Fatalf("counts %v, want %d and %d", got, want, wantOther)
		}
	}
	count(2+1+2, 0) // anonymous 3, v1 and v2; p1 and p3 are players

	// b stops reporting: after its TTL it no longer counts.
	e.clock.Advance(1500 * time.Millisecond)
	count(2+1, 0)

	// A fresh report replaces the old one; a withdrawn one is gone.
	must(sp.Report(ctx, "a", map[string]MatchViewers{}, 5*time.Second))
	count(0, 0)
	must(sp.Report(ctx, "a", map[string]MatchViewers{m.ID: {Anonymous: 4}}, 5*time.Second))
	count(4, 0)
	must(sp.Forget(ctx, "a"))
	count(0, 0)
	if n, _ := e.rdb.ZCard(ctx, e.d.Keys.SpectatorInstances()).Result(); n != 0 {
		t.Errorf("%d instances still listed", n)
	}
}
