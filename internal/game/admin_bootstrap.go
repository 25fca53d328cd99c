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

// CreateFirstAdmin creates the admin account FirstAdminUsername with a
// random password, unless that username is already taken, and returns the
// password when this call created the account ("" when it existed). The
// creation goes through the atomic username claim, so when several
// instances start at once on one Redis exactly one of them creates it; an
// existing account is never changed, so its password stays what was
// handed out the first time.
func (a *Accounts) CreateFirstAdmin(ctx context.Context) (string, error) {
	password := rand.Text() // 26 characters, 128 bits
	_, err := a.createPlayer(ctx, map[string]any{
		fUsername: FirstAdminUsername, fDisplayName: FirstAdminUsername, fGuest: "0",
		fPassword: hashPassword(password), fRole: RoleAdmin,
	})
	switch {
	case err == nil:
		return password, nil
	case ErrorCode(err) != CodeConflict:
		return "", fmt.Errorf("create first admin: %w", err)
	}
	// Taken: by the first start (the usual case), or by a player who
	// registered the name on a deployment that had another admin. Never
	// promote someone else's account; say why no admin was made.
	id, err := a.d.Redis.HGet(ctx, a.d.Keys.Usernames(), strings.ToLower(FirstAdminUsername)).Result()
	if err != nil {
		return "", fmt.Errorf("create first admin: %w", err)
	}
	role, err := a.d.Redis.HGet(ctx, a.d.Keys.Player(id), fRole).Result()
	if err == nil && role != RoleAdmin {
		a.d.Log.Warn("the username " + FirstAdminUsername + " belongs to a player who is not an admin; " +
			"set ADMIN_USERNAME and ADMIN_PASSWORD to create an admin account")
	}
	return "", nil
}
