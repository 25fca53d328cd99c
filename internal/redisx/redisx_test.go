package redisx_test

import (
	"context"
	"errors"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/ladder/ladder/internal/redistest"
	"github.com/ladder/ladder/internal/redisx"
)

func TestMain(m *testing.M) { os.Exit(redistest.Main(m)) }

func TestLimiterExactAtLimit(t *testing.T) {
	redistest.Each(t, func(t *testing.T, tg redistest.Target) {
		ctx := context.Background()
		key := redisx.Keyspace(redistest.Prefix(t)).Key("rl", "exact")
		l := redisx.NewLimiter(tg.Client, 5, time.Minute)
		for i := range 5 {
			d, err := l.Allow(ctx, key)
			if err != nil {
				t.Fatal(err)
			}
			if !d.Allowed {
				t.Fatalf("call %d refused, want allowed", i+1)
			}
			if got, want := d.Remaining, 4-i; got != want {
				t.Errorf("call %d remaining = %d, want %d", i+1, got, want)
			}
		}
		for i := range 3 {
			d, err := l.Allow(ctx, key)
			if err != nil {
				t.Fatal(err)
			}
			if d.Allowed {
				t.Fatalf("call %d allowed, want refused", 6+i)
			}
			if d.RetryAfter <= 0 || d.RetryAfter > time.Minute {
				t.Errorf("retry after = %v, want within (0, 1m]", d.RetryAfter)
			}
			if got := d.RetryAfterSeconds(); got < 59 || got > 60 {
				t.Errorf("retry after seconds = %d, want 59..60", got)
			}
		}
		// Refused calls were not recorded: exactly the five admitted remain.
		if n := tg.Client.ZCard(ctx, key).Val(); n != 5 {
			t.Errorf("log holds %d entries, want 5", n)
		}
	})
}

func TestLimiterWindowEdge(t *testing.T) {
	redistest.Each(t, func(t *testing.T, tg redistest.Target) {
		ctx := context.Background()
		key := redisx.Keyspace(redistest.Prefix(t)).Key("rl", "edge")
		const window = 400 * time.Millisecond
		l := redisx.NewLimiter(tg.Client, 2, window)
		first, _ := l.Allow(ctx, key)
		if _, err := l.Allow(ctx, key); err != nil || !first.Allowed {
			t.Fatalf("first two calls: %v %v", first, err)
		}
		d, _ := l.Allow(ctx, key)
		if d.Allowed {
			t.Fatal("third call inside the window allowed")
		}
		// Retry-After says exactly when the oldest entry leaves the window.
		time.Sleep(d.RetryAfter + 5*time.Millisecond)
		d, err := l.Allow(ctx, key)
		if err != nil || !d.Allowed {
			t.Fatalf("call after Retry-After refused: %+v %v", d, err)
		}
	})
}

func TestLimiterConcurrent(t *testing.T) {
	redistest.Each(t, func(t *testing.T, tg redistest.Target) {
		ctx := context.Background()
		key := redisx.Keyspace(redistest.Prefix(t)).Key("rl", "conc")
		l := redisx.NewLimiter(tg.Client, 10, time.Minute)
		var ok atomic.Int64
		var wg sync.WaitGroup
		for range 50 {
			wg.Go(func() {
				d, err := l.Allow(ctx, key)
				if err != nil {
					t.Error(err)
				}
				if d.Allowed {
					ok.Add(1)
				}
			})
		}
		wg.Wait()
		if got := ok.Load(); got != 10 {
			t.Errorf("admitted %d of 50 concurrent calls, want exactly 10", got)
		}
	})
}

func TestLimiterUndo(t *testing.T) {
	redistest.Each(t, func(t *testing.T, tg redistest.Target) {
		ctx := context.Background()
		key := redisx.Keyspace(redistest.Prefix(t)).Key("rl", "undo")
		l := redisx.NewLimiter(tg.Client, 1, time.Minute)
		d, _ := l.Allow(ctx, key)
		if err := l.Undo(ctx, key, d); err != nil {
			t.Fatal(err)
		}
		if d, _ := l.Allow(ctx, key); !d.Allowed {
			t.Fatal("slot not given back by Undo")
		}
	})
}

func TestLock(t *testing.T) {
	redistest.Each(t, func(t *testing.T, tg redistest.Target) {
		ctx := context.Background()
		key := redisx.Keyspace(redistest.Prefix(t)).Key("lock")
		a, err := redisx.AcquireLock(ctx, tg.Client, key, 200*time.Millisecond)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := redisx.AcquireLock(ctx, tg.Client, key, time.Second); !errors.Is(err, redisx.ErrLockHeld) {
			t.Fatalf("second acquire: err = %v, want ErrLockHeld", err)
		}
		if err := a.Extend(ctx, time.Second); err != nil {
			t.Fatalf("extend: %v", err)
		}
		time.Sleep(300 * time.Millisecond) // past the first ttl, within the extended one
		if _, err := redisx.AcquireLock(ctx, tg.Client, key, time.Second); !errors.Is(err, redisx.ErrLockHeld) {
			t.Fatalf("acquire after extend: err = %v, want ErrLockHeld", err)
		}
		if err := a.Release(ctx); err != nil {
			t.Fatal(err)
		}
		b, err := redisx.AcquireLock(ctx, tg.Client, key, 50*time.Millisecond)
		if err != nil {
			t.Fatal(err)
		}
		time.Sleep(100 * time.Millisecond)
		c, err := redisx.AcquireLock(ctx, tg.Client, key, time.Second)
		if err != nil {
			t.Fatalf("acquire after expiry: %v", err)
		}
		// The expired owner cannot release the new owner's lock.
		if err := b.Release(ctx); !errors.Is(err, redisx.ErrLockLost) {
			t.Fatalf("stale release: err = %v, want ErrLockLost", err)
		}
		if err := c.Release(ctx); err != nil {
			t.Fatal(err)
		}
	})
}

func TestEmbeddedSupportsLimiter(t *testing.T) {
	mr, err := redisx.StartEmbedded()
	if err != nil {
		t.Fatal(err)
	}
	defer mr.Close()
	rdb, closeFn, err := redisx.Open(context.Background(), redisx.Options{URL: "redis://" + mr.Addr()}, discardLogger())
	if err != nil {
		t.Fatal(err)
	}
	defer closeFn()
	l := redisx.NewLimiter(rdb, 1, time.Minute)
	if d, err := l.Allow(context.Background(), "k"); err != nil || !d.Allowed {
		t.Fatalf("first: %+v %v", d, err)
	}
	if d, err := l.Allow(context.Background(), "k"); err != nil || d.Allowed {
		t.Fatalf("second: %+v %v", d, err)
	}
}

func TestOutOfMemoryIsUnavailable(t *testing.T) {
	srv := redistest.Start(t)
	rdb := srv.Client(t)
	ctx := context.Background()
	key := redisx.Keyspace(redistest.Prefix(t)).Key("readyz")
	if err := redisx.CheckWritable(ctx, rdb, key); err != nil {
		t.Fatalf("writable before: %v", err)
	}
	raise := srv.FillMemory(t)
	err := redisx.CheckWritable(ctx, rdb, key)
	if err == nil || !redisx.IsUnavailable(err) {
		t.Errorf("CheckWritable out of memory = %v, want an unavailable error", err)
	}
	// A write inside a script fails with the same reply.
	err = redis.NewScript(`redis.call('GET', KEYS[1]); return redis.call('SET', KEYS[1], 'v')`).
		Run(ctx, rdb, []string{key}).Err()
	if err == nil || !redisx.IsUnavailable(err) {
		t.Errorf("script write out of memory = %v, want an unavailable error", err)
	}
	if err := rdb.Get(ctx, key).Err(); err != nil && !errors.Is(err, redis.Nil) {
		t.Errorf("read out of memory: %v", err)
	}
	raise()
	if err := redisx.CheckWritable(ctx, rdb, key); err != nil {
		t.Errorf("writable after raising maxmemory: %v", err)
	}
}

func TestIsUnavailableReplies(t *testing.T) {
	cases := []struct {
		reply string
		want  bool
	}{
		{"OOM command not allowed when used memory > 'maxmemory'.", true},
		{"READONLY You can't write against a read only replica.", true},
		{"MISCONF Redis is configured to save RDB snapshots, but it's currently unable to persist to disk.", true},
		{"LOADING Redis is loading the dataset in memory", true},
		{"BUSY Redis is busy running a script.", true},
		{"MASTERDOWN Link with MASTER is down", true},
		{"NOREPLICAS Not enough good replicas to write.", true},
		{"ERR Error running script (call to f_1): @user_script:1: -OOM command not allowed", true},
		{"ERR wrong number of arguments", false},
		{"WRONGTYPE Operation against a key holding the wrong kind of value", false},
		{"BUSYKEY Target key name already exists.", false},
		{"NOSCRIPT No matching script.", false},
	}
	for _, c := range cases {
		if got := redisx.IsUnavailable(replyError(c.reply)); got != c.want {
			t.Errorf("IsUnavailable(%q) = %v, want %v", c.reply, got, c.want)
		}
	}
}

// replyError is an error reply as go-redis reports one.
type replyError string

func (e replyError) Error() string { return string(e) }
func (replyError) RedisError()     {}
