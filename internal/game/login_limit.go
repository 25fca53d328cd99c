package game

import (
	"context"
	"time"

	"github.com/ladder/ladder/internal/redisx"
)

// LoginLimits bound failed logins per username and per client address.
type LoginLimits struct {
	PerUser, PerAddr int
	Window           time.Duration
}

// DefaultLoginLimits allow 10 failures per name and 50 per address in 15
// minutes: plenty for typos, far too few for guessing.
var DefaultLoginLimits = LoginLimits{PerUser: 10, PerAddr: 50, Window: 15 * time.Minute}

// loginLimiter counts failed logins. Each attempt takes a slot up front (so
// concurrent guesses cannot slip past the limit) and gives it back when the
// password turns out right: only failures count.
type loginLimiter struct {
	keys       Keys
	user, addr *redisx.Limiter
}

type loginAttempt struct {
	userKey, addrKey string
	user, addr       redisx.Decision
}

func newLoginLimiter(d Deps, l LoginLimits) loginLimiter {
	if l == (LoginLimits{}) {
		l = DefaultLoginLimits
	}
	return loginLimiter{
		keys: d.Keys,
		user: redisx.NewLimiter(d.Redis, l.PerUser, l.Window),
		addr: redisx.NewLimiter(d.Redis, l.PerAddr, l.Window),
	}
}

func (l loginLimiter) begin(ctx context.Context, lowerName, addr string) (loginAttempt, error) {
	a := loginAttempt{userKey: l.keys.LoginUserLimit(lowerName), addrKey: l.keys.LoginAddrLimit(addr)}
	var err error
	if a.user, err = l.user.Allow(ctx, a.userKey); err != nil {
		return a, err
	}
	if !a.user.Allowed {
		return a, RateLimited("too many failed sign-ins for this account, try again later", a.user.RetryAfter)
	}
	if a.addr, err = l.addr.Allow(ctx, a.addrKey); err != nil {
		return a, err
	}
	if !a.addr.Allowed {
		_ = l.user.Undo(ctx, a.userKey, a.user)
		return a, RateLimited("too many failed sign-ins from this address, try again later", a.addr.RetryAfter)
	}
	return a, nil
}

func (l loginLimiter) succeeded(ctx context.Context, a loginAttempt) {
	_ = l.user.Undo(ctx, a.userKey, a.user)
	_ = l.addr.Undo(ctx, a.addrKey, a.addr)
}
