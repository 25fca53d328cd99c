package realtime

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/ladder/ladder/internal/game"
	"github.com/ladder/ladder/internal/game/event"
)

// TopSource gives the complete leaderboard.top message of a board (with a
// seq that grows with every change), or a not_found *game.Error.
type TopSource interface {
	TopMessage(ctx context.Context, boardID string) ([]byte, error)
}

// LeaderboardHandler serves "leaderboard:<id>" topics: anyone may watch;
// published changes are coalesced into fresh leaderboard.top snapshots, or
// leaderboard.delta messages for subscribers that ask for them.
func LeaderboardHandler(src TopSource) TopicHandler {
	return TopicHandler{
		Coalesce: true,
		Delta:    TopDelta,
		Snapshot: func(ctx context.Context, topic string) ([]byte, error) {
			return src.TopMessage(ctx, strings.TrimPrefix(topic, event.LeaderboardPrefix))
		},
	}
}

// AdminOnly is an Authorize function admitting administrators only.
func AdminOnly(_ context.Context, who *game.Player, _ string) error {
	if who == nil {
		return game.Errorf(game.CodeUnauthorized, "sign in first")
	}
	if !who.IsAdmin() {
		return game.Errorf(game.CodeForbidden, "administrators only")
	}
	return nil
}

// topSnapshot is what a delta needs of a leaderboard.top message.
type topSnapshot struct {
	Type    string           `json:"type"`
	Topic   string           `json:"topic"`
	Seq     *int64           `json:"seq"`
	Board   string           `json:"board"`
	Period  string           `json:"period"`
	Total   int64            `json:"total"`
	Entries []event.DeltaRow `json:"entries"`
}

// TopDelta returns the leaderboard.delta turning leaderboard.top prev into
// next: the rows of next that prev lacks or holds otherwise, and the
// players of prev that next lacks. It returns nil when the two are not
// consecutive snapshots of one board and period (a new period starts from
// a full snapshot).
func TopDelta(prev, next []byte) []byte {
	var a, b topSnapshot
	if json.Unmarshal(prev, &a) != nil || json.Unmarshal(next, &b) != nil {
		return nil
	}
	if a.Type != event.TypeLeaderboardTop || b.Type != a.Type || a.Topic != b.Topic || a.Board != b.Board ||
		a.Period != b.Period || a.Seq == nil || b.Seq == nil {
		return nil
	}
	had := make(map[string]event.DeltaRow, len(a.Entries))
	for _, e := range a.Entries {
		had[e.PlayerID] = e
	}
	d := event.LeaderboardDelta{Type: event.TypeLeaderboardDelta, Topic: b.Topic, Seq: *b.Seq, BaseSeq: *a.Seq,
		Changes: []event.DeltaRow{}, Removed: []string{}, Total: b.Total}
	for _, e := range b.Entries {
		if old, ok := had[e.PlayerID]; !ok || old != e {
			d.Changes = append(d.Changes, e)
		}
		delete(had, e.PlayerID)
	}
	for _, e := range a.Entries {
		if _, gone := had[e.PlayerID]; gone {
			d.Removed = append(d.Removed, e.PlayerID)
		}
	}
	out, err := json.Marshal(d)
	if err != nil {
		return nil
	}
	return out
}
