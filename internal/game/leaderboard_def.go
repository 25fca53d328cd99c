package game

import (
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Board orders, operators and reset schedules.
const (
	OrderDesc = "desc"
	OrderAsc  = "asc"

	OpBest = "best"
	OpSet  = "set"
	OpIncr = "incr"

	ResetNever   = "never"
	ResetDaily   = "daily"
	ResetWeekly  = "weekly"
	ResetMonthly = "monthly"
)

// DefaultMaxScore is a board's max_score when none is given.
const DefaultMaxScore int64 = 1_000_000_000

// MaxMaxScore is the largest max_score a board may have: 2^53-1, the largest
// integer that Redis sorted-set scores (doubles) and Lua hold exactly.
const MaxMaxScore int64 = 1<<53 - 1

// Built-in board ids.
const (
	BoardTargetRush       = "target-rush"
	BoardTargetRushWeekly = "target-rush-weekly"
	BoardConnect4         = ModeConnect4 // the mode's rating board shares its name
)

// Leaderboard is a leaderboard's definition.
type Leaderboard struct {
	ID        string     `json:"id"`
	Title     string     `json:"title"`
	Order     string     `json:"order"`
	Operator  string     `json:"operator"`
	Reset     string     `json:"reset"`
	MaxScore  int64      `json:"max_score"`
	NextReset *time.Time `json:"next_reset,omitempty"`
	// CreatedAt is when an admin created the board (unix ms); built-in
	// boards have none and list first.
	CreatedAt int64 `json:"created_at,omitempty"`
	// Game names the built-in game whose rounds feed the board; a score
	// then needs a run token of that game.
	Game string `json:"game,omitempty"`
	// ScoreLabel names the score for people ("Rating", "Strokes").
	ScoreLabel string `json:"score_label"`
	// Previous describes the previous period for pages; never stored.
	Previous PreviousPeriod `json:"-"`
}

// PreviousPeriod is when a board's previous period ran: a natural period
// [From, To) or, after an admin reset, what was current until ResetAt.
type PreviousPeriod struct {
	From, To time.Time
	ResetAt  time.Time
}

// DefaultScoreLabel is what a board calls its score unless told otherwise.
const DefaultScoreLabel = "Score"

// NormalizeScoreLabel trims a score label and checks it like a title.
func NormalizeScoreLabel(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return DefaultScoreLabel, nil
	}
	if utf8.RuneCountInString(s) > 24 || !Printable(s) {
		return "", Invalidf("score_label must be at most 24 printable characters")
	}
	return s, nil
}

// BuiltinBoards are created at start, idempotently.
var BuiltinBoards = []Leaderboard{
	{ID: BoardTargetRush, Title: "Target Rush — all time", Order: OrderDesc, Operator: OpBest, Reset: ResetNever, MaxScore: DefaultMaxScore, Game: GameTargetRush},
	{ID: BoardTargetRushWeekly, Title: "Target Rush — this week", Order: OrderDesc, Operator: OpBest, Reset: ResetWeekly, MaxScore: DefaultMaxScore, Game: GameTargetRush},
	{ID: BoardConnect4, Title: "Connect Four rating", Order: OrderDesc, Operator: OpSet, Reset: ResetNever, MaxScore: DefaultMaxScore, Game: ModeConnect4, ScoreLabel: "Rating"},
}

var boardIDRE = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,39}$`)

// Normalize checks a definition and fills defaults (desc, best, never,
// DefaultMaxScore).
func (b *Leaderboard) Normalize() error {
	if !boardIDRE.MatchString(b.ID) {
		return Invalidf("id must be 1 to 40 of lower-case letters, digits and '-', starting with a letter or digit")
	}
	b.Title = strings.TrimSpace(b.Title)
	if b.Title == "" {
		b.Title = b.ID
	}
	if n := utf8.RuneCountInString(b.Title); n > 60 || !Printable(b.Title) {
		return Invalidf("title must be at most 60 printable characters")
	}
	label, err := NormalizeScoreLabel(b.ScoreLabel)
	if err != nil {
		return err
	}
	b.ScoreLabel = label
	if b.Order == "" {
		b.Order = OrderDesc
	}
	if b.Operator == "" {
		b.Operator = OpBest
	}
	if b.Reset == "" {
		b.Reset = ResetNever
	}
	if b.MaxScore == 0 {
		b.MaxScore = DefaultMaxScore
	}
	switch {
	case b.Order != OrderDesc && b.Order != OrderAsc:
		return Invalidf("order must be desc or asc")
	case b.Operator != OpBest && b.Operator != OpSet && b.Operator != OpIncr:
		return Invalidf("operator must be best, set or incr")
	case b.Reset != ResetNever && b.Reset != ResetDaily && b.Reset != ResetWeekly && b.Reset != ResetMonthly:
		return Invalidf("reset must be never, daily, weekly or monthly")
	case b.MaxScore < 1 || b.MaxScore > MaxMaxScore:
		return Invalidf("max_score must be from 1 to %d", MaxMaxScore)
	}
	return nil
}

// ValidateScore checks a submitted score against the board's bounds.
func (b *Leaderboard) ValidateScore(score int64) error {
	if score < 0 || score > b.MaxScore {
		return Invalidf("score must be an integer from 0 to %d", b.MaxScore)
	}
	return nil
}

// naturalPeriod is the calendar period containing t (UTC): its id, when it
// started and when it ends. "never" boards have one period, "all".
func naturalPeriod(reset string, t time.Time) (id string, start, end time.Time) {
	t = t.UTC()
	day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	switch reset {
	case ResetDaily:
		return "d" + day.Format("20060102"), day, day.AddDate(0, 0, 1)
	case ResetWeekly:
		// Monday 00:00 UTC starts a week.
		monday := day.AddDate(0, 0, -((int(day.Weekday()) + 6) % 7))
		return "w" + monday.Format("20060102"), monday, monday.AddDate(0, 0, 7)
	case ResetMonthly:
		first := time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
		return "m" + first.Format("200601"), first, first.AddDate(0, 1, 0)
	}
	return "all", time.Time{}, time.Time{}
}

// withGen folds a reset generation into a period id: a reset moves the
// board to fresh keys without deleting what was current.
func withGen(period string, gen int64) string {
	if gen == 0 {
		return period
	}
	return period + ".g" + strconv.FormatInt(gen, 10)
}

// periods are the keys of a board's current and previous period at one
// moment. Previous is empty when there is none.
type periods struct {
	Current, Previous string
	// ExpireAt is when the current period's keys may go: the end of the
	// next period, when it stops being "previous". Zero for never boards.
	ExpireAt time.Time
	// NextReset is the end of the current period; zero for never boards.
	NextReset time.Time
	// PrevStart and PrevEnd bound a natural previous period; PrevResetAt
	// is set instead when the previous period ended with an admin reset.
	PrevStart, PrevEnd, PrevResetAt time.Time
}

// boardState is a board's reset generation.
type boardState struct {
	Gen       int64
	GenPeriod string    // the natural period the last reset happened in
	GenAt     time.Time // when the last reset happened; zero if unknown
}

// periodsAt works out the current and previous period of a board at t.
// After a reset within the current natural period, previous is what was
// current before the reset; otherwise it is the previous natural period in
// the current generation.
func periodsAt(b *Leaderboard, st boardState, t time.Time) periods {
	nat, start, end := naturalPeriod(b.Reset, t)
	p := periods{Current: withGen(nat, st.Gen)}
	if b.Reset == ResetNever {
		if st.Gen > 0 {
			p.Previous = withGen(nat, st.Gen-1)
			p.PrevResetAt = st.GenAt
		}
		return p
	}
	_, _, nextEnd := naturalPeriod(b.Reset, end)
	p.ExpireAt = nextEnd
	p.NextReset = end
	if st.Gen > 0 && st.GenPeriod == nat {
		p.Previous = withGen(nat, st.Gen-1)
		p.PrevResetAt = st.GenAt
	} else {
		prev, prevStart, _ := naturalPeriod(b.Reset, start.Add(-time.Second))
		p.Previous = withGen(prev, st.Gen)
		p.PrevStart, p.PrevEnd = prevStart, start
	}
	return p
}
