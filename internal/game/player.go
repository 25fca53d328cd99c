package game

import (
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
)

// Roles a player can have.
const (
	RolePlayer = "player"
	RoleAdmin  = "admin"
)

// Player is a person who plays, registered or guest.
type Player struct {
	ID          string     `json:"id"`
	Username    string     `json:"username"`
	DisplayName string     `json:"display_name"`
	Guest       bool       `json:"guest"`
	CreatedAt   time.Time  `json:"created_at"`
	Banned      bool       `json:"banned"`
	BanReason   string     `json:"ban_reason,omitempty"`
	Role        string     `json:"role"`
	Ratings     RatingsMap `json:"ratings"`
	// nameVersion counts renames; boards keep it beside the name they
	// show, so a stale name never overwrites a newer one.
	nameVersion int64
}

// IsAdmin reports whether the player has the admin role.
func (p *Player) IsAdmin() bool { return p != nil && p.Role == RoleAdmin }

// RatingsMap holds a player's rating per ranked mode ("connect4").
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
var RankedModes = []string{"connect4"}

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
	n := utf8.RuneCountInString(name)
	if n < 1 || n > 32 || !utf8.ValidString(name) {
		return "", Invalidf("display name must be 1 to 32 printable characters")
	}
	for _, r := range name {
		if !unicode.IsPrint(r) {
			return "", Invalidf("display name must be 1 to 32 printable characters")
		}
	}
	return name, nil
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

// guestNames are the parts of a generated guest display name.
var (
	guestAdjectives = []string{"Swift", "Brave", "Quiet", "Lucky", "Clever", "Bold", "Nimble", "Sly", "Mighty", "Calm", "Fierce", "Jolly"}
	guestAnimals    = []string{"Otter", "Falcon", "Panda", "Fox", "Lynx", "Heron", "Badger", "Tiger", "Koala", "Raven", "Wolf", "Gecko"}
)

func randomInt(n int) int {
	v, _ := rand.Int(rand.Reader, big.NewInt(int64(n)))
	return int(v.Int64())
}

// Accounts registers players, signs them in and out, and reads profiles.
type Accounts struct {
	d        Deps
	sessions *Sessions
	limiter  loginLimiter
}

// NewAccounts returns the accounts service.
func NewAccounts(d Deps, sessions *Sessions, limits LoginLimits) *Accounts {
	d = d.withDefaults()
	return &Accounts{d: d, sessions: sessions, limiter: newLoginLimiter(d, limits)}
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

// createPlayer claims the name and writes the profile. The steps touch
// keys in different cluster slots, so they cannot be one script: a failure
// after the claim removes whatever was written, leaving nothing half made.
func (a *Accounts) createPlayer(ctx context.Context, fields map[string]any) (*Player, error) {
	id := uuid.NewString()
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
		a.d.Log.Warn("discard half-created player", "player_id", id, "error", err)
	}
}

// Register creates an account and signs it in.
func (a *Accounts) Register(ctx context.Context, username, password string, ci ClientInfo) (*SignedIn, error) {
	if err := ValidateUsername(username); err != nil {
		return nil, err
	}
	if err := ValidatePassword(password); err != nil {
		return nil, err
	}
	if strings.HasPrefix(strings.ToLower(username), "guest-") {
		return nil, Invalidf("usernames starting with \"guest-\" are reserved")
	}
	p, err := a.createPlayer(ctx, map[string]any{
		fUsername:    username,
		fDisplayName: username,
		fGuest:       "0",
		fPassword:    hashPassword(password),
	})
	if err != nil {
		return nil, err
	}
	return a.signInNew(ctx, p, ci)
}

// Guest creates a guest player with a generated name and signs it in.
func (a *Accounts) Guest(ctx context.Context, ci ClientInfo) (*SignedIn, error) {
	for range 5 {
		display := fmt.Sprintf("%s %s %d", guestAdjectives[randomInt(len(guestAdjectives))],
			guestAnimals[randomInt(len(guestAnimals))], 10+randomInt(90))
		username := fmt.Sprintf("guest-%06d", randomInt(1_000_000))
		p, err := a.createPlayer(ctx, map[string]any{
			fUsername:    username,
			fDisplayName: display,
			fGuest:       "1",
		})
		if ErrorCode(err) == CodeConflict {
			continue // the generated name was taken; draw another
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
	attempt, err := a.limiter.begin(ctx, strings.ToLower(username), ci.Addr)
	if err != nil {
		return nil, err
	}
	id, err := a.d.Redis.HGet(ctx, a.d.Keys.Usernames(), strings.ToLower(username)).Result()
	if err != nil && !errors.Is(err, redis.Nil) {
		return nil, fmt.Errorf("login lookup: %w", err)
	}
	hash := dummyHash
	if id != "" {
		if hash, err = a.d.Redis.HGet(ctx, a.d.Keys.Player(id), fPassword).Result(); errors.Is(err, redis.Nil) {
			hash = dummyHash
		} else if err != nil {
			return nil, fmt.Errorf("login lookup: %w", err)
		}
	}
	if !checkPassword(hash, password) || id == "" || hash == dummyHash {
		return nil, loginFailed // the attempt stays counted
	}
	a.limiter.succeeded(ctx, attempt)
	p, err := a.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if p.Banned {
		return nil, Errorf(CodeForbidden, "this account is banned: %s", p.BanReason)
	}
	return a.signIn(ctx, p, ci)
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

// SetDisplayName changes the name a player is shown with.
func (a *Accounts) SetDisplayName(ctx context.Context, id, name string) (*Player, error) {
	name, err := NormalizeDisplayName(name)
	if err != nil {
		return nil, err
	}
	if _, err := a.Get(ctx, id); err != nil {
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
			time.Sleep(100 * time.Millisecond)
			continue
		}
		fields := map[string]any{fRole: RoleAdmin, fBanned: "0"}
		if pw, _ := h[1].(string); !checkPassword(pw, password) {
			fields[fPassword] = hashPassword(password)
		}
		return a.d.Redis.HSet(ctx, a.d.Keys.Player(id), fields).Err()
	}
	return fmt.Errorf("ensure admin: could not claim username %q", username)
}
