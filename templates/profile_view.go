package templates

import (
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/ladder/ladder/internal/game"
)

// ProfileHistoryPage is how many matches one page of a profile's history
// holds.
const ProfileHistoryPage = 20

// ProfileHistory is one page of a player's match history.
type ProfileHistory struct {
	Items  []game.HistoryMatch
	Offset int
	Total  int64
}

// Prev and Next are the offsets of the neighbouring pages (-1: none).
func (h ProfileHistory) Prev() int {
	if h.Offset <= 0 {
		return -1
	}
	return max(h.Offset-ProfileHistoryPage, 0)
}

// Next is the offset of the following page, or -1 on the last one.
func (h ProfileHistory) Next() int {
	if int64(h.Offset+ProfileHistoryPage) >= h.Total {
		return -1
	}
	return h.Offset + ProfileHistoryPage
}

func (h ProfileHistory) rangeText() string {
	if h.Total == 0 {
		return ""
	}
	last := min(int64(h.Offset+len(h.Items)), h.Total)
	return fmt.Sprintf("%s–%s of %s", thousands(int64(h.Offset+1)), thousands(last), thousands(h.Total))
}

// RatingChart is a player's rating over their rated matches, drawn
// server-side as an SVG line with the deviation as a band around it.
type RatingChart struct {
	Points []game.RatingPoint
}

// Rating chart size in SVG user units; the SVG scales to its box.
const (
	rcW, rcH = 600.0, 180.0
	rcPadY   = 12.0
)

func (c RatingChart) bounds() (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, p := range c.Points {
		lo = math.Min(lo, float64(p.Rating))
		hi = math.Max(hi, float64(p.Rating))
	}
	// Leave room around a flat line, and round to tidy labels.
	if hi-lo < 100 {
		mid := (hi + lo) / 2
		lo, hi = mid-50, mid+50
	}
	return math.Floor(lo/50) * 50, math.Ceil(hi/50) * 50
}

func (c RatingChart) xy(i int, r float64) (float64, float64) {
	lo, hi := c.bounds()
	x := rcW
	if n := len(c.Points); n > 1 {
		x = float64(i) * rcW / float64(n-1)
	}
	y := rcPadY + (hi-r)*(rcH-2*rcPadY)/(hi-lo)
	return x, math.Max(0, math.Min(rcH, y))
}

func (c RatingChart) viewBox() string { return "0 0 " + f1(rcW) + " " + f1(rcH) }

// LinePath is the rating line.
func (c RatingChart) LinePath() string {
	if len(c.Points) == 0 {
		return ""
	}
	out := ""
	for i, p := range c.Points {
		x, y := c.xy(i, float64(p.Rating))
		cmd := "L"
		if i == 0 {
			cmd = "M"
		}
		out += cmd + f1(x) + " " + f1(y) + " "
	}
	if len(c.Points) == 1 {
		_, y := c.xy(0, float64(c.Points[0].Rating))
		out = "M0 " + f1(y) + " L" + f1(rcW) + " " + f1(y)
	}
	return out
}

// BandPath is the area within one deviation of the rating.
func (c RatingChart) BandPath() string {
	n := len(c.Points)
	if n < 2 {
		return ""
	}
	up, down := "", ""
	for i, p := range c.Points {
		x, y := c.xy(i, float64(p.Rating+p.RD))
		cmd := "L"
		if i == 0 {
			cmd = "M"
		}
		up += cmd + f1(x) + " " + f1(y) + " "
	}
	for i := n - 1; i >= 0; i-- {
		p := c.Points[i]
		x, y := c.xy(i, float64(p.Rating-p.RD))
		down += "L" + f1(x) + " " + f1(y) + " "
	}
	return up + down + "Z"
}

// Ticks are the horizontal guide lines with their ratings.
func (c RatingChart) Ticks() []chartTick {
	lo, hi := c.bounds()
	step := 50.0
	for (hi-lo)/step > 4 {
		step *= 2
	}
	var out []chartTick
	for r := lo; r <= hi; r += step {
		_, y := c.xy(0, r)
		out = append(out, chartTick{Y: f1(y), Label: rating(int(r))})
	}
	return out
}

type chartDot struct {
	X, Y  string
	Title string
}

// Dots mark each match, with its date and rating as a tooltip; a long
// history shows only the line.
func (c RatingChart) Dots() []chartDot {
	if len(c.Points) > 60 {
		return nil
	}
	out := make([]chartDot, 0, len(c.Points))
	for i, p := range c.Points {
		x, y := c.xy(i, float64(p.Rating))
		out = append(out, chartDot{X: f1(x), Y: f1(y),
			Title: p.At.Format("2 Jan 2006") + " · " + rating(p.Rating) + " ± " + strconv.Itoa(p.RD)})
	}
	return out
}

func (c RatingChart) topLabel() string {
	_, hi := c.bounds()
	return rating(int(hi))
}

func (c RatingChart) bottomLabel() string {
	lo, _ := c.bounds()
	return rating(int(lo))
}

func (c RatingChart) first() time.Time { return c.Points[0].At }
func (c RatingChart) last() time.Time  { return c.Points[len(c.Points)-1].At }

func (c RatingChart) summary() string {
	p := c.Points[len(c.Points)-1]
	return fmt.Sprintf("Rating over %s rated %s, now %s", thousands(int64(len(c.Points))),
		plural(int64(len(c.Points)), "match", "matches"), rating(p.Rating))
}

// day formats a date the way the profile shows dates: 3 Mar 2026.
func day(t time.Time) string { return t.UTC().Format("2 Jan 2006") }

// resultLabel names a result from the player's side.
func resultLabel(r string) string {
	switch r {
	case "win":
		return "Win"
	case "loss":
		return "Loss"
	case "draw":
		return "Draw"
	}
	return "Cancelled"
}

func ratingDelta(m game.HistoryMatch) int { return m.RatingAfter - m.RatingBefore }

func historyURL(id string, offset int) string {
	return "/players/" + id + "?offset=" + strconv.Itoa(offset) + "#history"
}
