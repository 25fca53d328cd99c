package game

import (
	"context"
	"sync"
	"time"
)

// BoardCacheTTL bounds how long a board definition read from Redis is
// reused in-process. Definitions hardly change (only a title can), and the
// reset generation that also sits in the cache is checked by every script
// that depends on it (a write or page read against a reset board reloads
// and retries), so staleness is limited to a title another instance just
// changed.
const BoardCacheTTL = time.Second

type boardCache struct {
	mu sync.RWMutex
	m  map[string]cachedBoard
}

type cachedBoard struct {
	def Leaderboard
	st  boardState
	at  time.Time
}

func newBoardCache() *boardCache { return &boardCache{m: map[string]cachedBoard{}} }

// cached is load through the cache. The definition returned is the
// caller's own copy.
func (b *Boards) cached(ctx context.Context, id string) (*Leaderboard, boardState, error) {
	b.cache.mu.RLock()
	e, ok := b.cache.m[id]
	b.cache.mu.RUnlock()
	if ok && time.Since(e.at) < BoardCacheTTL {
		def := e.def
		return &def, e.st, nil
	}
	return b.reload(ctx, id)
}

// reload reads a board from Redis and refreshes the cache.
func (b *Boards) reload(ctx context.Context, id string) (*Leaderboard, boardState, error) {
	def, st, err := b.load(ctx, id)
	if err != nil {
		return nil, st, err
	}
	b.cache.mu.Lock()
	b.cache.m[id] = cachedBoard{def: *def, st: st, at: time.Now()}
	b.cache.mu.Unlock()
	return def, st, nil
}

// forget drops a board from the cache after this instance changed it.
func (b *Boards) forget(id string) {
	b.cache.mu.Lock()
	delete(b.cache.m, id)
	b.cache.mu.Unlock()
}
