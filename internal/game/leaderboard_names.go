package game

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/redis/go-redis/v9"
)

// Display names on boards. Every board keeps a map of the names of the
// players on it (BoardNames, in the board's slot), written by each score
// submission and by every rename, so that a page and its names are read in
// one script. Each name carries the player's rename counter (name_v in the
// player hash): a submission that read the player before a rename carries
// the older version and cannot overwrite the newer name, whichever lands
// first. Entries whose name is missing from the map (written before the map
// existed) fall back to the player hashes, read in one pipeline.

// renameOnBoards records a player's new name on every board. It writes to
// boards the player has no entry on too: a submission racing with the
// rename may be about to create one, and it must meet the new version.
func renameOnBoards(ctx context.Context, d Deps, playerID string, version int64, name string) error {
	ids, err := d.Redis.HKeys(ctx, d.Keys.BoardDefs()).Result()
	if err != nil {
		return fmt.Errorf("rename on boards: %w", err)
	}
	_, err = d.Redis.Pipelined(ctx, func(p redis.Pipeliner) error {
		for _, id := range ids {
			// EVAL, not EVALSHA: a pipeline cannot fall back on NOSCRIPT.
			setNameScript.Eval(ctx, p, []string{d.Keys.BoardNames(id), d.Keys.BoardSeq(id)}, playerID, version, name)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("rename on boards: %w", err)
	}
	return nil
}

// playerName reads the display name and its version for writes that do not
// come with a signed-in player (settlement).
func (b *Boards) playerName(ctx context.Context, playerID string) (string, int64, error) {
	v, err := b.d.Redis.HMGet(ctx, b.d.Keys.Player(playerID), fDisplayName, fNameVersion).Result()
	if err != nil {
		return "", 0, fmt.Errorf("player name %s: %w", playerID, err)
	}
	name, _ := v[0].(string)
	ver, _ := v[1].(string)
	n, _ := strconv.ParseInt(ver, 10, 64)
	return name, n, nil
}

// unknownPlayer names an entry whose player is gone.
const unknownPlayer = "Unknown player"

// entries turns {member, score, name, ...} triples into rows numbered from
// firstRank. Names the board's map lacks are read from the player hashes
// in one pipelined round trip.
func (b *Boards) entries(ctx context.Context, raw []any, firstRank int64) ([]Entry, error) {
	out := make([]Entry, 0, len(raw)/3)
	var missing []int
	for i := 0; i+2 < len(raw); i += 3 {
		m, _ := raw[i].(string)
		s, _ := raw[i+1].(string)
		e := Entry{Rank: firstRank + int64(i/3), PlayerID: memberPlayer(m), Score: parseScore(s)}
		if n, ok := raw[i+2].(string); ok {
			if bar := strings.IndexByte(n, '|'); bar >= 0 {
				e.DisplayName = n[bar+1:]
			}
		}
		if e.DisplayName == "" {
			missing = append(missing, len(out))
		}
		out = append(out, e)
	}
	if len(missing) == 0 {
		return out, nil
	}
	cmds := make([]*redis.StringCmd, len(missing))
	_, err := b.d.Redis.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i, j := range missing {
			cmds[i] = p.HGet(ctx, b.d.Keys.Player(out[j].PlayerID), fDisplayName)
		}
		return nil
	})
	if err != nil && err != redis.Nil {
		return nil, fmt.Errorf("display names: %w", err)
	}
	for i, j := range missing {
		if out[j].DisplayName = cmds[i].Val(); out[j].DisplayName == "" {
			out[j].DisplayName = unknownPlayer
		}
	}
	return out, nil
}

// parseScore reads a sorted-set score as Redis sends it; scores are
// integers up to 2^53, so the fast integer path nearly always applies.
func parseScore(s string) int64 {
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return n
	}
	f, _ := strconv.ParseFloat(s, 64)
	return int64(f)
}
