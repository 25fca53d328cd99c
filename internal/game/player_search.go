package game

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/redis/go-redis/v9"
)

// DisplayNameIndex is a sorted set of "lower(display name)\x00id" members,
// all with score 0, for case-insensitive prefix search with ZRANGEBYLEX.
// Display names are printable, so the NUL separator never occurs in a name.
func (k Keys) DisplayNameIndex() string { return k.ks.Key("displaynames", "lex") }

// BannedIndex is the sorted set of banned player ids scored by when they
// were banned (unix ms), so the banned filter needs no walk over players.
func (k Keys) BannedIndex() string { return k.ks.Key("bans") }

// PlayersSeen is the sorted set of player ids scored by when a socket of
// theirs was last seen (unix ms). Unlike PresenceKey it is not pruned, so
// admins can see when a player was last on the site.
func (k Keys) PlayersSeen() string { return k.ks.Key("presence", "seen") }

// IndexVersion marks which index backfills have run on this keyspace.
func (k Keys) IndexVersion() string { return k.ks.Key("idx", "version") }

// Player search limits: a query reads at most SearchCandidates ids from
// each index; filters and sorts other than the index order work on those
// in memory, and the answer says when the set was cut.
const SearchCandidates = 1000

// Search sort columns.
const (
	SortName     = "name"      // username, A to Z
	SortCreated  = "created"   // newest first
	SortLastSeen = "last_seen" // most recent first
	SortRating   = "rating"    // Connect Four rating, highest first; unrated last
)

// PlayerQuery is an admin player search.
type PlayerQuery struct {
	// Q matches a username prefix, a display-name prefix (both ignoring
	// case) or an exact player id; empty matches everyone.
	Q string
	// Banned and Guest, when set, keep only players with that flag.
	Banned, Guest *bool
	// Sort is one of the Sort* columns (default SortName). Order is "asc"
	// or "desc"; empty means the column's natural order (names A to Z,
	// the others newest or highest first).
	Sort  string
	Order string
	// Offset and Limit page the result (limit 1..100).
	Offset, Limit int
}

// PlayerHit is a search result: the player and when they were last seen.
type PlayerHit struct {
	*Player
	LastSeen *time.Time `json:"last_seen,omitempty"`
}

// PlayerResults is a page of search results.
type PlayerResults struct {
	Players []PlayerHit `json:"players"`
	Total   int64       `json:"total"`
	// Truncated reports that an index held more than SearchCandidates
	// matches, so filters and sorting saw only the first of them.
	Truncated bool `json:"truncated,omitempty"`
}

func (q *PlayerQuery) normalize() error {
	q.Q = strings.TrimSpace(q.Q)
	if len([]rune(q.Q)) > 36 || strings.ContainsAny(q.Q, "\x00") {
		return Invalidf("q must be the start of a username or display name, or a player id (at most 36 characters)")
	}
	if q.Offset < 0 || q.Limit < 1 || q.Limit > 100 {
		return Invalidf("offset must be >= 0 and limit 1..100")
	}
	switch q.Sort {
	case "":
		q.Sort = SortName
	case SortName, SortCreated, SortLastSeen, SortRating:
	default:
		return Invalidf("sort must be one of name, created, last_seen, rating")
	}
	switch q.Order {
	case "":
		q.Order = "desc"
		if q.Sort == SortName {
			q.Order = "asc"
		}
	case "asc", "desc":
	default:
		return Invalidf("order must be asc or desc")
	}
	return nil
}

// Query runs an admin player search. With no filter and the default sort
// it pages the username index directly; otherwise it gathers at most
// SearchCandidates ids per index, then filters and sorts them in memory.
func (a *PlayerAdmin) Query(ctx context.Context, q PlayerQuery) (*PlayerResults, error) {
	if err := q.normalize(); err != nil {
		return nil, err
	}
	lower := strings.ToLower(q.Q)
	if lower == "" && q.Banned == nil && q.Guest == nil && q.Sort == SortName && q.Order == "asc" {
		players, total, err := a.usernamePage(ctx, "", q.Offset, q.Limit)
		if err != nil {
			return nil, err
		}
		return a.withLastSeen(ctx, players, total, false)
	}
	ids, truncated, err := a.candidates(ctx, q, lower)
	if err != nil {
		return nil, err
	}
	players, err := a.accounts.GetMany(ctx, ids)
	if err != nil {
		return nil, err
	}
	matched := players[:0]
	for _, p := range players {
		if lower != "" && p.ID != lower && !strings.HasPrefix(strings.ToLower(p.Username), lower) &&
			!strings.HasPrefix(strings.ToLower(p.DisplayName), lower) {
			continue // a stale display-name index entry (see SetDisplayName)
		}
		if (q.Banned != nil && p.Banned != *q.Banned) || (q.Guest != nil && p.Guest != *q.Guest) {
			continue
		}
		matched = append(matched, p)
	}
	seen, err := a.lastSeen(ctx, matched)
	if err != nil {
		return nil, err
	}
	sortPlayers(matched, seen, q.Sort, q.Order == "desc")
	total := int64(len(matched))
	from, to := min(q.Offset, len(matched)), min(q.Offset+q.Limit, len(matched))
	out := &PlayerResults{Players: make([]PlayerHit, 0, to-from), Total: total, Truncated: truncated}
	for _, p := range matched[from:to] {
		out.Players = append(out.Players, hit(p, seen))
	}
	return out, nil
}

func hit(p *Player, seen map[string]time.Time) PlayerHit {
	h := PlayerHit{Player: p}
	if t, ok := seen[p.ID]; ok {
		h.LastSeen = &t
	}
	return h
}

func (a *PlayerAdmin) withLastSeen(ctx context.Context, players []*Player, total int64, truncated bool) (*PlayerResults, error) {
	seen, err := a.lastSeen(ctx, players)
	if err != nil {
		return nil, err
	}
	out := &PlayerResults{Players: make([]PlayerHit, 0, len(players)), Total: total, Truncated: truncated}
	for _, p := range players {
		out.Players = append(out.Players, hit(p, seen))
	}
	return out, nil
}

// candidates gathers the ids a query can match, deduplicated.
func (a *PlayerAdmin) candidates(ctx context.Context, q PlayerQuery, lower string) ([]string, bool, error) {
	k := a.d.Keys
	var user, display *redis.StringSliceCmd
	var banned *redis.StringSliceCmd
	_, err := a.d.Redis.Pipelined(ctx, func(p redis.Pipeliner) error {
		switch {
		case lower != "":
			user = p.ZRangeByLex(ctx, k.UsernameIndex(), lexPrefix(lower, SearchCandidates+1))
			display = p.ZRangeByLex(ctx, k.DisplayNameIndex(), lexPrefix(lower, SearchCandidates+1))
		case q.Banned != nil && *q.Banned:
			banned = p.ZRevRange(ctx, k.BannedIndex(), 0, SearchCandidates)
		case q.Guest != nil && *q.Guest:
			user = p.ZRangeByLex(ctx, k.UsernameIndex(), lexPrefix("guest-", SearchCandidates+1))
		default:
			user = p.ZRangeByLex(ctx, k.UsernameIndex(), &redis.ZRangeBy{Min: "-", Max: "+", Count: SearchCandidates + 1})
		}
		return nil
	})
	if err != nil {
		return nil, false, fmt.Errorf("search players: %w", err)
	}
	seen := map[string]bool{}
	var ids []string
	add := func(id string) {
		if id != "" && !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	truncated := false
	take := func(members []string, sep byte) {
		if len(members) > SearchCandidates {
			members, truncated = members[:SearchCandidates], true
		}
		for _, m := range members {
			if i := strings.LastIndexByte(m, sep); i >= 0 {
				add(m[i+1:])
			}
		}
	}
	if _, err := uuid.Parse(q.Q); err == nil && len(q.Q) == 36 {
		add(strings.ToLower(q.Q))
	}
	if user != nil {
		take(user.Val(), ':')
	}
	if display != nil {
		take(display.Val(), 0)
	}
	if banned != nil {
		members := banned.Val()
		if len(members) > SearchCandidates {
			members, truncated = members[:SearchCandidates], true
		}
		for _, id := range members {
			add(id)
		}
	}
	return ids, truncated, nil
}

func lexPrefix(prefix string, count int64) *redis.ZRangeBy {
	return &redis.ZRangeBy{Min: "[" + prefix, Max: "[" + prefix + "\xff", Count: count}
}

// lastSeen reads when each player was last seen, in one round trip.
func (a *PlayerAdmin) lastSeen(ctx context.Context, players []*Player) (map[string]time.Time, error) {
	out := make(map[string]time.Time, len(players))
	if len(players) == 0 {
		return out, nil
	}
	ids := make([]string, len(players))
	for i, p := range players {
		ids[i] = p.ID
	}
	scores, err := a.d.Redis.ZMScore(ctx, a.d.Keys.PlayersSeen(), ids...).Result()
	if err != nil && !errors.Is(err, redis.Nil) {
		return nil, fmt.Errorf("last seen: %w", err)
	}
	for i, s := range scores {
		if s > 0 {
			out[ids[i]] = time.UnixMilli(int64(s)).UTC()
		}
	}
	return out, nil
}

func sortPlayers(ps []*Player, seen map[string]time.Time, col string, desc bool) {
	// less is the ascending order of the column; ties fall back to the
	// username so pages are stable.
	less := func(x, y *Player) int {
		switch col {
		case SortName:
			return strings.Compare(strings.ToLower(x.Username), strings.ToLower(y.Username))
		case SortCreated:
			return x.CreatedAt.Compare(y.CreatedAt)
		case SortLastSeen:
			return seen[x.ID].Compare(seen[y.ID])
		case SortRating:
			rx, ry := x.Ratings[ModeConnect4], y.Ratings[ModeConnect4]
			switch {
			case (rx.Games == 0) != (ry.Games == 0):
				if rx.Games == 0 {
					return -1 // unrated below every rating
				}
				return 1
			case rx.Rating < ry.Rating:
				return -1
			case rx.Rating > ry.Rating:
				return 1
			}
		}
		return 0
	}
	sort.SliceStable(ps, func(i, j int) bool {
		c := less(ps[i], ps[j])
		if desc {
			c = -c
		}
		if c != 0 {
			return c < 0
		}
		return strings.ToLower(ps[i].Username) < strings.ToLower(ps[j].Username)
	})
}

// usernamePage pages the username index from a prefix.
func (a *PlayerAdmin) usernamePage(ctx context.Context, prefix string, offset, limit int) ([]*Player, int64, error) {
	key := a.d.Keys.UsernameIndex()
	min, max := "-", "+"
	if prefix != "" {
		min, max = "["+prefix, "["+prefix+"\xff"
	}
	var members *redis.StringSliceCmd
	var total *redis.IntCmd
	_, err := a.d.Redis.Pipelined(ctx, func(p redis.Pipeliner) error {
		members = p.ZRangeByLex(ctx, key, &redis.ZRangeBy{Min: min, Max: max, Offset: int64(offset), Count: int64(limit)})
		total = p.ZLexCount(ctx, key, min, max)
		return nil
	})
	if err != nil {
		return nil, 0, fmt.Errorf("search players: %w", err)
	}
	ids := make([]string, 0, len(members.Val()))
	for _, m := range members.Val() {
		if i := strings.LastIndexByte(m, ':'); i >= 0 {
			ids = append(ids, m[i+1:])
		}
	}
	players, err := a.accounts.GetMany(ctx, ids)
	if err != nil {
		return nil, 0, err
	}
	return players, total.Val(), nil
}

func displayMember(name, id string) string { return strings.ToLower(name) + "\x00" + id }

// indexDisplayName moves a player's display-name index entry from old to
// name. The index lives outside the player's hash slot, so this is not
// atomic with the rename: two renames racing can leave a stale entry,
// which search skips (it checks every hit against the profile) and drops.
func (a *Accounts) indexDisplayName(ctx context.Context, id, old, name string) error {
	_, err := a.d.Redis.Pipelined(ctx, func(p redis.Pipeliner) error {
		p.ZAdd(ctx, a.d.Keys.DisplayNameIndex(), redis.Z{Member: displayMember(name, id)})
		if old != "" && !strings.EqualFold(old, name) {
			p.ZRem(ctx, a.d.Keys.DisplayNameIndex(), displayMember(old, id))
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("index display name: %w", err)
	}
	return nil
}

// indexVersion is bumped when EnsureIndexes learns a new backfill.
const indexVersion = "1"

// EnsureIndexes backfills the search indexes (display names, banned
// players) for players created before they existed. It walks the player
// set once per keyspace (a marker records that it ran); it is idempotent,
// so several instances starting at once do no harm.
func (a *Accounts) EnsureIndexes(ctx context.Context) error {
	k := a.d.Keys
	v, err := a.d.Redis.Get(ctx, k.IndexVersion()).Result()
	if err != nil && !errors.Is(err, redis.Nil) {
		return fmt.Errorf("ensure indexes: %w", err)
	}
	if v == indexVersion {
		return nil
	}
	var cursor uint64
	for {
		ids, next, err := a.d.Redis.SScan(ctx, k.Players(), cursor, "", 500).Result()
		if err != nil {
			return fmt.Errorf("ensure indexes: %w", err)
		}
		players, err := a.GetMany(ctx, ids)
		if err != nil {
			return err
		}
		_, err = a.d.Redis.Pipelined(ctx, func(p redis.Pipeliner) error {
			for _, pl := range players {
				p.ZAdd(ctx, k.DisplayNameIndex(), redis.Z{Member: displayMember(pl.DisplayName, pl.ID)})
				if pl.Banned {
					at := pl.CreatedAt
					if pl.Ban != nil {
						at = pl.Ban.At
					}
					p.ZAddNX(ctx, k.BannedIndex(), redis.Z{Score: float64(at.UnixMilli()), Member: pl.ID})
				}
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("ensure indexes: %w", err)
		}
		if cursor = next; cursor == 0 {
			break
		}
	}
	return a.d.Redis.Set(ctx, k.IndexVersion(), indexVersion, 0).Err()
}
