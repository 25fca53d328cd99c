package game

import (
	"github.com/ladder/ladder/internal/game/event"

	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/ladder/ladder/internal/redistest"
)

// taggedKeys lists the keys matching pattern, which carries a hash tag: on a
// cluster they all live on the node that owns the tag.
func taggedKeys(t *testing.T, tg redistest.Target, pattern string) []string {
	t.Helper()
	ctx := t.Context()
	var c redis.Cmdable = tg.Client
	if cc, ok := tg.Client.(*redis.ClusterClient); ok {
		node, err := cc.MasterForKey(ctx, pattern)
		if err != nil {
			t.Fatal(err)
		}
		c = node
	}
	var keys []string
	it := c.Scan(ctx, 0, pattern, 1000).Iterator()
	for it.Next(ctx) {
		keys = append(keys, it.Val())
	}
	if err := it.Err(); err != nil {
		t.Fatal(err)
	}
	return keys
}

type accountsEnv struct {
	acc    *Accounts
	deps   Deps
	events *recorder
}

func newAccountsEnv(t *testing.T, tg redistest.Target, limits LoginLimits) *accountsEnv {
	t.Helper()
	ev := &recorder{}
	d := Deps{Redis: tg.Client, Keys: NewKeys(redistest.Prefix(t)), Events: ev}
	return &accountsEnv{acc: NewAccounts(d, NewSessions(d), limits), deps: d.withDefaults(), events: ev}
}

// setHashWait changes how long a request waits for a hash slot for one test.
func setHashWait(t *testing.T, d time.Duration) {
	old := hashWait
	hashWait = d
	t.Cleanup(func() { hashWait = old })
}

// holdHashSlots takes every hash slot until the returned function runs.
func holdHashSlots(t *testing.T) func() {
	t.Helper()
	for range cap(hashSlots) {
		hashSlots <- struct{}{}
	}
	var once sync.Once
	release := func() {
		once.Do(func() {
			for range cap(hashSlots) {
				<-hashSlots
			}
		})
	}
	t.Cleanup(release)
	return release
}

func TestSignupLimitPerAddress(t *testing.T) {
	redistest.Each(t, func(t *testing.T, tg redistest.Target) {
		ctx := t.Context()
		e := newAccountsEnv(t, tg, LoginLimits{})
		e.acc.WithSignupLimits(SignupLimits{PerAddr: 3, Window: time.Minute})
		a := ClientInfo{Addr: "198.51.100.7"}
		if _, err := e.acc.Guest(ctx, a); err != nil {
			t.Fatal(err)
		}
		if _, err := e.acc.Register(ctx, "signup_a", "long enough", a); err != nil {
			t.Fatal(err)
		}
		// A name already taken is refused, and still counts: it is how
		// names would be probed.
		if _, err := e.acc.Register(ctx, "signup_a", "long enough", a); ErrorCode(err) != CodeConflict {
			t.Fatalf("taken name: err = %v, want conflict", err)
		}
		for _, try := range []func() error{
			func() error { _, err := e.acc.Guest(ctx, a); return err },
			func() error { _, err := e.acc.Register(ctx, "signup_b", "long enough", a); return err },
		} {
			err := try()
			var ge *Error
			if ErrorCode(err) != CodeRateLimited || !asError(err, &ge) || ge.RetryAfter <= 0 {
				t.Fatalf("fourth sign-up: err = %v, want rate_limited with a retry time", err)
			}
		}
		if taken, _ := e.acc.nameTaken(ctx, "signup_b"); taken {
			t.Error("a refused registration claimed its name")
		}
		// Another address has its own allowance.
		if _, err := e.acc.Register(ctx, "signup_b", "long enough", ClientInfo{Addr: "198.51.100.8"}); err != nil {
			t.Fatalf("other address: %v", err)
		}
	})
}

func asError(err error, target **Error) bool {
	e, ok := err.(*Error)
	if ok {
		*target = e
	}
	return ok
}

func TestRegisterChecksBeforeHashing(t *testing.T) {
	redistest.Each(t, func(t *testing.T, tg redistest.Target) {
		ctx := t.Context()
		e := newAccountsEnv(t, tg, LoginLimits{})
		if _, err := e.acc.Register(ctx, "first_one", "long enough", ClientInfo{}); err != nil {
			t.Fatal(err)
		}
		setHashWait(t, 200*time.Millisecond)
		release := holdHashSlots(t)

		// With every hash slot busy, a taken name is still refused at once:
		// the check comes before the hash.
		start := time.Now()
		if _, err := e.acc.Register(ctx, "FIRST_ONE", "long enough", ClientInfo{}); ErrorCode(err) != CodeConflict {
			t.Fatalf("taken name: err = %v, want conflict", err)
		}
		if d := time.Since(start); d > 150*time.Millisecond {
			t.Errorf("taken name took %v: it waited for a hash slot", d)
		}
		// A free name waits for a slot, then is told to come back.
		e.acc.WithSignupLimits(SignupLimits{PerAddr: 1, Window: time.Minute})
		addr := ClientInfo{Addr: "198.51.100.9"}
		_, err := e.acc.Register(ctx, "second_one", "long enough", addr)
		var ge *Error
		if ErrorCode(err) != CodeUnavailable || !asError(err, &ge) || ge.RetryAfter <= 0 {
			t.Fatalf("busy: err = %v, want unavailable with a retry time", err)
		}
		if _, err := e.acc.Login(ctx, "first_one", "long enough", ClientInfo{}); ErrorCode(err) != CodeUnavailable {
			t.Fatalf("busy login: err = %v, want unavailable", err)
		}
		release()
		// The busy answer gave the sign-up slot back.
		if _, err := e.acc.Register(ctx, "second_one", "long enough", addr); err != nil {
			t.Fatalf("after the slots freed: %v", err)
		}
	})
}

func TestHashBoundUnderConcurrentRegistrations(t *testing.T) {
	redistest.Each(t, func(t *testing.T, tg redistest.Target) {
		e := newAccountsEnv(t, tg, LoginLimits{})
		setHashWait(t, time.Minute)
		var (
			mu       sync.Mutex
			inFlight int
			peak     int
		)
		// Watch the slots while registrations run.
		stop := make(chan struct{})
		watched := make(chan struct{})
		go func() {
			defer close(watched)
			for {
				select {
				case <-stop:
					return
				default:
				}
				mu.Lock()
				inFlight = len(hashSlots)
				peak = max(peak, inFlight)
				mu.Unlock()
				time.Sleep(time.Millisecond)
			}
		}()
		var wg sync.WaitGroup
		errs := make(chan error, 12)
		for i := range 12 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := e.acc.Register(t.Context(), fmt.Sprintf("many_%d", i), "long enough", ClientInfo{})
				errs <- err
			}()
		}
		wg.Wait()
		close(stop)
		<-watched
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		if peak > cap(hashSlots) || peak == 0 {
			t.Errorf("peak hashes in flight = %d, want 1..%d", peak, cap(hashSlots))
		}
	})
}

func TestConcurrentCorrectLoginsAllSucceed(t *testing.T) {
	redistest.Each(t, func(t *testing.T, tg redistest.Target) {
		e := newAccountsEnv(t, tg, LoginLimits{PerUser: 10, PerAddr: 50, Window: time.Minute})
		if _, err := e.acc.Register(t.Context(), "busy_bee", "long enough", ClientInfo{}); err != nil {
			t.Fatal(err)
		}
		setHashWait(t, 5*time.Minute) // this test is about the limiter, not the hash bound
		var wg sync.WaitGroup
		errs := make(chan error, 30)
		for range 30 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := e.acc.Login(t.Context(), "busy_bee", "long enough", ClientInfo{Addr: "203.0.113.5"})
				errs <- err
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Errorf("correct login refused: %v", err)
			}
		}
	})
}

func TestLoginLockoutIsPerAddress(t *testing.T) {
	redistest.Each(t, func(t *testing.T, tg redistest.Target) {
		ctx := t.Context()
		e := newAccountsEnv(t, tg, LoginLimits{PerUser: 2, PerAddr: 1000, Window: time.Minute})
		if _, err := e.acc.Register(ctx, "victim", "right password", ClientInfo{}); err != nil {
			t.Fatal(err)
		}
		a := ClientInfo{Addr: "203.0.113.1"}
		for range 2 {
			if _, err := e.acc.Login(ctx, "victim", "wrong password", a); ErrorCode(err) != CodeUnauthorized {
				t.Fatalf("wrong password: err = %v, want unauthorized", err)
			}
		}
		if _, err := e.acc.Login(ctx, "victim", "right password", a); ErrorCode(err) != CodeRateLimited {
			t.Fatalf("locked address: err = %v, want rate_limited", err)
		}
		// The owner, elsewhere, is not locked out...
		if _, err := e.acc.Login(ctx, "victim", "right password", ClientInfo{Addr: "198.51.100.1"}); err != nil {
			t.Fatalf("other address locked out: %v", err)
		}
		// ...until the account's ceiling over all addresses (10×2) is hit.
		for i := range 9 {
			for range 2 {
				_, _ = e.acc.Login(ctx, "victim", "wrong password", ClientInfo{Addr: fmt.Sprintf("203.0.113.%d", 10+i)})
			}
		}
		if _, err := e.acc.Login(ctx, "victim", "right password", ClientInfo{Addr: "198.51.100.2"}); ErrorCode(err) != CodeRateLimited {
			t.Fatalf("past the account ceiling: err = %v, want rate_limited", err)
		}
		// Successes never counted.
		if n := tg.Client.ZCard(ctx, e.deps.Keys.LoginPairLimit("victim", "198.51.100.1")).Val(); n != 0 {
			t.Errorf("a correct login recorded %d failures", n)
		}
	})
}

func TestGuestNamesComeFromTheID(t *testing.T) {
	redistest.Each(t, func(t *testing.T, tg redistest.Target) {
		ctx := t.Context()
		e := newAccountsEnv(t, tg, LoginLimits{})
		si, err := e.acc.Guest(ctx, ClientInfo{})
		if err != nil {
			t.Fatal(err)
		}
		if want := "guest-" + si.Player.ID[:8]; si.Player.Username != want {
			t.Fatalf("guest username = %q, want %q", si.Player.Username, want)
		}
		// A clash of the short form falls back to a longer one.
		ids := []string{"0badcafe-0000-4000-8000-000000000001", "0badcafe-1111-4000-8000-000000000002"}
		old := newPlayerID
		t.Cleanup(func() { newPlayerID = old })
		newPlayerID = func() string { id := ids[0]; ids = ids[1:]; return id }
		tg.Client.HSet(ctx, e.deps.Keys.Usernames(), "guest-0badcafe", "someone")
		si, err = e.acc.Guest(ctx, ClientInfo{})
		if err != nil {
			t.Fatal(err)
		}
		if si.Player.ID != "0badcafe-1111-4000-8000-000000000002" || si.Player.Username != "guest-0badcafe111140" {
			t.Fatalf("after a clash: %s %q", si.Player.ID, si.Player.Username)
		}
		if len(si.Player.Username) > 20 || !strings.HasPrefix(si.Player.Username, "guest-") {
			t.Errorf("long guest name %q", si.Player.Username)
		}
	})
}

func TestMaxSessionsEndsTheOldest(t *testing.T) {
	redistest.Each(t, func(t *testing.T, tg redistest.Target) {
		ctx := t.Context()
		e := newAccountsEnv(t, tg, LoginLimits{})
		e.acc.sessions.WithMaxPerPlayer(3)
		first, err := e.acc.Register(ctx, "many_tabs", "long enough", ClientInfo{})
		if err != nil {
			t.Fatal(err)
		}
		tokens := []string{first.Token}
		ids := []string{first.Session.ID}
		for range 4 {
			time.Sleep(3 * time.Millisecond) // distinct creation times
			si, err := e.acc.Login(ctx, "many_tabs", "long enough", ClientInfo{})
			if err != nil {
				t.Fatal(err)
			}
			tokens = append(tokens, si.Token)
			ids = append(ids, si.Session.ID)
		}
		for i, tok := range tokens {
			_, err := e.acc.sessions.Lookup(ctx, tok)
			if alive := err == nil; alive != (i >= 2) {
				t.Errorf("session %d alive = %v (err %v), want only the newest 3", i, alive, err)
			}
		}
		if n := tg.Client.SCard(ctx, e.deps.Keys.PlayerSessions(first.Player.ID)).Val(); n != 3 {
			t.Errorf("index holds %d sessions, want 3", n)
		}
		var ended []string
		for _, m := range e.events.take() {
			if ev, ok := m.Msg.(event.SessionRevoked); ok {
				ended = append(ended, ev.Sessions...)
			}
		}
		if strings.Join(ended, ",") != ids[0]+","+ids[1] {
			t.Errorf("session.revoked named %v, want the two oldest %v", ended, ids[:2])
		}
	})
}

func TestDeleteAllLeavesNoSessionOutsideTheIndex(t *testing.T) {
	redistest.Each(t, func(t *testing.T, tg redistest.Target) {
		ctx := t.Context()
		e := newAccountsEnv(t, tg, LoginLimits{})
		s := e.acc.sessions.WithMaxPerPlayer(1000)
		si, err := e.acc.Guest(ctx, ClientInfo{})
		if err != nil {
			t.Fatal(err)
		}
		pid := si.Player.ID
		var wg sync.WaitGroup
		stop := make(chan struct{})
		stopped := false
		halt := func() {
			if !stopped {
				stopped = true
				close(stop)
				wg.Wait()
			}
		}
		defer halt()
		for range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					select {
					case <-stop:
						return
					default:
					}
					if _, _, err := s.Create(context.Background(), pid, ClientInfo{}); err != nil {
						t.Error(err)
						return
					}
				}
			}()
		}
		for range 300 {
			if _, err := s.DeleteAll(ctx, pid); err != nil {
				t.Fatal(err)
			}
		}
		halt()
		// Every session that exists is in the index, where DeleteAll (a
		// ban, "sign out everywhere") finds it.
		index := map[string]bool{}
		for _, id := range tg.Client.SMembers(ctx, e.deps.Keys.PlayerSessions(pid)).Val() {
			index[id] = true
		}
		live := 0
		for _, k := range taggedKeys(t, tg, e.deps.Keys.Session(pid, "*")) {
			id := k[strings.LastIndexByte(k, ':')+1:]
			live++
			if !index[id] {
				t.Errorf("session %s is alive outside the index", id)
			}
		}
		if _, err := s.DeleteAll(ctx, pid); err != nil {
			t.Fatal(err)
		}
		if left := taggedKeys(t, tg, e.deps.Keys.Session(pid, "*")); len(left) != 0 {
			t.Errorf("%d of %d sessions survived a quiet DeleteAll", len(left), live)
		}
	})
}

func TestAdminPasswordChangeEndsSessions(t *testing.T) {
	redistest.Each(t, func(t *testing.T, tg redistest.Target) {
		ctx := t.Context()
		e := newAccountsEnv(t, tg, LoginLimits{})
		if err := e.acc.EnsureAdmin(ctx, "boss", "first password"); err != nil {
			t.Fatal(err)
		}
		si, err := e.acc.Login(ctx, "boss", "first password", ClientInfo{})
		if err != nil {
			t.Fatal(err)
		}
		// A restart with the same password keeps the admin signed in.
		if err := e.acc.EnsureAdmin(ctx, "boss", "first password"); err != nil {
			t.Fatal(err)
		}
		if _, err := e.acc.sessions.Lookup(ctx, si.Token); err != nil {
			t.Fatalf("session ended without a password change: %v", err)
		}
		e.events.take()
		if err := e.acc.EnsureAdmin(ctx, "boss", "second password"); err != nil {
			t.Fatal(err)
		}
		if _, err := e.acc.sessions.Lookup(ctx, si.Token); ErrorCode(err) != CodeUnauthorized {
			t.Fatalf("session after a password change: err = %v, want unauthorized", err)
		}
		revoked := false
		for _, m := range e.events.take() {
			_, ok := m.Msg.(event.SessionRevoked)
			revoked = revoked || (ok && m.Topic == event.PlayerTopic(si.Player.ID))
		}
		if !revoked {
			t.Error("no session.revoked for the admin's sockets")
		}
	})
}
