package game

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/ladder/ladder/internal/redistest"
)

// TestInactiveGuestLeavesNoTrace lets two guests play a match, sign out and
// go quiet past GUEST_RETENTION: the sweeper deletes them as an admin delete
// would, and a SCAN finds no key or member naming them. A guest still
// signed in, and one active since, stay.
func TestInactiveGuestLeavesNoTrace(t *testing.T) {
	e := newMMEnv(t, redistest.Start(t).Client(t))
	ctx := context.Background()
	boards := NewBoards(e.d, BoardOptions{ScoreRateLimit: 1000})
	if err := boards.EnsureBuiltins(ctx); err != nil {
		t.Fatal(err)
	}
	ms := NewMatches(e.d, MatchConfig{TurnTimeout: 30 * time.Second}, boards)
	presence := NewPresence(e.d)
	mm := NewMatchmaker(e.d, ms, presence)
	acc := NewAccounts(e.d, NewSessions(e.d), LoginLimits{})
	admin := NewPlayerAdmin(e.d, acc, NewAudit(e.d), mm, ms, boards, boards.TargetRush(), presence)
	const retention = time.Hour
	ret := NewRetention(e.d, admin, retention, 0)

	var gone []*SignedIn
	for range 2 {
		si, err := acc.Guest(ctx, ClientInfo{Addr: "1.2.3.4"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := mm.Enqueue(ctx, si.Player, ModeConnect4); err != nil {
			t.Fatal(err)
		}
		gone = append(gone, si)
	}
	if res, err := mm.Tick(ctx, ModeConnect4); err != nil || res.Matched != 1 {
		t.Fatalf("tick = %+v, %v", res, err)
	}
	id, _ := ms.ActiveMatch(ctx, gone[0].Player.ID)
	m, err := ms.Get(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []int{0, 1, 0, 1, 0, 1, 0} {
		if m, err = ms.Move(ctx, id, m.ToMove(), c); err != nil {
			t.Fatal(err)
		}
	}
	if !m.Settled {
		t.Fatal("match not settled")
	}
	for _, si := range gone {
		if err := acc.Sessions().Delete(ctx, si.Session); err != nil {
			t.Fatal(err)
		}
	}
	signedIn, err := acc.Guest(ctx, ClientInfo{})
	if err != nil {
		t.Fatal(err)
	}
	lately, err := acc.Guest(ctx, ClientInfo{})
	if err != nil {
		t.Fatal(err)
	}
	if err := acc.Sessions().Delete(ctx, lately.Session); err != nil {
		t.Fatal(err)
	}

	before := strings.Join(keysNaming(t, e, gone[0].Player.ID), " ")
	for _, want := range []string{e.d.Keys.Player(gone[0].Player.ID), e.d.Keys.PlayerMatches(gone[0].Player.ID), "{lb:connect4}:z:"} {
		if !strings.Contains(before, want) {
			t.Fatalf("before the sweep no key %s names the guest: %s", want, before)
		}
	}

	// Not yet: a sweep before the retention deletes nobody.
	e.clock.Advance(retention / 2)
	if n, err := ret.Sweep(ctx); err != nil || n != 0 {
		t.Fatalf("early sweep deleted %d, %v", n, err)
	}
	// One guest comes back on a socket; the others stay away.
	if err := NewPresence(e.d).Touch(ctx, lately.Player.ID); err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(retention/2 + time.Minute)
	n, err := ret.Sweep(ctx)
	if err != nil || n != 2 {
		t.Fatalf("sweep deleted %d, %v; want the 2 inactive guests", n, err)
	}
	for _, si := range gone {
		if _, err := acc.Get(ctx, si.Player.ID); ErrorCode(err) != CodeNotFound {
			t.Errorf("inactive guest still readable: %v", err)
		}
		if found := keysNaming(t, e, si.Player.ID, strings.ToLower(si.Player.Username)); len(found) > 0 {
			t.Errorf("keys still name the deleted guest: %v", found)
		}
	}
	for _, si := range []*SignedIn{signedIn, lately} {
		if _, err := acc.Get(ctx, si.Player.ID); err != nil {
			t.Errorf("guest %s deleted: %v", si.Player.DisplayName, err)
		}
	}
	if _, err := acc.Sessions().Lookup(ctx, signedIn.Token); err != nil {
		t.Errorf("signed-in guest lost its session: %v", err)
	}
	// The finished match keeps the ids (read as deleted players) until it
	// expires itself.
	if ttl := e.rdb.PTTL(ctx, e.d.Keys.Match(id)).Val(); ttl <= 0 {
		t.Errorf("match TTL %v", ttl)
	}
}

// keysNaming scans every key under the test's prefix, and the members and
// fields of its sets, sorted sets and hashes, for the needles. Finished
// matches and their list keep player ids by design.
func keysNaming(t *testing.T, e *mmEnv, needles ...string) []string {
	t.Helper()
	ctx := context.Background()
	var found []string
	check := func(key, what string) {
		for _, n := range needles {
			if strings.Contains(strings.ToLower(what), n) {
				found = append(found, key+" ("+what+")")
			}
		}
	}
	iter := e.rdb.Scan(ctx, 0, e.d.Keys.Prefix()+":*", 1000).Iterator()
	for iter.Next(ctx) {
		k := iter.Val()
		if strings.Contains(k, ":match:") || k == e.d.Keys.MatchesRecent() {
			continue
		}
		check(k, k)
		switch e.rdb.Type(ctx, k).Val() {
		case "set":
			for _, m := range e.rdb.SMembers(ctx, k).Val() {
				check(k, m)
			}
		case "zset":
			for _, m := range e.rdb.ZRange(ctx, k, 0, -1).Val() {
				check(k, m)
			}
		case "hash":
			for f, v := range e.rdb.HGetAll(ctx, k).Val() {
				check(k, f+"="+v)
			}
		case "string":
			check(k, e.rdb.Get(ctx, k).Val())
		}
	}
	if err := iter.Err(); err != nil {
		t.Fatal(err)
	}
	return found
}
