package event_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/ladder/ladder/internal/game"
	"github.com/ladder/ladder/internal/game/event"
)

// The files under testdata are messages as the server sent them before the
// payloads were typed (captured from real runs); every message must keep
// encoding to exactly these bytes, field order included.
func TestWireFormatIsUnchanged(t *testing.T) {
	const (
		m1  = "5fbd86ca-baed-4ef1-9464-91622f6b788f"
		p1a = "b3ce2710-90c8-453d-abf3-fe5efad45efb"
		p1b = "3bcae494-8302-44ec-869e-6e4575b78aec"
		m2  = "eed0e32b-e831-42b7-8c12-241b9993cdc1"
		p2a = "131a9be0-7306-4e34-910d-cf61ba8dd31d"
		p2b = "a5a99993-05ce-469e-bd31-2a8be2e077f3"
		m3  = "5c150812-f762-4326-bb76-123e26ad8de5"
		p3a = "00c7de49-dedf-4232-b74d-429270e6c6f8"
		p3b = "f7be6985-bbfd-46e0-b1ab-fc9795cf385e"
	)
	str := func(s string) *string { return &s }
	i64 := func(n int64) *int64 { return &n }
	at := func(s string) *time.Time {
		v, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			t.Fatal(err)
		}
		return &v
	}
	emptyBoard := func() [][]int {
		b := make([][]int, 6)
		for i := range b {
			b[i] = make([]int, 7)
		}
		return b
	}
	oneMove := emptyBoard()
	oneMove[5][0] = 1

	cases := map[string]any{
		"leaderboard_changed": event.NewLeaderboardChanged("a"),
		"leaderboard_top": event.LeaderboardTop{Type: event.TypeLeaderboardTop, Topic: event.LeaderboardTopic("c"),
			Seq: 3, Board: "c", Period: "all.g1", Total: 1,
			Entries: []game.Entry{{Rank: 1, PlayerID: "0f2553f0-1209-4f68-8fc8-45c6608a562b", DisplayName: "bob", Score: 7}}},
		"leaderboard_top_empty": event.LeaderboardTop{Type: event.TypeLeaderboardTop, Topic: event.LeaderboardTopic("duo"),
			Board: "duo", Period: "all", Entries: []game.Entry{}},
		"match_state": event.MatchState{Board: oneMove, Deadline: at("2026-12-01T11:40:10.678Z"), MatchID: m1, Moves: []int{0},
			PlayerInfo: []game.MatchPlayer{{ID: p1a, DisplayName: "b80678", Rating: 1520}, {ID: p1b, DisplayName: "a80678", Rating: 1500}},
			Players:    []string{p1a, p1b}, RemainingMs: 30000, Result: (*game.MatchResult)(nil), Seq: 1, Spectators: 2, Status: game.MatchPlaying,
			Topic: event.MatchTopic(m1), Turn: str(p1b), Type: event.TypeMatchState},
		"match_state_new": event.MatchState{Board: emptyBoard(), Deadline: at("2026-12-01T11:40:18.97Z"), MatchID: m2, Moves: []int{},
			PlayerInfo: []game.MatchPlayer{{ID: p2a, DisplayName: "b", Rating: 1500}, {ID: p2b, DisplayName: "a", Rating: 1500}},
			Players:    []string{p2a, p2b}, RemainingMs: 30000, Result: (*game.MatchResult)(nil), Status: game.MatchPlaying,
			Topic: event.MatchTopic(m2), Turn: str(p2a), Type: event.TypeMatchState},
		"match_state_over": event.MatchState{Board: emptyBoard(), MatchID: m3, Moves: []int{},
			PlayerInfo: []game.MatchPlayer{{ID: p3a, DisplayName: "a82128", Rating: 1500}, {ID: p3b, DisplayName: "b82128", Rating: 1520}},
			Players:    []string{p3a, p3b}, Result: &game.MatchResult{Reason: game.ReasonCancelled}, Status: game.MatchCancelled,
			Topic: event.MatchTopic(m3), Type: event.TypeMatchState},
		"matches_live": event.MatchesLive{Matches: []game.LiveMatch{{ID: m1, Mode: game.ModeConnect4,
			Players: []game.LiveMatchPlayer{{ID: p1a, DisplayName: "b80678", Rating: 1520}, {ID: p1b, DisplayName: "a80678", Rating: 1500}},
			Moves:   1, Spectators: 3, StartedAt: *at("2026-12-01T11:39:40.678Z")}}, Topic: event.MatchesTopic, Total: 1, Type: event.TypeMatchesLive},
		"matches_changed": event.MatchesChanged{Topic: event.MatchesTopic, Type: event.TypeMatchesChanged},
		"match_ended": event.MatchEnded{MatchID: m1,
			RatingChanges: map[string]game.RatingChange{p1b: {Before: 1500, After: 1344, Delta: -156}, p1a: {Before: 1520, After: 1676, Delta: 156}},
			Result:        &game.MatchResult{Winner: str(p1a), Reason: "four"}, Topic: event.MatchTopic(m1), Type: event.TypeMatchEnded},
		"match_ended_cancelled": event.MatchEnded{MatchID: m3, RatingChanges: map[string]game.RatingChange{},
			Result: &game.MatchResult{Reason: game.ReasonCancelled}, Topic: event.MatchTopic(m3), Type: event.TypeMatchEnded},
		"match_found": event.MatchFound{MatchID: "21caf526-75b6-4934-bfa5-a37fab51b6e6",
			Opponent: event.Opponent{DisplayName: "b", ID: "254b9fec-e888-403b-845f-036c868607bb", Rating: 1500},
			Topic:    event.PlayerTopic("ff845347-9344-4ffe-9b54-99c661688bdc"), Type: event.TypeMatchFound},
		"queue_status": event.QueueStatus{EstimateMs: 3000, Mode: "connect4", Range: [2]float64{925, 1075},
			TicketID: "4d7e9715-f148-450c-91ce-8e25711f53ec", Topic: event.PlayerTopic("dfe8ba38-53b5-4646-acdf-7a9a23923941"),
			Type: event.TypeQueueStatus},
		"queue_timeout": event.QueueTimeout{Mode: "connect4", TicketID: "8f33a0af-d0ad-48af-82bd-b9a9d24f380d",
			Topic: event.PlayerTopic("e3ffc3f9-ad37-4e06-8f48-8e2226dc7252"), Type: event.TypeQueueTimeout},
		"rank_changed":     event.RankChanged{Board: "c", PreviousRank: i64(1), Rank: 2, Type: event.TypeRankChanged},
		"rank_changed_new": event.RankChanged{Board: "a", Rank: 1, Type: event.TypeRankChanged},
		"session_revoked":  event.NewSessionRevoked("74817e43-28b0-45e4-91a9-9576507c6233", "banned: spam"),
		"stats_full": event.Stats{At: *at("2031-03-05T12:00:01.25Z"), GapP50: 42.5, GapP95: 187.25, Instances: 2,
			MatchesLive: 5, PlayersOnline: 12, PlayersTotal: 3456, QueueLength: 3, RejectionsPerMin: 7, Sockets: 40,
			SubmissionsPerMin: 1234, Subscriptions: 97, Topic: event.StatsTopic, Type: event.TypeStats, WaitP50Ms: 1500, WaitP95Ms: 9800},
		"stats_zero": event.Stats{At: *at("2026-12-01T11:40:46.05395336Z"), Instances: 1, Topic: event.StatsTopic, Type: event.TypeStats},
		"rematch_offered": event.RematchOffered{ExpiresMs: 30000, From: p1a, MatchID: m1, Topic: event.PlayerTopic(p1b),
			Type: event.TypeRematchOffered},
		"rematch_waiting":   event.RematchWaiting{ExpiresMs: 30000, MatchID: m1, To: p1b, Type: event.TypeRematchWaiting},
		"rematch_cancelled": event.RematchCancelled{MatchID: m1, Topic: event.PlayerTopic(p1a), Type: event.TypeRematchCancelled},
		"rematch_offer":     event.RematchRequest{Type: event.TypeRematchOffer, MatchID: m1},
		"rematch_accept":    event.RematchRequest{Type: event.TypeRematchAccept, MatchID: m1},
		"subscribed":        event.Control{Type: event.TypeSubscribed, Topic: "leaderboard:global"},
		"unsubscribed":      event.Control{Type: event.TypeUnsubscribed, Topic: "match:m1"},
		"pong":              event.Control{Type: event.TypePong},
		"error":             event.Error{Type: event.TypeError, Code: game.CodeForbidden, Message: "administrators only", Topic: event.StatsTopic},
		"error_notopic":     event.Error{Type: event.TypeError, Code: game.CodeInvalid, Message: "bad message"},
		"leaderboard_delta": event.LeaderboardDelta{Type: event.TypeLeaderboardDelta, Topic: event.LeaderboardTopic("c"),
			Seq: 9, BaseSeq: 7, Changes: []event.DeltaRow{{Rank: 2, PlayerID: "0f2553f0-1209-4f68-8fc8-45c6608a562b", DisplayName: "bob", Score: 12}},
			Removed: []string{"3bcae494-8302-44ec-869e-6e4575b78aec"}, Total: 4},
		"subscribe_delta": event.Control{Type: event.TypeSubscribe, Topic: "leaderboard:global", Delta: true},
	}

	files, err := filepath.Glob(filepath.Join("testdata", "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range files {
		names = append(names, filepath.Base(f[:len(f)-len(".json")]))
	}
	for name := range cases {
		if !slices.Contains(names, name) {
			t.Errorf("case %s has no golden file", name)
		}
	}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			msg, ok := cases[name]
			if !ok {
				t.Fatalf("golden file %s.json has no case", name)
			}
			want, err := os.ReadFile(filepath.Join("testdata", name+".json"))
			if err != nil {
				t.Fatal(err)
			}
			got, err := json.Marshal(msg)
			if err != nil {
				t.Fatal(err)
			}
			if string(got)+"\n" != string(want) {
				t.Errorf("encoding changed\n got: %s\nwant: %s", got, want)
			}
		})
	}
}

func TestTopics(t *testing.T) {
	for got, want := range map[string]string{
		event.LeaderboardTopic("target-rush"): "leaderboard:target-rush",
		event.MatchTopic("m1"):                "match:m1",
		event.PlayerTopic("p1"):               "player:p1",
	} {
		if got != want {
			t.Errorf("topic %q, want %q", got, want)
		}
	}
}
