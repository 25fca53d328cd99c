package templates

import (
	"strconv"

	"github.com/ladder/ladder/internal/game"
)

// LiveView is the list of matches in play, as the live page and the home
// page show it.
type LiveView struct {
	Matches []game.LiveMatch
	Total   int64
	// Limit is how many the list shows (the rest are on the live page).
	Limit int
}

// HomeView is what the home page shows live: matches in play and the
// built-in boards' podiums.
type HomeView struct {
	Live   LiveView
	Boards []BoardCard
}

// shown is the first Limit matches of v.
func (v LiveView) shown() []game.LiveMatch {
	if v.Limit > 0 && len(v.Matches) > v.Limit {
		return v.Matches[:v.Limit]
	}
	return v.Matches
}

func itoa(n int) string { return strconv.Itoa(n) }

// watchersText is "3 watching" / "no one watching yet".
func watchersText(n int) string {
	if n == 0 {
		return "no one watching yet"
	}
	return itoa(n) + " watching"
}

// movesText is "12 moves" / "1 move" / "no moves yet".
func movesText(n int) string {
	switch n {
	case 0:
		return "no moves yet"
	case 1:
		return "1 move"
	}
	return itoa(n) + " moves"
}

// liveTotalText is "3 matches being played" and the like; with none the
// count is hidden and the empty note speaks instead.
func liveTotalText(n int64) string {
	switch n {
	case 0:
		return ""
	case 1:
		return "1 match being played"
	}
	return thousands(n) + " matches being played"
}
