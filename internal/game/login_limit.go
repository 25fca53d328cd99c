package game

import (
	"context"
	"time"

	"github.com/ladder/ladder/internal/redisx"
)

// LoginLimits bound failed logins. PerUser is the allowance of one username
// from one client address; a username's failures from all addresses
// together are allowed ten times that, so nobody can lock another person
// out of their account from their own address. PerAddr bounds the failures
// of one address across every username.
type LoginLimits struct {
	PerUser, PerAddr int
	Window           time.Duration
}

// DefaultLoginLimits allow 10 failures per name and address (100 per name)
// and 50 per address in 15 minutes: plenty for typos, far too few for
// guessing.
var DefaultLoginLimits = LoginLimits{PerUser: 10, PerAddr: 50, Window: 15 * time.Minute}

// loginUserCeiling is how many times PerUser a username may fail in all.
const loginUserCeiling = 10

// loginLimiter counts failed logins only. An attempt first checks, without
// recording anything, that none of its logs is full; a failure is recorded
// after the password check. A correct password therefore never competes
// with other attempts for a slot. Concurrent wrong guesses can each pass
// the check before any is recorded, but the hash bound (hashSlots) keeps
// that overshoot to a handful per instance.
type loginLimiter struct {
	keys             Keys
	pair, user, addr *redisx.Limiter
}

func newLoginLimiter(d Deps, l LoginLimits) loginLimiter {
	if l == (LoginLimits{}) {
		l = DefaultLoginLimits
	}
	return loginLimiter{
		keys: d.Keys,
		pair: redisx.NewLimiter(d.Redis, l.PerUser, l.Window),
		user: redisx.NewLimiter(d.Redis, loginUserCeiling*l.PerUser, l.Window),
		addr: redisx.NewLimiter(d.Redis, l.PerAddr, l.Window),
	}
}

// check refuses an attempt whose username, address or pair of both has
// used up its failures.
func (l loginLimiter) check(ctx context.Context, lowerName, addr string) error {
	checks := []struct {
		lim *redisx.Limiter
		key string
		msg string
	}{
		{l.pair, l.keys.LoginPairLimit(lowerName, addr), "too many failed sign-ins for this account, try again later"},
		{l.user, l.keys.LoginUserLimit(lowerName), "too many failed sign-ins for this account, try again later"},
		{l.addr, l.keys.LoginAddrLimit(addr), "too many failed sign-ins from this address, try again later"},
	}
	for _, c := range checks {
		d, err := c.lim.Peek(ctx, c.key)
		if err != nil {
			return err
		}
		if !d.Allowed {
			return RateLimited(c.msg, d.RetryAfter)
		}
	}
	return nil
}

// failed records a failure in every log the attempt counts against. It
// runs even when the client has gone, so hanging up cannot skip it.
func (l loginLimiter) failed(ctx context.Context, lowerName, addr string) error {
	ctx = context.WithoutCancel(ctx)
	if err := l.pair.Record(ctx, l.keys.LoginPairLimit(lowerName, addr)); err != nil {
		return err
	}
	if err := l.user.Record(ctx, l.keys.LoginUserLimit(lowerName)); err != nil {
		return err
	}
	return l.addr.Record(ctx, l.keys.LoginAddrLimit(addr))
}
