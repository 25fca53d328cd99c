package game

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/redis/go-redis/v9"
)

// standingsScript reads the standings of several players in one call.
var standingsScript = redis.NewScript(mustLua("lib_rank.lua", "standings.lua"))

// FoundPlayer is a player found on a board by name, with their place.
type FoundPlayer struct {
	PlayerID    string `json:"player_id"`
	Username    string `json:"username"`
	DisplayName string `json:"display_name"`
	Standing
}

// MaxFindQuery is the longest name prefix a board search takes: a display
// name's length.
const MaxFindQuery = 32

// FindByName finds the players with an entry on a board whose username or
// display name starts with q, ignoring case, best placed first, at most
// limit. Candidates come from the two name indexes (at most
// SearchCandidates from each, no scan) and are ranked in one script call,
// so a common prefix shared by many players off the board does not hide
// the ones on it.
func (b *Boards) FindByName(ctx context.Context, boardID, period, q string, limit int) ([]FoundPlayer, error) {
	q = strings.TrimSpace(q)
	if q == "" || len([]rune(q)) > MaxFindQuery || strings.ContainsRune(q, 0) {
		return nil, Invalidf("q must be the start of a player's name (1 to %d characters)", MaxFindQuery)
	}
	def, st, err := b.load(ctx, boardID)
	if err != nil {
		return nil, err
	}
	pid, ok, err := b.periodKey(def, st, period)
	if err != nil {
		return nil, err
	}
	out := []FoundPlayer{}
	if !ok {
		return out, nil
	}
	lower := strings.ToLower(q)
	ids, err := b.nameCandidates(ctx, lower)
	if err != nil || len(ids) == 0 {
		return out, err
	}
	k := b.d.Keys
	args := make([]any, 0, len(ids)+1)
	args = append(args, def.Order)
	for _, id := range ids {
		args = append(args, id)
	}
	raw, err := standingsScript.Run(ctx, b.d.Scripts, []string{k.BoardScores(def.ID, pid), k.BoardMembers(def.ID, pid)}, args...).Slice()
	if err != nil {
		return nil, fmt.Errorf("find on board %s: %w", def.ID, err)
	}
	total, _ := raw[0].(int64)
	for i := 1; i+2 < len(raw); i += 3 {
		id, _ := raw[i].(string)
		rank, _ := raw[i+1].(int64)
		ss, _ := raw[i+2].(string)
		f, _ := strconv.ParseFloat(ss, 64)
		out = append(out, FoundPlayer{PlayerID: id,
			Standing: Standing{Rank: rank, Score: int64(f), Total: total, Percentile: rankPercentile(rank, total)}})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Rank < out[j].Rank })
	return b.nameFound(ctx, out, lower, limit)
}

// nameCandidates reads the ids whose username or display name starts with
// lower from the two name indexes, deduplicated.
func (b *Boards) nameCandidates(ctx context.Context, lower string) ([]string, error) {
	k := b.d.Keys
	var user, display *redis.StringSliceCmd
	_, err := b.d.Redis.Pipelined(ctx, func(p redis.Pipeliner) error {
		user = p.ZRangeByLex(ctx, k.UsernameIndex(), lexPrefix(lower, SearchCandidates))
		display = p.ZRangeByLex(ctx, k.DisplayNameIndex(), lexPrefix(lower, SearchCandidates))
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("find players by name: %w", err)
	}
	seen := map[string]bool{}
	var ids []string
	take := func(members []string, sep byte) {
		for _, m := range members {
			if i := strings.LastIndexByte(m, sep); i >= 0 && !seen[m[i+1:]] {
				seen[m[i+1:]] = true
				ids = append(ids, m[i+1:])
			}
		}
	}
	take(user.Val(), ':')
	take(display.Val(), 0)
	return ids, nil
}

// nameFound fills in the names of the best placed players found, reading
// their profiles, and drops any whose name no longer matches (a stale
// display-name index entry, see indexDisplayName) or who is banned.
func (b *Boards) nameFound(ctx context.Context, found []FoundPlayer, lower string, limit int) ([]FoundPlayer, error) {
	out := make([]FoundPlayer, 0, limit)
	for len(found) > 0 && len(out) < limit {
		batch := found[:min(len(found), limit-len(out))]
		found = found[len(batch):]
		cmds := make([]*redis.SliceCmd, len(batch))
		_, err := b.d.Redis.Pipelined(ctx, func(p redis.Pipeliner) error {
			for i, f := range batch {
				cmds[i] = p.HMGet(ctx, b.d.Keys.Player(f.PlayerID), fUsername, fDisplayName, fBanned)
			}
			return nil
		})
		if err != nil && !errors.Is(err, redis.Nil) {
			return nil, fmt.Errorf("find players by name: %w", err)
		}
		for i, f := range batch {
			v := cmds[i].Val()
			if len(v) < 3 {
				continue
			}
			f.Username, _ = v[0].(string)
			f.DisplayName, _ = v[1].(string)
			banned, _ := v[2].(string)
			if f.Username == "" || banned == "1" ||
				!strings.HasPrefix(strings.ToLower(f.Username), lower) && !strings.HasPrefix(strings.ToLower(f.DisplayName), lower) {
				continue
			}
			out = append(out, f)
		}
	}
	return out, nil
}
