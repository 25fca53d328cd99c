package game

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/redis/go-redis/v9"

	"github.com/ladder/ladder/internal/game/event"
)

// upgradeGuest flips a guest's profile to a registered one, checking in the
// same step that it still is a guest.
var upgradeGuest = redis.NewScript(mustLua("upgrade_guest.lua"))

// swapNameIndex moves a player's username index entry in one step.
var swapNameIndex = redis.NewScript(mustLua("swap_name_index.lua"))

// Upgrade turns the guest id into a registered player named username. The
// id stays, and with it scores, ratings and match history. The checks come
// in the order Register uses (shape, sign-up allowance, the name being free)
// before the password hash; the guest is then signed in anew and the
// session the upgrade came with is the caller's to end.
func (a *Accounts) Upgrade(ctx context.Context, id, username, password string, ci ClientInfo) (_ *SignedIn, err error) {
	p, err := a.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if !p.Guest {
		return nil, Conflictf("this account is already registered")
	}
	if err := ValidateUsername(username); err != nil {
		return nil, err
	}
	if err := ValidatePassword(password); err != nil {
		return nil, err
	}
	if strings.HasPrefix(strings.ToLower(username), "guest-") {
		return nil, Invalidf("usernames starting with \"guest-\" are reserved")
	}
	slot, err := a.allowSignup(ctx, ci.Addr)
	if err != nil {
		return nil, err
	}
	defer func() { a.undoSignup(ctx, ci.Addr, slot, err) }()
	if taken, err := a.nameTaken(ctx, username); err != nil {
		return nil, err
	} else if taken {
		return nil, Conflictf("the username %q is taken", username)
	}
	release, err := acquireHash(ctx)
	if err != nil {
		return nil, err
	}
	hash := hashPassword(password)
	release()
	// The claim settles a race for the name; the profile flip settles a
	// race for the guest. Whichever fails gives the new name back.
	if err := a.claimUsername(ctx, username, id); err != nil {
		return nil, err
	}
	res, err := upgradeGuest.Run(ctx, a.d.Redis, []string{a.d.Keys.Player(id)}, username, hash).Text()
	if err == nil && res != "ok" {
		switch res {
		case "registered":
			err = Conflictf("this account is already registered")
		case "banned":
			err = Errorf(CodeForbidden, "this account is banned")
		default:
			err = NotFoundf("this account no longer exists")
		}
	} else if err != nil {
		err = fmt.Errorf("upgrade guest: %w", err)
	}
	newLower, oldLower := strings.ToLower(username), strings.ToLower(p.Username)
	if err != nil {
		_ = releaseName.Run(context.WithoutCancel(ctx), a.d.Redis, []string{a.d.Keys.Usernames()}, newLower, id).Err()
		return nil, err
	}
	if err := swapNameIndex.Run(ctx, a.d.Redis, []string{a.d.Keys.UsernameIndex()},
		oldLower+":"+id, newLower+":"+id).Err(); err != nil {
		return nil, fmt.Errorf("upgrade guest: %w", err)
	}
	if err := releaseName.Run(ctx, a.d.Redis, []string{a.d.Keys.Usernames()}, oldLower, id).Err(); err != nil && !errors.Is(err, redis.Nil) {
		return nil, fmt.Errorf("upgrade guest: %w", err)
	}
	if p, err = a.Get(ctx, id); err != nil {
		return nil, err
	}
	return a.signIn(ctx, p, ci)
}

// wrongPassword answers a wrong current password on the settings forms.
var wrongPassword = Errorf(CodeForbidden, "That is not your current password.")

// VerifyPassword checks a registered player's password. Failures count
// against the same limits as failed logins, so the settings forms are no
// way around them.
func (a *Accounts) VerifyPassword(ctx context.Context, p *Player, password string, ci ClientInfo) error {
	if p.Guest {
		return Invalidf("guest accounts have no password")
	}
	lower := strings.ToLower(p.Username)
	if password == "" || len(password) > 1024 {
		if err := a.limiter.failed(ctx, lower, ci.Addr); err != nil {
			return err
		}
		return wrongPassword
	}
	release, err := acquireHash(ctx)
	if err != nil {
		return err
	}
	defer release()
	if err := a.limiter.check(ctx, lower, ci.Addr); err != nil {
		return err
	}
	hash, err := a.d.Redis.HGet(ctx, a.d.Keys.Player(p.ID), fPassword).Result()
	if err != nil && !errors.Is(err, redis.Nil) {
		return fmt.Errorf("check password: %w", err)
	}
	if !checkPassword(hash, password) {
		if err := a.limiter.failed(ctx, lower, ci.Addr); err != nil {
			return err
		}
		return wrongPassword
	}
	return nil
}

// ChangePassword sets a new password after checking the current one, and
// ends every session of the player except keep (the one asking), so
// whoever knew the old password is signed out.
func (a *Accounts) ChangePassword(ctx context.Context, p *Player, keep *Session, current, next string, ci ClientInfo) error {
	if p.Guest {
		return Invalidf("guest accounts have no password: create an account first")
	}
	if err := ValidatePassword(next); err != nil {
		return err
	}
	if err := a.VerifyPassword(ctx, p, current, ci); err != nil {
		return err
	}
	release, err := acquireHash(ctx)
	if err != nil {
		return err
	}
	hash := hashPassword(next)
	release()
	if err := a.d.Redis.HSet(ctx, a.d.Keys.Player(p.ID), fPassword, hash).Err(); err != nil {
		return fmt.Errorf("change password: %w", err)
	}
	return a.EndOtherSessions(ctx, p.ID, keep, "signed out: the password was changed")
}

// EndOtherSessions ends every session of a player but keep (nil: all of
// them) and closes the sockets opened with them.
func (a *Accounts) EndOtherSessions(ctx context.Context, playerID string, keep *Session, reason string) error {
	ids, err := a.d.Redis.SMembers(ctx, a.d.Keys.PlayerSessions(playerID)).Result()
	if err != nil {
		return fmt.Errorf("end sessions: %w", err)
	}
	if keep == nil {
		if _, err := a.sessions.DeleteAll(ctx, playerID); err != nil {
			return err
		}
		a.d.Events.Publish(ctx, event.PlayerTopic(playerID), event.NewSessionRevoked(playerID, reason))
		return nil
	}
	keys := []string{a.d.Keys.PlayerSessions(playerID)}
	var args []any
	var endedIDs []string
	for _, id := range ids {
		if id == keep.ID {
			continue
		}
		keys = append(keys, a.d.Keys.Session(playerID, id))
		args = append(args, id)
		endedIDs = append(endedIDs, id)
	}
	if len(args) == 0 {
		return nil
	}
	if err := deleteSessions.Run(ctx, a.d.Redis, keys, args...).Err(); err != nil {
		return fmt.Errorf("end sessions: %w", err)
	}
	a.d.Events.Publish(ctx, event.PlayerTopic(playerID), event.NewSessionRevoked(playerID, reason, endedIDs...))
	return nil
}
