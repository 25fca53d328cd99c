package templates

import (
	"fmt"
	"strconv"
	"time"

	"github.com/ladder/ladder/internal/game"
)

// BoardCard is one board on the leaderboards index.
type BoardCard struct {
	Board *game.Leaderboard
	Top   []game.Entry
	Total int64
	Me    *game.Standing
}

// BoardView is what the leaderboard page shows.
type BoardView struct {
	Board   *game.Leaderboard
	Period  string // "current" or "previous"
	Page    *game.BoardPage
	PageNum int // 1-based
	Pages   int
	Me      *game.Standing // the signed-in player's place, nil if absent
	Around  *game.BoardPage
	Now     time.Time
	// Find is what the viewer searched for; Found is the best-placed match
	// on the board, with the rows around it.
	// Weekly is the weekly board of a pair, when Board is the all-time one.
	Weekly      *game.Leaderboard
	Find        string
	Found       *FoundPlayer
	FoundAround *game.BoardPage
}

// FoundPlayer is a player found on a board by name.
type FoundPlayer struct {
	PlayerID    string
	DisplayName string
	game.Standing
}

// ProfileView is what a player's profile page shows.
type ProfileView struct {
	Player    *game.Player
	Own       bool
	Standings []game.BoardStanding
	// History is one page of the player's matches, newest first.
	History ProfileHistory
	// Chart is the Connect Four rating after each rated match.
	Chart RatingChart
	// Bests are the player's Connect Four records.
	Bests game.PersonalBests
	// LiveMatch is the match the player is in right now, "" if none.
	LiveMatch string
}

// TargetRushView is what the Target Rush page needs.
type TargetRushView struct {
	RoundMS  int64
	MaxScore int64
	Best     *game.Standing // all-time board
	Weekly   *game.Standing
}

// BoardPageSize is how many rows a leaderboard page shows.
const BoardPageSize = 25

// thousands formats n with thin separators: 25,800.
func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := n < 0
	if neg {
		s = s[1:]
	}
	out := make([]byte, 0, len(s)+len(s)/3)
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	if neg {
		return "-" + string(out)
	}
	return string(out)
}

// until says how long until t, coarsely: "3d 4h", "5h 12m", "42m", "< 1m".
func until(t *time.Time, now time.Time) string {
	if t == nil {
		return ""
	}
	d := t.Sub(now)
	switch {
	case d < time.Minute:
		return "< 1m"
	case d < time.Hour:
		return fmt.Sprintf("%dm", int(d.Minutes()))
	case d < 24*time.Hour:
		return fmt.Sprintf("%dh %dm", int(d.Hours()), int(d.Minutes())%60)
	}
	return fmt.Sprintf("%dd %dh", int(d.Hours())/24, int(d.Hours())%24)
}

func rfc3339(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// periodLabels names a board's current and previous period.
func periodLabels(reset string) (string, string) {
	switch reset {
	case game.ResetDaily:
		return "Today", "Yesterday"
	case game.ResetWeekly:
		return "This week", "Last week"
	case game.ResetMonthly:
		return "This month", "Last month"
	}
	return "Current", "Before the last reset"
}

func currentLabel(reset string) string { a, _ := periodLabels(reset); return a }

// previousTabLabel names a board's previous period with its dates:
// "Last week · 23–29 Nov", or "Before the reset on 1 Dec" after an admin
// reset.
func previousTabLabel(b *game.Leaderboard) string {
	pp := b.Previous
	if !pp.ResetAt.IsZero() {
		return "Before the reset on " + dayMonth(pp.ResetAt)
	}
	label := previousLabel(b.Reset)
	if pp.From.IsZero() {
		return label
	}
	last := pp.To.Add(-time.Second)
	switch b.Reset {
	case game.ResetDaily:
		return label + " · " + dayMonth(pp.From)
	case game.ResetMonthly:
		return label + " · " + pp.From.Format("January 2006")
	}
	if pp.From.Month() == last.Month() {
		return label + " · " + pp.From.Format("2") + "–" + dayMonth(last)
	}
	return label + " · " + dayMonth(pp.From) + " – " + dayMonth(last)
}

func dayMonth(t time.Time) string { return t.UTC().Format("2 Jan") }

// pairTab is one tab of a built-in game's pair of boards.
type pairTab struct {
	Label, URL string
	Active     bool
	TestID     string
}

// pairTabs shows a game's all-time and weekly boards as one set of tabs:
// All time / This week / Last week. Nil for other boards.
func pairTabs(v BoardView) []pairTab {
	id := v.Board.ID
	if id != game.BoardTargetRush && id != game.BoardTargetRushWeekly {
		return nil
	}
	weekly := id == game.BoardTargetRushWeekly
	last := "Last week"
	if weekly {
		last = previousTabLabel(v.Board)
	} else if v.Weekly != nil {
		last = previousTabLabel(v.Weekly)
	}
	return []pairTab{
		{"All time", boardURL(game.BoardTargetRush, "current", 1), !weekly, "tab-all-time"},
		{"This week", boardURL(game.BoardTargetRushWeekly, "current", 1), weekly && v.Period == "current", "tab-current"},
		{last, boardURL(game.BoardTargetRushWeekly, "previous", 1), weekly && v.Period == "previous", "tab-previous"},
	}
}
func previousLabel(reset string) string { _, b := periodLabels(reset); return b }

func resetLabel(reset string) string {
	switch reset {
	case game.ResetDaily:
		return "resets daily"
	case game.ResetWeekly:
		return "resets Mondays"
	case game.ResetMonthly:
		return "resets monthly"
	}
	return "all time"
}

func operatorLabel(b *game.Leaderboard) string {
	switch b.Operator {
	case game.OpSet:
		return "latest score"
	case game.OpIncr:
		return "running total"
	}
	if b.Order == game.OrderAsc {
		return "lowest wins"
	}
	return "best score"
}

func rankClass(rank int64, me bool) string {
	c := "lb-row"
	if rank <= 3 {
		c += " lb-podium lb-podium-" + strconv.FormatInt(rank, 10)
	}
	if me {
		c += " me"
	}
	return c
}

// percentClass celebrates only a place near the top.
func percentClass(p float64) string {
	if p <= 10 {
		return "lb-pct lb-pct-top"
	}
	return "lb-pct"
}

func percentText(p float64) string {
	if p >= 10 || p == float64(int64(p)) {
		return fmt.Sprintf("top %d%%", int64(p+0.999))
	}
	return fmt.Sprintf("top %.1f%%", p)
}

func boardURL(id, period string, page int) string {
	u := "/leaderboards/" + id
	sep := "?"
	if period == "previous" {
		u += sep + "period=previous"
		sep = "&"
	}
	if page > 1 {
		u += sep + "page=" + strconv.Itoa(page)
	}
	return u
}

func gameURL(b *game.Leaderboard) string {
	if b.Game == game.GameTargetRush {
		return "/play/target-rush"
	}
	if b.Game == game.ModeConnect4 {
		return "/play/connect4"
	}
	return ""
}

func tabClass(active bool) string {
	if active {
		return "lb-tab active"
	}
	return "lb-tab"
}

func plural(n int64, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func periodPhrase(v BoardView) string {
	if v.Period == "previous" {
		return "for " + lowerFirst(previousLabel(v.Board.Reset))
	}
	if v.Board.Reset == game.ResetNever {
		return "yet"
	}
	return lowerFirst(currentLabel(v.Board.Reset))
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return string(s[0]|0x20) + s[1:]
}

func bestText(s *game.Standing) string {
	if s == nil {
		return "—"
	}
	return thousands(s.Score)
}

// winRate is the share of decided-or-drawn games won, "—" before any.
func winRate(r game.ModeRating) string {
	n := r.Wins + r.Losses + r.Draws
	if n == 0 {
		return "—"
	}
	return strconv.Itoa((200*r.Wins+n)/(2*n)) + "%"
}

// notRankedText says a player has no score in a board's current period.
func notRankedText(reset string) string {
	if reset == game.ResetNever {
		return "not ranked yet"
	}
	return "not ranked " + lowerFirst(currentLabel(reset))
}
