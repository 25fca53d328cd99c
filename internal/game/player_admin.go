package game

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/ladder/ladder/internal/game/event"
)

// PlayerCleaner is what other parts of the domain do when an admin bans,
// unbans or deletes a player. Leaderboards hide, restore and forget the
// player's entries; matchmaking drops their tickets and forfeits their live
// match. Every method must be idempotent: an action interrupted half-way is
// completed by doing it again.
type PlayerCleaner interface {
	// PlayerBanned takes the player out of play and out of sight.
	PlayerBanned(ctx context.Context, playerID string) error
	// PlayerUnbanned brings back what PlayerBanned hid.
	PlayerUnbanned(ctx context.Context, playerID string) error
	// PlayerDeleted removes every trace of the player.
	PlayerDeleted(ctx context.Context, playerID string) error
}

// Actor is who performs an admin action, for the audit log.
type Actor struct {
	ID   string
	Name string
}

// ActorOf names a player as an actor.
func ActorOf(p *Player) Actor { return Actor{ID: p.ID, Name: p.Username} }

// PlayerAdmin carries out admin actions on players, each recorded in the
// audit log.
type PlayerAdmin struct {
	d        Deps
	accounts *Accounts
	audit    *Audit
	cleaners []PlayerCleaner
}

// NewPlayerAdmin returns the service; cleaners are told about bans, unbans
// and deletions in the order given.
func NewPlayerAdmin(d Deps, accounts *Accounts, audit *Audit, cleaners ...PlayerCleaner) *PlayerAdmin {
	return &PlayerAdmin{d: d.withDefaults(), accounts: accounts, audit: audit, cleaners: cleaners}
}

// Search finds players whose username or display name starts with prefix
// (ignoring case), or whose id is prefix, in username order (see Query).
func (a *PlayerAdmin) Search(ctx context.Context, prefix string, offset, limit int) ([]*Player, int64, error) {
	res, err := a.Query(ctx, PlayerQuery{Q: prefix, Offset: offset, Limit: limit})
	if err != nil {
		return nil, 0, err
	}
	out := make([]*Player, len(res.Players))
	for i, h := range res.Players {
		out[i] = h.Player
	}
	return out, res.Total, nil
}

func (a *PlayerAdmin) record(ctx context.Context, actor Actor, action string, target *Player, reason string) {
	err := a.audit.Record(ctx, AuditEntry{ActorID: actor.ID, Actor: actor.Name, Action: action,
		TargetID: target.ID, Target: target.Username, Reason: reason})
	if err != nil {
		a.d.Log.Error("audit record failed", "action", action, slog.Any("error", err))
	}
}

// revoke ends every session of a player and tells their open sockets, on
// every instance, to close.
func (a *PlayerAdmin) revoke(ctx context.Context, playerID, reason string) error {
	if _, err := a.accounts.Sessions().DeleteAll(ctx, playerID); err != nil {
		return err
	}
	a.d.Events.Publish(ctx, event.PlayerTopic(playerID), event.NewSessionRevoked(playerID, reason))
	return nil
}

// Ban bars a player until an admin lifts the ban (see BanFor).
func (a *PlayerAdmin) Ban(ctx context.Context, actor Actor, playerID, reason string) (*Player, error) {
	return a.BanFor(ctx, actor, playerID, reason, 0)
}

// Unban lifts a ban and brings the player's board entries back.
func (a *PlayerAdmin) Unban(ctx context.Context, actor Actor, playerID string) (*Player, error) {
	p, _, err := a.unban(ctx, actor, playerID, "", "")
	return p, err
}

// SetDisplayName renames a player on their behalf.
func (a *PlayerAdmin) SetDisplayName(ctx context.Context, actor Actor, playerID, name string) (*Player, error) {
	before, err := a.accounts.Get(ctx, playerID)
	if err != nil {
		return nil, err
	}
	p, err := a.accounts.SetDisplayName(ctx, playerID, name)
	if err != nil {
		return nil, err
	}
	a.record(ctx, actor, "rename", p, fmt.Sprintf("%q → %q", before.DisplayName, p.DisplayName))
	return p, nil
}

// EndSessions signs a player out everywhere.
func (a *PlayerAdmin) EndSessions(ctx context.Context, actor Actor, playerID string) (int, error) {
	p, err := a.accounts.Get(ctx, playerID)
	if err != nil {
		return 0, err
	}
	n, err := a.accounts.Sessions().DeleteAll(ctx, playerID)
	if err != nil {
		return 0, err
	}
	a.d.Events.Publish(ctx, event.PlayerTopic(playerID), event.NewSessionRevoked(playerID, "signed out by an administrator"))
	a.record(ctx, actor, "end_sessions", p, sessionsText(n))
	return n, nil
}

// Delete removes a player with every trace: profile, sessions, name index,
// board entries, queue tickets. The username becomes free again; finished
// matches keep the id, which then reads as a deleted player.
func (a *PlayerAdmin) Delete(ctx context.Context, actor Actor, playerID string) error {
	p, err := a.accounts.Get(ctx, playerID)
	if err != nil {
		return err
	}
	if p.ID == actor.ID {
		return Errorf(CodeForbidden, "you cannot delete your own account from the admin page")
	}
	return a.erase(ctx, actor, p, "delete")
}

// DeleteSelf removes a player at their own request, exactly as an admin
// delete does; the audit log records it as a self-deletion. The caller has
// checked who is asking (and their password).
func (a *PlayerAdmin) DeleteSelf(ctx context.Context, p *Player) error {
	return a.erase(ctx, ActorOf(p), p, "delete_self")
}

// erase removes every trace of p and records action in the audit log.
func (a *PlayerAdmin) erase(ctx context.Context, actor Actor, p *Player, action string) error {
	playerID := p.ID
	// Mark banned first so no new session or score gets in while we clean.
	if err := a.d.Redis.HSet(ctx, a.d.Keys.Player(playerID), fBanned, "1").Err(); err != nil {
		return fmt.Errorf("delete %s: %w", playerID, err)
	}
	if err := a.eraseTraces(ctx, p); err != nil {
		return err
	}
	a.record(ctx, actor, action, p, "")
	return nil
}

// eraseTraces removes every trace of a player already marked banned:
// sessions and sockets, what every cleaner holds, then the profile and
// name. Each step is idempotent, so an interrupted erase is finished by
// another.
func (a *PlayerAdmin) eraseTraces(ctx context.Context, p *Player) error {
	if err := a.revoke(ctx, p.ID, "account deleted"); err != nil {
		return err
	}
	for _, c := range a.cleaners {
		if err := c.PlayerDeleted(ctx, p.ID); err != nil {
			return fmt.Errorf("delete %s: %w", p.ID, err)
		}
	}
	return a.accounts.deleteProfile(ctx, p)
}

// sessionsText counts sessions in words: "1 session", "3 sessions".
func sessionsText(n int) string {
	if n == 1 {
		return "1 session"
	}
	return fmt.Sprintf("%d sessions", n)
}
