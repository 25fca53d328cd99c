package redisx

import (
	"context"
	"errors"
	"time"

	"github.com/google/uuid"
	"github.com/redis/go-redis/v9"
)

// ErrLockHeld is returned by Acquire when someone else holds the lock.
var ErrLockHeld = errors.New("redisx: lock held by another owner")

// ErrLockLost is returned by Extend and Release when the lock expired and
// possibly passed to another owner.
var ErrLockLost = errors.New("redisx: lock lost")

// releaseLock and extendLock act on a lock only while the caller owns it.
var (
	releaseLock = redis.NewScript(mustLua("release_lock.lua"))
	extendLock  = redis.NewScript(mustLua("extend_lock.lua"))
)

// Lock is a held distributed lock: SET NX PX with a unique token, released
// and extended only by its owner (compare-and-set in Lua). It keeps workers
// from duplicating effort; it is not a correctness guarantee, since it can
// expire while its owner still works.
type Lock struct {
	rdb   redis.UniversalClient
	key   string
	token string
}

// AcquireLock takes the lock at key for ttl, or returns ErrLockHeld.
func AcquireLock(ctx context.Context, rdb redis.UniversalClient, key string, ttl time.Duration) (*Lock, error) {
	token := uuid.NewString()
	ok, err := rdb.SetNX(ctx, key, token, ttl).Result()
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, ErrLockHeld
	}
	return &Lock{rdb: rdb, key: key, token: token}, nil
}

// Extend pushes the lock's expiry to ttl from now, if it is still ours.
func (l *Lock) Extend(ctx context.Context, ttl time.Duration) error {
	n, err := extendLock.Run(ctx, l.rdb, []string{l.key}, l.token, ttl.Milliseconds()).Int()
	if err != nil {
		return err
	}
	if n == 0 {
		return ErrLockLost
	}
	return nil
}

// Release frees the lock if it is still ours.
func (l *Lock) Release(ctx context.Context) error {
	n, err := releaseLock.Run(ctx, l.rdb, []string{l.key}, l.token).Int()
	if err != nil {
		return err
	}
	if n == 0 {
		return ErrLockLost
	}
	return nil
}
