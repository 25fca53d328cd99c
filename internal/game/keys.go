package game

import "github.com/ladder/ladder/internal/redisx"

// Keys names every Redis key and pub/sub channel of the domain, in one place.
// Keys that a script or transaction uses together share a {hash tag}, so the
// same code runs on Redis Cluster. Per-player keys are tagged by the player
// id, per-board keys by the board id, per-match keys by the match id.
type Keys struct{ ks redisx.Keyspace }

// NewKeys returns the key scheme under prefix (e.g. "ladder").
func NewKeys(prefix string) Keys { return Keys{redisx.Keyspace(prefix)} }

// Prefix is the namespace every key starts with.
func (k Keys) Prefix() string { return string(k.ks) }

// Player is the hash holding a player's profile.
func (k Keys) Player(id string) string { return k.ks.Key("player", redisx.Tag(id)) }

// PlayerSessions is the set of a player's session ids (hashed).
func (k Keys) PlayerSessions(id string) string {
	return k.ks.Key("player", redisx.Tag(id), "sessions")
}

// Usernames maps a lower-cased username to its player id; it is what makes
// names unique regardless of case.
func (k Keys) Usernames() string { return k.ks.Key("usernames") }

// UsernameIndex is a sorted set of "lowername:id" members, all with score 0,
// for prefix search with ZRANGEBYLEX.
func (k Keys) UsernameIndex() string { return k.ks.Key("usernames", "lex") }

// Guests is the sorted set of guest ids scored by their last known
// activity (unix ms); guest retention walks it from the oldest.
func (k Keys) Guests() string { return k.ks.Key("guests") }

// Players is the set of all player ids.
func (k Keys) Players() string { return k.ks.Key("players") }

// Session is a session's hash, named by the SHA-256 of its token and tagged
// by its player, so that checking a session and reading the player it
// belongs to is one script.
func (k Keys) Session(playerID, hashedID string) string {
	return k.ks.Key("session", redisx.Tag(playerID), hashedID)
}

// LoginUserLimit is the login-failure log for a username, from any address.
func (k Keys) LoginUserLimit(lowerName string) string {
	return k.ks.Key("rl", "login", "user", lowerName)
}

// LoginPairLimit is the login-failure log for a username from one address.
func (k Keys) LoginPairLimit(lowerName, addr string) string {
	return k.ks.Key("rl", "login", "pair", lowerName, addr)
}

// SignupLimit is the log of accounts (registered and guest) created from a
// client address.
func (k Keys) SignupLimit(addr string) string { return k.ks.Key("rl", "signup", addr) }

// RunLimit is a player's log of Target Rush runs started.
func (k Keys) RunLimit(playerID string) string {
	return k.ks.Key("rl", "runs", redisx.Tag(playerID))
}

// LoginAddrLimit is the login-failure log for a client address.
func (k Keys) LoginAddrLimit(addr string) string { return k.ks.Key("rl", "login", "addr", addr) }

// RetentionLock keeps instances from running the same retention sweep at
// once (wasted work only: every step is idempotent).
func (k Keys) RetentionLock() string { return k.ks.Key("lock", "retention") }

// AdminBootstrapLock serialises creating the configured admin account.
func (k Keys) AdminBootstrapLock() string { return k.ks.Key("lock", "admin-bootstrap") }

// Channel is the Redis pub/sub channel carrying a realtime topic
// ("leaderboard:<id>", "match:<id>", "player:<id>", "stats").
func (k Keys) Channel(topic string) string { return k.ks.Key("ev", topic) }
