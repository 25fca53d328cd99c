package game

import (
	"github.com/ladder/ladder/internal/game/event"
	"log/slog"

	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"math/big"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/redis/go-redis/v9"

	"github.com/ladder/ladder/internal/redisx"
)

// Roles a player can have.
const (
	RolePlayer = "player"
	RoleAdmin  = "admin"
)

// Player is a person who plays, registered or guest.
type Player struct {
	ID          string    `json:"id"`
	Username    string    `json:"username"`
	DisplayName string    `json:"display_name"`
	Guest       bool      `json:"guest"`
	CreatedAt   time.Time `json:"created_at"`
	Banned      bool      `json:"banned"`
	BanReason   string    `json:"ban_reason,omitempty"`
	// BannedUntil is when a temporary ban ends by itself; nil for a
	// permanent ban or no ban.
	BannedUntil *time.Time `json:"banned_until,omitempty"`
	// Ban is the record of the current ban (who, when, why, until), for
	// admins; nil when not banned.
	Ban     *BanRecord `json:"-"`
	Role    string     `json:"role"`
	Ratings RatingsMap `json:"ratings"`
	// nameVersion counts renames; boards keep it beside the name they
	// show, so a stale name never overwrites a newer one.
	nameVersion int64
}

// IsAdmin reports whether the player has the admin role.
func (p *Player) IsAdmin() bool { return p != nil && p.Role == RoleAdmin }

// RatingsMap holds a player's rating per ranked mode (ModeConnect4).
type RatingsMap map[string]ModeRating

// ModeRating is a player's standing in one ranked mode.
type ModeRating struct {
	Rating float64 `json:"rating"`
	RD     float64 `json:"rd"`
	Games  int     `json:"games"`
	Wins   int     `json:"wins"`
	Losses int     `json:"losses"`
	Draws  int     `json:"draws"`
}

// Player hash fields. Ratings live in the same hash as "<mode>:rating",
// "<mode>:rd", "<mode>:vol", "<mode>:games", "<mode>:wins", "<mode>:losses",
// "<mode>:draws" so one HGETALL reads a whole profile.
const (
	fID          = "id"
	fUsername    = "username"
	fDisplayName = "display_name"
	fGuest       = "guest"
	fCreatedAt   = "created_at"
	fBanned      = "banned"
	fBanReason   = "ban_reason"
	fRole        = "role"
	fPassword    = "password"
	fNameVersion = "name_v"
)

// RankedModes lists the modes that carry a rating.
var RankedModes = []string{ModeConnect4}

var usernameRE = regexp.MustCompile(`^[A-Za-z0-9_-]{3,20}$`)

// ValidateUsername checks the username rules: 3–20 of [A-Za-z0-9_-].
func ValidateUsername(name string) error {
	if !usernameRE.MatchString(name) {
		return Invalidf("username must be 3 to 20 characters: letters, digits, '_' or '-'")
	}
	return nil
}

// ValidatePassword checks the password rules: 8–128 characters.
func ValidatePassword(pw string) error {
	n := utf8.RuneCountInString(pw)
	if n < 8 || n > 128 || !utf8.ValidString(pw) {
		return Invalidf("password must be 8 to 128 characters")
	}
	return nil
}

// NormalizeDisplayName trims name and checks it is 1–32 printable characters.
func NormalizeDisplayName(name string) (string, error) {
	name = strings.TrimSpace(name)
	if n := utf8.RuneCountInString(name); n < 1 || n > 32 || !Printable(name) {
		return "", Invalidf("display name must be 1 to 32 printable characters")
	}
	return name, nil
}

// Printable reports whether s is valid UTF-8 of printable characters only
// (letters, marks, numbers, punctuation, symbols and the ASCII space). It
// refuses control characters and format characters such as the bidi
// overrides and isolates, which would reorder the text shown around s.
// Names, titles and reasons that others read must be Printable.
func Printable(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if !unicode.IsPrint(r) {
			return false
		}
	}
	return true
}

// playerFromHash decodes a player hash; it returns nil for an empty hash.
func playerFromHash(h map[string]string) *Player {
	if len(h) == 0 || h[fID] == "" {
		return nil
	}
	ms, _ := strconv.ParseInt(h[fCreatedAt], 10, 64)
	p := &Player{
		ID:          h[fID],
		Username:    h[fUsername],
		DisplayName: h[fDisplayName],
		Guest:       h[fGuest] == "1",
		CreatedAt:   time.UnixMilli(ms).UTC(),
		Banned:      h[fBanned] == "1",
		BanReason:   h[fBanReason],
		Role:        h[fRole],
		Ratings:     RatingsMap{},
	}
	p.nameVersion, _ = strconv.ParseInt(h[fNameVersion], 10, 64)
	if p.Banned {
		p.Ban = banFromHash(h)
		p.BannedUntil = p.Ban.Until
	}
	if p.Role == "" {
		p.Role = RolePlayer
	}
	for _, mode := range RankedModes {
		r := ModeRating{Rating: 1500, RD: 350}
		if v, err := strconv.ParseFloat(h[mode+":rating"], 64); err == nil {
			r.Rating = v
		}
		if v, err := strconv.ParseFloat(h[mode+":rd"], 64); err == nil {
			r.RD = v
		}
		r.Games, _ = strconv.Atoi(h[mode+":games"])
		r.Wins, _ = strconv.Atoi(h[mode+":wins"])
		r.Losses, _ = strconv.Atoi(h[mode+":losses"])
		r.Draws, _ = strconv.Atoi(h[mode+":draws"])
		p.Ratings[mode] = r
	}
	return p
}

// guestNames are the parts of a generated guest display name; display
// names need not be unique, so a small pool is enough.
var (
	guestAdjectives = []string{"Swift", "Brave", "Quiet", "Lucky", "Clever", "Bold", "Nimble", "Sly", "Mighty", "Calm", "Fierce", "Jolly"}
	guestAnimals    = []string{"Otter", "Falcon", "Panda", "Fox", "Lynx", "Heron", "Badger", "Tiger", "Koala", "Raven", "Wolf", "Gecko"}
)

func randomInt(n int) int {
	v, _ := rand.Int(rand.Reader, big.NewInt(int64(n)))
	return int(v.Int64())
}

// newPlayerID draws a player id; tests replace it to force collisions.
var newPlayerID = uuid.NewString

// Accounts registers players, signs them in and out, and reads profiles.
type Accounts struct {
	d        Deps
	sessions *Sessions
	limiter  loginLimiter
	signups  *redisx.Limiter
}

// SignupLimits bound the accounts (registered and guest) one client address
// may create per window.
type SignupLimits struct {
	PerAddr int
	Window  time.Duration
}

// DefaultSignupLimits allow 20 new accounts per address an hour: a family
// or a classroom behind one address, not a bot.
var DefaultSignupLimits = SignupLimits{PerAddr: 20, Window: time.Hour}

// NewAccounts returns the accounts service, with DefaultSignupLimits.
func NewAccounts(d Deps, sessions *Sessions, limits LoginLimits) *Accounts {
	d = d.withDefaults()
	a := &Accounts{d: d, sessions: sessions, limiter: newLoginLimiter(d, limits)}
	return a.WithSignupLimits(DefaultSignupLimits)
}

// WithSignupLimits sets the sign-up limits (a zero field keeps its default)
// and returns a.
func (a *Accounts) WithSignupLimits(l SignupLimits) *Accounts {
	if l.PerAddr <= 0 {
		l.PerAddr = DefaultSignupLimits.PerAddr
	}
	if l.Window <= 0 {
		l.Window = DefaultSignupLimits.Window
	}
	a.signups = redisx.NewLimiter(a.d.Redis, l.PerAddr, l.Window)
	return a
}

// allowSignup takes one of the client address's sign-up slots. A call with
// no address comes from inside the process (tools, tests), not a client,
// and is not limited. The decision is returned so the slot can be given
// back when the sign-up fails on our side.
func (a *Accounts) allowSignup(ctx context.Context, addr string) (redisx.Decision, error) {
	if addr == "" {
		return redisx.Decision{}, nil
	}
	d, err := a.signups.Allow(ctx, a.d.Keys.SignupLimit(addr))
	if err != nil {
		return d, err
	}
	if !d.Allowed {
		return d, RateLimited("too many new accounts from this address, try again later", d.RetryAfter)
	}
	return d, nil
}

// undoSignup gives a sign-up slot back after a failure that is not the
// client's doing (the server was busy, Redis failed).
func (a *Accounts) undoSignup(ctx context.Context, addr string, d redisx.Decision, err error) {
	if addr == "" || err == nil {
		return
	}
	if c := ErrorCode(err); c == CodeUnavailable || c == CodeInternal {
		_ = a.signups.Undo(context.WithoutCancel(ctx), a.d.Keys.SignupLimit(addr), d)
	}
}

// Sessions returns the session store the service signs players in with.
func (a *Accounts) Sessions() *Sessions { return a.sessions }

// SignedIn is the result of register, login and guest play.
type SignedIn struct {
	Player  *Player  `json:"player"`
	Token   string   `json:"token"`
	Session *Session `json:"-"`
}

// ClientInfo describes where a sign-in comes from; it is kept on the session
// for the player and for admins.
type ClientInfo struct {
	Addr      string
	UserAgent string
}

// claimUsername reserves name for id in the case-insensitive index. The
// claim is the single atomic step that makes names unique; everything after
// it only writes keys nobody else can be writing.
func (a *Accounts) claimUsername(ctx context.Context, name, id string) error {
	ok, err := a.d.Redis.HSetNX(ctx, a.d.Keys.Usernames(), strings.ToLower(name), id).Result()
	if err != nil {
		return fmt.Errorf("claim username: %w", err)
	}
	if !ok {
		return Conflictf("username %q is taken", name)
	}
	return nil
}

// nameTaken reports whether a username is claimed, regardless of case.
func (a *Accounts) nameTaken(ctx context.Context, name string) (bool, error) {
	ok, err := a.d.Redis.HExists(ctx, a.d.Keys.Usernames(), strings.ToLower(name)).Result()
	if err != nil {
		return false, fmt.Errorf("check username: %w", err)
	}
	return ok, nil
}

// createPlayer claims the name and writes the profile, under fields[fID]
// when the caller chose the id. The steps touch keys in different cluster
// slots, so they cannot be one script: a failure after the claim removes
// whatever was written, leaving nothing half made.
func (a *Accounts) createPlayer(ctx context.Context, fields map[string]any) (*Player, error) {
	id, _ := fields[fID].(string)
	if id == "" {
		id = newPlayerID()
	}
	name := fields[fUsername].(string)
	if err := a.claimUsername(ctx, name, id); err != nil {
		return nil, err
	}
	now := a.d.Now().UnixMilli()
	fields[fID] = id
	fields[fCreatedAt] = now
	if _, ok := fields[fRole]; !ok {
		fields[fRole] = RolePlayer
	}
	_, err := a.d.Redis.Pipelined(ctx, func(p redis.Pipeliner) error {
		p.HSet(ctx, a.d.Keys.Player(id), fields)
		p.SAdd(ctx, a.d.Keys.Players(), id)
		p.ZAdd(ctx, a.d.Keys.UsernameIndex(), redis.Z{Member: strings.ToLower(name) + ":" + id})
		if display, _ := fields[fDisplayName].(string); display != "" {
			p.ZAdd(ctx, a.d.Keys.DisplayNameIndex(), redis.Z{Member: displayMember(display, id)})
		}
		if fields[fGuest] == "1" {
			p.ZAdd(ctx, a.d.Keys.Guests(), redis.Z{Score: float64(now), Member: id})
		}
		return nil
	})
	if err != nil {
		a.discard(ctx, id, name)
		return nil, fmt.Errorf("create player: %w", err)
	}
	return a.Get(ctx, id)
}

// discard removes a player that was being created when a step failed, so a
// retry can succeed and nothing half made stays behind. Deletes are allowed
// even when Redis refuses writes for lack of memory.
func (a *Accounts) discard(ctx context.Context, id, name string) {
	ctx = context.WithoutCancel(ctx)
	if err := a.deleteProfile(ctx, &Player{ID: id, Username: name}); err != nil {
		a.d.Log.Warn("discard half-created player", "player_id", id, slog.Any("error", err))
	}
}

// Register creates an account and signs it in. Every cheap check (shape,
// the address's sign-up allowance, the name being free) comes before the
// password hash, which waits for a hash slot; the atomic name claim after
// it still settles a race for the same name.
func (a *Accounts) Register(ctx context.Context, username, password string, ci ClientInfo) (_ *SignedIn, err error) {
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
		return nil, Conflictf("username %q is taken", username)
	}
	release, err := acquireHash(ctx)
	if err != nil {
		return nil, err
	}
	hash := hashPassword(password)
	release()
	p, err := a.createPlayer(ctx, map[string]any{
		fUsername:    username,
		fDisplayName: username,
		fGuest:       "0",
		fPassword:    hash,
	})
	if err != nil {
		return nil, err
	}
	return a.signInNew(ctx, p, ci)
}

// guestUsername derives a guest's username from its id: "guest-" and the
// first 8 hex digits, or 14 (the most a username holds) when the short
// form is taken. Ids are random, so the space never runs out: a clash of
// the long form means drawing another id.
func guestUsername(id string, long bool) string {
	hex := strings.ReplaceAll(id, "-", "")
	if long {
		return "guest-" + hex[:14]
	}
	return "guest-" + hex[:8]
}

// Guest creates a guest player with a generated name and signs it in.
func (a *Accounts) Guest(ctx context.Context, ci ClientInfo) (_ *SignedIn, err error) {
	slot, err := a.allowSignup(ctx, ci.Addr)
	if err != nil {
		return nil, err
	}
	defer func() { a.undoSignup(ctx, ci.Addr, slot, err) }()
	display := fmt.Sprintf("%s %s %d", guestAdjectives[randomInt(len(guestAdjectives))],
		guestAnimals[randomInt(len(guestAnimals))], 10+randomInt(90))
	for attempt := range 5 {
		id := newPlayerID()
		p, err := a.createPlayer(ctx, map[string]any{
			fID:          id,
			fUsername:    guestUsername(id, attempt > 0),
			fDisplayName: display,
			fGuest:       "1",
		})
		if ErrorCode(err) == CodeConflict {
			continue // the derived name was taken; draw another id
		}
		if err != nil {
			return nil, err
		}
		return a.signInNew(ctx, p, ci)
	}
	return nil, Errorf(CodeUnavailable, "could not find a free guest name, try again")
}

// loginFailed is the one answer for every kind of bad credentials.
var loginFailed = Errorf(CodeUnauthorized, "wrong username or password")

// Login checks credentials and opens a new session. Failures are limited per
// username and per client address.
func (a *Accounts) Login(ctx context.Context, username, password string, ci ClientInfo) (*SignedIn, error) {
	if username == "" || password == "" || len(username) > 64 || len(password) > 1024 {
		return nil, loginFailed
	}
	lower := strings.ToLower(username)
	// The limit is checked once a hash slot is ours: attempts that waited
	// see the failures recorded meanwhile.
	release, err := acquireHash(ctx)
	if err != nil {
		return nil, err
	}
	ok, id, err := a.checkLogin(ctx, lower, password, ci.Addr)
	release()
	if err != nil {
		return nil, err
	}
	if !ok {
		if err := a.limiter.failed(ctx, lower, ci.Addr); err != nil {
			return nil, err
		}
		return nil, loginFailed
	}
	p, err := a.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if p.Banned {
		return nil, Errorf(CodeForbidden, "this account is banned: %s", p.BanReason)
	}
	return a.signIn(ctx, p, ci)
}

// checkLogin checks the limits, then the password; it runs holding a hash
// slot and reports whether the credentials are right and whose they are.
func (a *Accounts) checkLogin(ctx context.Context, lower, password, addr string) (bool, string, error) {
	if err := a.limiter.check(ctx, lower, addr); err != nil {
		return false, "", err
	}
	id, err := a.d.Redis.HGet(ctx, a.d.Keys.Usernames(), lower).Result()
	if err != nil && !errors.Is(err, redis.Nil) {
		return false, "", fmt.Errorf("login lookup: %w", err)
	}
	hash := dummyHash
	if id != "" {
		if hash, err = a.d.Redis.HGet(ctx, a.d.Keys.Player(id), fPassword).Result(); errors.Is(err, redis.Nil) {
			hash = dummyHash
		} else if err != nil {
			return false, "", fmt.Errorf("login lookup: %w", err)
		}
	}
	if !checkPassword(hash, password) || id == "" || hash == dummyHash {
		return false, "", nil
	}
	return true, id, nil
}

func (a *Accounts) signIn(ctx context.Context, p *Player, ci ClientInfo) (*SignedIn, error) {
	token, s, err := a.sessions.Create(ctx, p.ID, ci)
	if err != nil {
		return nil, err
	}
	return &SignedIn{Player: p, Token: token, Session: s}, nil
}

// signInNew signs in a player just created; if that fails the player is
// removed again, so a failed sign-up leaves no account behind.
func (a *Accounts) signInNew(ctx context.Context, p *Player, ci ClientInfo) (*SignedIn, error) {
	si, err := a.signIn(ctx, p, ci)
	if err != nil {
		a.discard(ctx, p.ID, p.Username)
		return nil, err
	}
	return si, nil
}

// Get reads a player; a missing player is a not_found error.
func (a *Accounts) Get(ctx context.Context, id string) (*Player, error) {
	if _, err := uuid.Parse(id); err != nil {
		return nil, NotFoundf("no player %q", id)
	}
	h, err := a.d.Redis.HGetAll(ctx, a.d.Keys.Player(id)).Result()
	if err != nil {
		return nil, fmt.Errorf("get player %s: %w", id, err)
	}
	p := playerFromHash(h)
	if p == nil {
		return nil, NotFoundf("no player %q", id)
	}
	return p, nil
}

// Count is how many players exist, guests included.
func (a *Accounts) Count(ctx context.Context) (int64, error) {
	n, err := a.d.Redis.SCard(ctx, a.d.Keys.Players()).Result()
	if err != nil {
		return 0, fmt.Errorf("count players: %w", err)
	}
	return n, nil
}

// SetDisplayName changes the name a player is shown with.
func (a *Accounts) SetDisplayName(ctx context.Context, id, name string) (*Player, error) {
	name, err := NormalizeDisplayName(name)
	if err != nil {
		return nil, err
	}
	before, err := a.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	var version *redis.IntCmd
	_, err = a.d.Redis.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.HSet(ctx, a.d.Keys.Player(id), fDisplayName, name)
		version = p.HIncrBy(ctx, a.d.Keys.Player(id), fNameVersion, 1)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("set display name: %w", err)
	}
	// Boards show the name from their own name maps.
	if err := renameOnBoards(ctx, a.d, id, version.Val(), name); err != nil {
		return nil, err
	}
	if err := a.indexDisplayName(ctx, id, before.DisplayName, name); err != nil {
		return nil, err
	}
	return a.Get(ctx, id)
}

// EnsureAdmin makes sure an admin account with this name and password
// exists. It is idempotent and safe when several instances start at once:
// creation goes through the same atomic username claim as registration.
func (a *Accounts) EnsureAdmin(ctx context.Context, username, password string) error {
	if err := ValidateUsername(username); err != nil {
		return fmt.Errorf("ADMIN_USERNAME: %w", err)
	}
	if err := ValidatePassword(password); err != nil {
		return fmt.Errorf("ADMIN_PASSWORD: %w", err)
	}
	for range 30 {
		id, err := a.d.Redis.HGet(ctx, a.d.Keys.Usernames(), strings.ToLower(username)).Result()
		if errors.Is(err, redis.Nil) {
			_, err = a.createPlayer(ctx, map[string]any{
				fUsername: username, fDisplayName: username, fGuest: "0",
				fPassword: hashPassword(password), fRole: RoleAdmin,
			})
			if ErrorCode(err) == CodeConflict {
				continue // another instance created it first; promote below
			}
			return err
		}
		if err != nil {
			return fmt.Errorf("ensure admin: %w", err)
		}
		// The account exists: make sure it is an admin and the configured
		// password works (the environment is the source of truth).
		h, err := a.d.Redis.HMGet(ctx, a.d.Keys.Player(id), fID, fPassword).Result()
		if err != nil {
			return fmt.Errorf("ensure admin: %w", err)
		}
		if h[0] == nil {
			// Another instance claimed the name a moment ago and is still
			// writing the profile.
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(100 * time.Millisecond):
			}
			continue
		}
		fields := map[string]any{fRole: RoleAdmin, fBanned: "0"}
		pw, _ := h[1].(string)
		changed := !checkPassword(pw, password)
		if changed {
			fields[fPassword] = hashPassword(password)
		}
		if err := a.d.Redis.HSet(ctx, a.d.Keys.Player(id), fields).Err(); err != nil {
			return fmt.Errorf("ensure admin: %w", err)
		}
		if changed {
			return a.endAdminSessions(ctx, id)
		}
		return nil
	}
	return fmt.Errorf("ensure admin: could not claim username %q", username)
}

// GetMany reads several players in one round trip, skipping missing ones.
func (a *Accounts) GetMany(ctx context.Context, ids []string) ([]*Player, error) {
	cmds := make([]*redis.MapStringStringCmd, len(ids))
	_, err := a.d.Redis.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i, id := range ids {
			cmds[i] = p.HGetAll(ctx, a.d.Keys.Player(id))
		}
		return nil
	})
	if err != nil && !errors.Is(err, redis.Nil) {
		return nil, fmt.Errorf("get players: %w", err)
	}
	out := make([]*Player, 0, len(ids))
	for _, c := range cmds {
		if p := playerFromHash(c.Val()); p != nil {
			out = append(out, p)
		}
	}
	return out, nil
}

// deleteProfile removes the profile and frees the username. The name is
// released only if it still points at this player.
func (a *Accounts) deleteProfile(ctx context.Context, p *Player) error {
	lower := strings.ToLower(p.Username)
	_, err := a.d.Redis.Pipelined(ctx, func(pl redis.Pipeliner) error {
		pl.Del(ctx, a.d.Keys.Player(p.ID), a.d.Keys.PlayerSessions(p.ID))
		pl.SRem(ctx, a.d.Keys.Players(), p.ID)
		pl.ZRem(ctx, a.d.Keys.UsernameIndex(), lower+":"+p.ID)
		pl.ZRem(ctx, a.d.Keys.DisplayNameIndex(), displayMember(p.DisplayName, p.ID))
		pl.ZRem(ctx, a.d.Keys.BannedIndex(), p.ID)
		pl.ZRem(ctx, a.d.Keys.BanExpiries(), p.ID)
		pl.ZRem(ctx, a.d.Keys.Guests(), p.ID)
		pl.Del(ctx, a.d.Keys.LoginUserLimit(lower))
		return nil
	})
	if err != nil {
		return fmt.Errorf("delete profile %s: %w", p.ID, err)
	}
	if err := releaseName.Run(ctx, a.d.Redis, []string{a.d.Keys.Usernames()}, lower, p.ID).Err(); err != nil && !errors.Is(err, redis.Nil) {
		return fmt.Errorf("release username: %w", err)
	}
	return nil
}

// releaseName deletes a username claim only if it belongs to the given id.
var releaseName = redis.NewScript(mustLua("release_name.lua"))

// endAdminSessions signs the admin out everywhere after a password change:
// whoever knew the old password keeps nothing of it.
func (a *Accounts) endAdminSessions(ctx context.Context, id string) error {
	n, err := a.sessions.DeleteAll(ctx, id)
	if err != nil {
		return fmt.Errorf("ensure admin: %w", err)
	}
	if n > 0 {
		a.d.Events.Publish(ctx, event.PlayerTopic(id), event.NewSessionRevoked(id, "the password was changed"))
	}
	return nil
}
