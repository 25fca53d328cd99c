package game

import (
	"context"
	"crypto/rand"
	"fmt"
	"strings"
)

// FirstAdminUsername is the account the first start creates when no admin
// account is configured.
const FirstAdminUsername = "admin"

// AdminHandedOut is a string set once this deployment has an admin, by the
// first start or by a configured ADMIN_USERNAME; it holds the username.
func (k Keys) AdminHandedOut() string { return k.ks.Key("admin", "handed-out") }

// MarkAdminConfigured records that this deployment has a configured admin
// (username), so that a later start without one does not create another.
func (a *Accounts) MarkAdminConfigured(ctx context.Context, username string) error {
	if err := a.d.Redis.Set(ctx, a.d.Keys.AdminHandedOut(), username, 0).Err(); err != nil {
		return fmt.Errorf("mark admin: %w", err)
	}
	return nil
}

// CreateFirstAdmin creates the admin account FirstAdminUsername with a
// random password unless this deployment already has an admin, and returns
// the password when this call created it ("" otherwise). The claim is one
// SET NX, so when several instances start at once on one Redis exactly one
// creates the account; later starts change nothing, so the password stays
// the one handed out the first time.
func (a *Accounts) CreateFirstAdmin(ctx context.Context) (string, error) {
	claimed, err := a.d.Redis.SetNX(ctx, a.d.Keys.AdminHandedOut(), FirstAdminUsername, 0).Result()
	if err != nil {
		return "", fmt.Errorf("create first admin: %w", err)
	}
	if !claimed {
		return "", nil
	}
	password := rand.Text() // 26 characters, 128 bits
	_, err = a.createPlayer(ctx, map[string]any{
		fUsername: FirstAdminUsername, fDisplayName: FirstAdminUsername, fGuest: "0",
		fPassword: hashPassword(password), fRole: RoleAdmin,
	})
	switch {
	case err == nil:
		return password, nil
	case ErrorCode(err) != CodeConflict:
		// Let the next start try again.
		a.d.Redis.Del(context.WithoutCancel(ctx), a.d.Keys.AdminHandedOut())
		return "", fmt.Errorf("create first admin: %w", err)
	}
	// A player registered the name before any admin existed: never promote
	// someone else's account; say why no admin was made.
	id, err := a.d.Redis.HGet(ctx, a.d.Keys.Usernames(), strings.ToLower(FirstAdminUsername)).Result()
	if err != nil {
		return "", fmt.Errorf("create first admin: %w", err)
	}
	if role, err := a.d.Redis.HGet(ctx, a.d.Keys.Player(id), fRole).Result(); err == nil && role != RoleAdmin {
		a.d.Log.Warn("no admin account was created: the username " + FirstAdminUsername +
			" belongs to a player; set ADMIN_USERNAME and ADMIN_PASSWORD to create one")
	}
	return "", nil
}
