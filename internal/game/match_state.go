package game

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/redis/go-redis/v9"

	"github.com/ladder/ladder/internal/game/connect4"
	"github.com/ladder/ladder/internal/game/event"
	"github.com/ladder/ladder/internal/game/glicko2"
)

// Match statuses, as the API shows them.
const (
	MatchPlaying   = "playing"
	MatchFinished  = "finished"
	MatchCancelled = "cancelled"
)

// Reasons a match ended.
const (
	ReasonFour      = "four"
	ReasonDraw      = "draw"
	ReasonTimeout   = "timeout"
	ReasonResign    = "resign"
	ReasonCancelled = "cancelled"
)

// DeletedPlayerName is shown in place of a player whose account is gone.
const DeletedPlayerName = "deleted player"

// Match hash fields.
const (
	mfID        = "id"
	mfMode      = "mode"
	mfP1        = "p1"
	mfP2        = "p2"
	mfCreated   = "created"
	mfMoves     = "moves"
	mfStatus    = "status"
	mfWinner    = "winner"
	mfReason    = "reason"
	mfDeadline  = "deadline"
	mfEnded     = "ended"
	mfPre       = "pre"        // JSON [Rating, Rating]: ratings when the match began
	mfNames     = "names"      // JSON [name, name] when the match began
	mfSettle    = "settlement" // JSON Settlement, written once
	mfSettled   = "settled"    // "1" once every settlement step is done
	mfBoarded   = "boarded"    // "1" once the connect4 board has the new ratings
	mfAnnounced = "announced"  // unix ms match.ended was last claimed for publishing
	mfNote      = "note"       // why an admin cancelled it
)

// Match is one Connect Four game between two players. Players[0] moves first.
type Match struct {
	ID         string
	Mode       string
	Players    [2]string
	Names      [2]string
	Pre        [2]glicko2.Rating
	Moves      []int
	Status     string
	Winner     string // player id; "" for a draw or while playing
	Reason     string
	Note       string
	CreatedAt  time.Time
	Deadline   time.Time // zero once the match is over
	EndedAt    time.Time
	Settlement *Settlement
	Settled    bool

	boarded bool // the settlement's board step is done
}

// Settlement is the outcome of a match as applied to ratings, computed once
// from the pre-match ratings and stored with the match before anything is
// applied, so every settler (a retry, another instance) applies the same
// numbers.
type Settlement struct {
	ScoreP1 float64                 `json:"score_p1"` // 1, 0.5 or 0; -1 when cancelled
	After   [2]glicko2.Rating       `json:"after"`
	Changes map[string]RatingChange `json:"changes"`
}

// RatingChange is one player's rating before and after a match, rounded as
// shown to people.
type RatingChange struct {
	Before int `json:"before"`
	After  int `json:"after"`
	Delta  int `json:"delta"`
}

// ToMove returns the id of the player whose turn it is ("" once over).
func (m *Match) ToMove() string {
	if m.Status != MatchPlaying {
		return ""
	}
	return m.Players[len(m.Moves)%2]
}

// Seat returns 0 or 1 for a player of the match, or -1.
func (m *Match) Seat(playerID string) int {
	switch playerID {
	case m.Players[0]:
		return 0
	case m.Players[1]:
		return 1
	}
	return -1
}

// Opponent returns the other player of the match.
func (m *Match) Opponent(playerID string) string {
	if m.Players[0] == playerID {
		return m.Players[1]
	}
	return m.Players[0]
}

func encodeMoves(moves []int) string {
	parts := make([]string, len(moves))
	for i, c := range moves {
		parts[i] = strconv.Itoa(c)
	}
	return strings.Join(parts, ",")
}

func decodeMoves(s string) []int {
	if s == "" {
		return []int{}
	}
	parts := strings.Split(s, ",")
	moves := make([]int, 0, len(parts))
	for _, p := range parts {
		if c, err := strconv.Atoi(p); err == nil {
			moves = append(moves, c)
		}
	}
	return moves
}

func msTime(s string) time.Time {
	ms, err := strconv.ParseInt(s, 10, 64)
	if err != nil || ms == 0 {
		return time.Time{}
	}
	return time.UnixMilli(ms).UTC()
}

func msString(t time.Time) string {
	if t.IsZero() {
		return "0"
	}
	return strconv.FormatInt(t.UnixMilli(), 10)
}

// matchFromHash decodes a match hash; nil when it is empty.
func matchFromHash(h map[string]string) *Match {
	if h[mfID] == "" {
		return nil
	}
	m := &Match{
		ID: h[mfID], Mode: h[mfMode], Players: [2]string{h[mfP1], h[mfP2]},
		Moves: decodeMoves(h[mfMoves]), Status: h[mfStatus], Winner: h[mfWinner],
		Reason: h[mfReason], Note: h[mfNote], CreatedAt: msTime(h[mfCreated]),
		Deadline: msTime(h[mfDeadline]), EndedAt: msTime(h[mfEnded]), Settled: h[mfSettled] == "1",
		boarded: h[mfBoarded] == "1",
		Pre:     [2]glicko2.Rating{glicko2.NewRating(), glicko2.NewRating()},
	}
	_ = json.Unmarshal([]byte(h[mfPre]), &m.Pre)
	_ = json.Unmarshal([]byte(h[mfNames]), &m.Names)
	if s := h[mfSettle]; s != "" {
		var st Settlement
		if json.Unmarshal([]byte(s), &st) == nil {
			m.Settlement = &st
		}
	}
	return m
}

// validMatchID keeps garbage out of key names and answers 404 early.
func validMatchID(id string) bool {
	_, err := uuid.Parse(id)
	return err == nil
}

// Get reads a match; an unknown id is a not_found error.
func (ms *Matches) Get(ctx context.Context, id string) (*Match, error) {
	if !validMatchID(id) {
		return nil, NotFoundf("no match %q", id)
	}
	h, err := ms.d.Redis.HGetAll(ctx, ms.d.Keys.Match(id)).Result()
	if err != nil {
		return nil, fmt.Errorf("get match %s: %w", id, err)
	}
	m := matchFromHash(h)
	if m == nil {
		return nil, NotFoundf("no match %q", id)
	}
	return m, nil
}

// MatchResult is how a match ended: Winner is nil for a draw or a
// cancelled match.
type MatchResult struct {
	Winner *string `json:"winner"`
	Reason string  `json:"reason"`
}

// MatchPlayer is a player as shown beside the board.
type MatchPlayer struct {
	ID          string `json:"id"`
	DisplayName string `json:"display_name"`
	Rating      int    `json:"rating"` // when the match began
	Deleted     bool   `json:"deleted,omitempty"`
}

// MatchView is the JSON form of a match (GET /matches/{id}). The first nine
// fields are the public contract; the rest are extensions for our pages.
type MatchView struct {
	ID       string       `json:"id"`
	Mode     string       `json:"mode"`
	Players  []string     `json:"players"`
	Board    [][]int      `json:"board"`
	Turn     *string      `json:"turn"`
	Status   string       `json:"status"`
	Result   *MatchResult `json:"result"`
	Moves    []int        `json:"moves"`
	Deadline *time.Time   `json:"deadline"`

	Seq           int                     `json:"seq"`
	RemainingMs   int64                   `json:"remaining_ms"`
	TurnTimeoutMs int64                   `json:"turn_timeout_ms"`
	PlayerInfo    []MatchPlayer           `json:"player_info"`
	RatingChanges map[string]RatingChange `json:"rating_changes,omitempty"`
	CreatedAt     time.Time               `json:"created_at"`
	EndedAt       *time.Time              `json:"ended_at,omitempty"`
}

// result returns the match's result, nil while it is being played.
func (m *Match) result() *MatchResult {
	if m.Status == MatchPlaying {
		return nil
	}
	r := &MatchResult{Reason: m.Reason}
	if m.Winner != "" {
		w := m.Winner
		r.Winner = &w
	}
	return r
}

// View renders m for the API; names are looked up now so renamed and deleted
// players show as they are today.
func (ms *Matches) View(ctx context.Context, m *Match) (*MatchView, error) {
	names, err := ms.displayNames(ctx, m.Players[:])
	if err != nil {
		return nil, err
	}
	board, _, _ := connect4.Replay(m.Moves)
	v := &MatchView{
		ID: m.ID, Mode: m.Mode, Players: []string{m.Players[0], m.Players[1]},
		Board: board.Grid(), Status: m.Status, Result: m.result(), Moves: m.Moves,
		Seq: len(m.Moves), TurnTimeoutMs: ms.cfg.TurnTimeout.Milliseconds(), CreatedAt: m.CreatedAt,
	}
	if t := m.ToMove(); t != "" {
		v.Turn = &t
		d := m.Deadline
		v.Deadline = &d
		v.RemainingMs = max(0, d.Sub(ms.d.Now()).Milliseconds())
	}
	if !m.EndedAt.IsZero() {
		e := m.EndedAt
		v.EndedAt = &e
	}
	for i, id := range m.Players {
		p := MatchPlayer{ID: id, DisplayName: names[i], Rating: int(math.Round(m.Pre[i].Rating))}
		if names[i] == "" {
			p.DisplayName, p.Deleted = DeletedPlayerName, true
		}
		v.PlayerInfo = append(v.PlayerInfo, p)
	}
	if m.Settlement != nil && m.Settlement.ScoreP1 >= 0 {
		v.RatingChanges = m.Settlement.Changes
	}
	return v, nil
}

// displayNames reads current display names; "" for a player who is gone.
func (ms *Matches) displayNames(ctx context.Context, ids []string) ([]string, error) {
	cmds := make([]*redis.StringCmd, len(ids))
	_, err := ms.d.Redis.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i, id := range ids {
			cmds[i] = p.HGet(ctx, ms.d.Keys.Player(id), fDisplayName)
		}
		return nil
	})
	if err != nil && !errors.Is(err, redis.Nil) {
		return nil, fmt.Errorf("match player names: %w", err)
	}
	out := make([]string, len(ids))
	for i, c := range cmds {
		out[i] = c.Val()
	}
	return out, nil
}

// stateMessage is the match.state event for m.
func (ms *Matches) stateMessage(ctx context.Context, m *Match) (event.MatchState, error) {
	v, err := ms.View(ctx, m)
	if err != nil {
		return event.MatchState{}, err
	}
	watching, err := ms.spectators.Count(ctx, m)
	if err != nil {
		return event.MatchState{}, err
	}
	return event.MatchState{
		Board: v.Board, Deadline: v.Deadline, MatchID: m.ID, Moves: v.Moves, PlayerInfo: v.PlayerInfo,
		Players: v.Players, RemainingMs: v.RemainingMs, Result: v.Result, Seq: v.Seq, Spectators: watching[m.ID], Status: v.Status,
		Topic: event.MatchTopic(m.ID), Turn: v.Turn, Type: event.TypeMatchState,
	}, nil
}

// StateMessage returns the JSON of the match.state message for the match as
// it stands; the realtime hub sends it to a spectator who subscribes.
func (ms *Matches) StateMessage(ctx context.Context, matchID string) ([]byte, error) {
	m, err := ms.Get(ctx, matchID)
	if err != nil {
		return nil, err
	}
	msg, err := ms.stateMessage(ctx, m)
	if err != nil {
		return nil, err
	}
	return json.Marshal(msg)
}

// publishState sends match.state to the match topic (best effort).
func (ms *Matches) publishState(ctx context.Context, m *Match) {
	msg, err := ms.stateMessage(ctx, m)
	if err != nil {
		ms.d.Log.Warn("match state event", "match_id", m.ID, slog.Any("error", err))
		return
	}
	ms.d.Events.Publish(ctx, event.MatchTopic(m.ID), msg)
}
