package game

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/ladder/ladder/internal/game/event"
	"github.com/ladder/ladder/internal/redisx"
)

// LiveMatch is one line of the list of matches in play
// (GET /api/v1/matches?status=playing and the matches.live message).
type LiveMatch struct {
	ID         string            `json:"id"`
	Mode       string            `json:"mode"`
	Players    []LiveMatchPlayer `json:"players"`
	Moves      int               `json:"moves"`
	Spectators int               `json:"spectators"`
	StartedAt  time.Time         `json:"started_at"`
}

// LiveMatchPlayer is a player of a live match, rated as the match began.
type LiveMatchPlayer struct {
	ID          string `json:"id"`
	DisplayName string `json:"display_name"`
	Rating      int    `json:"rating"`
}

// LiveListSize is how many matches the matches.live message carries.
const LiveListSize = 50

// ListPlaying returns the matches in play, oldest first, and how many
// there are.
func (ms *Matches) ListPlaying(ctx context.Context, offset, limit int) ([]LiveMatch, int64, error) {
	offset, limit = max(offset, 0), min(max(limit, 1), 100)
	key := ms.d.Keys.MatchesLive()
	var ids *redis.StringSliceCmd
	var total *redis.IntCmd
	_, err := ms.d.Redis.Pipelined(ctx, func(p redis.Pipeliner) error {
		ids = p.ZRange(ctx, key, int64(offset), int64(offset+limit-1))
		total = p.ZCard(ctx, key)
		return nil
	})
	if err != nil {
		return nil, 0, fmt.Errorf("live matches: %w", err)
	}
	hashes := make([]*redis.MapStringStringCmd, len(ids.Val()))
	_, err = ms.d.Redis.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i, id := range ids.Val() {
			hashes[i] = p.HGetAll(ctx, ms.d.Keys.Match(id))
		}
		return nil
	})
	if err != nil {
		return nil, 0, fmt.Errorf("live matches: %w", err)
	}
	var live []*Match
	var players []string
	for _, c := range hashes {
		if m := matchFromHash(c.Val()); m != nil && m.Status == MatchPlaying {
			live = append(live, m)
			players = append(players, m.Players[0], m.Players[1])
		}
	}
	names, err := ms.displayNames(ctx, players)
	if err != nil {
		return nil, 0, err
	}
	watching, err := ms.spectators.Count(ctx, live...)
	if err != nil {
		return nil, 0, err
	}
	out := make([]LiveMatch, 0, len(live))
	for i, m := range live {
		lm := LiveMatch{ID: m.ID, Mode: m.Mode, Moves: len(m.Moves), Spectators: watching[m.ID], StartedAt: m.CreatedAt}
		for j, id := range m.Players {
			name := names[2*i+j]
			if name == "" {
				name = DeletedPlayerName
			}
			lm.Players = append(lm.Players, LiveMatchPlayer{ID: id, DisplayName: name, Rating: int(math.Round(m.Pre[j].Rating))})
		}
		out = append(out, lm)
	}
	return out, total.Val(), nil
}

// LiveMessage is the JSON of the matches.live message: the first
// LiveListSize matches in play. The realtime hub sends it to subscribers
// of the matches topic.
func (ms *Matches) LiveMessage(ctx context.Context) ([]byte, error) {
	list, total, err := ms.ListPlaying(ctx, 0, LiveListSize)
	if err != nil {
		return nil, err
	}
	return json.Marshal(event.MatchesLive{Matches: list, Topic: event.MatchesTopic, Total: total, Type: event.TypeMatchesLive})
}

// publishLiveChanged marks the live list as changed (a match began, moved
// or ended) for the hub to send a fresh matches.live.
func (ms *Matches) publishLiveChanged(ctx context.Context) {
	ms.d.Events.Publish(ctx, event.MatchesTopic, event.MatchesChanged{Topic: event.MatchesTopic, Type: event.TypeMatchesChanged})
}

// Spectators counts who watches each match, across instances. Every
// instance reports the viewers of its own sockets into a hash of its own
// that expires unless refreshed, listed in a sorted set by expiry, so an
// instance that dies stops counting within one TTL. All keys share one
// hash tag: a report is one MULTI.
type Spectators struct{ d Deps }

// NewSpectators returns the spectator counter.
func NewSpectators(d Deps) *Spectators { return &Spectators{d: d.withDefaults()} }

// Spectators is the counter match.state and the live list read.
func (ms *Matches) Spectators() *Spectators { return ms.spectators }

// MatchViewers are the sockets of one instance watching one match:
// anonymous ones, and the distinct signed-in players among the others (a
// player counts once however many tabs they have open).
type MatchViewers struct {
	Anonymous int
	Players   []string
}

func (k Keys) spectators(parts ...string) string {
	return k.ks.Key(append([]string{"spectators", redisx.Tag("spectators")}, parts...)...)
}

// SpectatorInstances is the sorted set instance id → unix ms when its
// report expires.
func (k Keys) SpectatorInstances() string { return k.spectators("instances") }

// SpectatorReport is one instance's hash match id → "anonymous|id,id…".
func (k Keys) SpectatorReport(instance string) string { return k.spectators("i", instance) }

// Report replaces instance's viewers by match; the report lives for ttl
// unless reported again.
func (s *Spectators) Report(ctx context.Context, instance string, viewers map[string]MatchViewers, ttl time.Duration) error {
	key := s.d.Keys.SpectatorReport(instance)
	now := s.d.Now()
	fields := make([]any, 0, 2*len(viewers))
	for id, v := range viewers {
		fields = append(fields, id, strconv.Itoa(v.Anonymous)+"|"+strings.Join(v.Players, ","))
	}
	_, err := s.d.Redis.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.Del(ctx, key)
		if len(fields) > 0 {
			p.HSet(ctx, key, fields...)
			p.PExpire(ctx, key, ttl)
		}
		p.ZAdd(ctx, s.d.Keys.SpectatorInstances(), redis.Z{Score: float64(now.Add(ttl).UnixMilli()), Member: instance})
		p.ZRemRangeByScore(ctx, s.d.Keys.SpectatorInstances(), "-inf", strconv.FormatInt(now.UnixMilli(), 10))
		return nil
	})
	if err != nil {
		return fmt.Errorf("report spectators: %w", err)
	}
	return nil
}

// Forget drops instance's report (it is shutting down).
func (s *Spectators) Forget(ctx context.Context, instance string) error {
	_, err := s.d.Redis.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.Del(ctx, s.d.Keys.SpectatorReport(instance))
		p.ZRem(ctx, s.d.Keys.SpectatorInstances(), instance)
		return nil
	})
	if err != nil {
		return fmt.Errorf("forget spectators: %w", err)
	}
	return nil
}

// Count returns each match's spectators on every live instance: anonymous
// sockets plus distinct signed-in viewers, the match's own players left out.
func (s *Spectators) Count(ctx context.Context, matches ...*Match) (map[string]int, error) {
	out := make(map[string]int, len(matches))
	if len(matches) == 0 {
		return out, nil
	}
	now := strconv.FormatInt(s.d.Now().UnixMilli(), 10)
	instances, err := s.d.Redis.ZRangeByScore(ctx, s.d.Keys.SpectatorInstances(), &redis.ZRangeBy{Min: "(" + now, Max: "+inf"}).Result()
	if err != nil {
		return nil, fmt.Errorf("count spectators: %w", err)
	}
	if len(instances) == 0 {
		return out, nil
	}
	sort.Strings(instances)
	ids := make([]string, len(matches))
	for i, m := range matches {
		ids[i] = m.ID
	}
	cmds := make([]*redis.SliceCmd, len(instances))
	_, err = s.d.Redis.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i, inst := range instances {
			cmds[i] = p.HMGet(ctx, s.d.Keys.SpectatorReport(inst), ids...)
		}
		return nil
	})
	if err != nil && !errors.Is(err, redis.Nil) {
		return nil, fmt.Errorf("count spectators: %w", err)
	}
	for j, m := range matches {
		signedIn := map[string]bool{}
		n := 0
		for _, c := range cmds {
			v, _ := c.Val()[j].(string)
			anon, list, ok := strings.Cut(v, "|")
			if !ok {
				continue
			}
			a, _ := strconv.Atoi(anon)
			n += a
			for _, id := range strings.Split(list, ",") {
				if id != "" && id != m.Players[0] && id != m.Players[1] {
					signedIn[id] = true
				}
			}
		}
		out[m.ID] = n + len(signedIn)
	}
	return out, nil
}

// SpectatorsChanged tells the watchers of these matches, and of the live
// list, that their spectator counts moved: a fresh match.state for each
// match still in play (same seq, new count) and a change mark for the list.
func (ms *Matches) SpectatorsChanged(ctx context.Context, matchIDs []string) {
	for _, id := range matchIDs {
		m, err := ms.Get(ctx, id)
		if err != nil || m.Status != MatchPlaying {
			continue
		}
		ms.publishState(ctx, m)
	}
	ms.publishLiveChanged(ctx)
}
