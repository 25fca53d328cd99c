package templates

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/ladder/ladder/internal/game"
)

// Chart sizes in SVG user units; the SVG scales to its box.
const (
	chartW = 300.0
	chartH = 64.0
)

// AdminChart is one small chart of the last hour, drawn server-side.
type AdminChart struct {
	Key    string
	Title  string
	Kind   string // "bars" or "line"
	Tone   string // CSS modifier: "primary", "accent", "danger", "warn"
	Values []float64
	Known  []bool // false: no sample that minute (lines skip it)
	Start  time.Time
	Unit   string
}

// Peak is the chart's largest value.
func (c AdminChart) Peak() float64 {
	var m float64
	for i, v := range c.Values {
		if c.known(i) && v > m {
			m = v
		}
	}
	return m
}

// Total is the sum over the hour (for counters).
func (c AdminChart) Total() float64 {
	var s float64
	for _, v := range c.Values {
		s += v
	}
	return s
}

func (c AdminChart) known(i int) bool { return c.Known == nil || c.Known[i] }

func (c AdminChart) scale() float64 {
	if p := c.Peak(); p > 0 {
		return (chartH - 4) / p
	}
	return 0
}

type chartBar struct{ X, Y, W, H, Value string }

// Bars are the rectangles of a bar chart, one per minute.
func (c AdminChart) Bars() []chartBar {
	n := len(c.Values)
	if n == 0 {
		return nil
	}
	step := chartW / float64(n)
	k := c.scale()
	out := make([]chartBar, 0, n)
	for i, v := range c.Values {
		h := v * k
		if v > 0 && h < 2 {
			h = 2
		}
		out = append(out, chartBar{X: f1(float64(i)*step + 0.5), Y: f1(chartH - h), W: f1(step - 1), H: f1(h),
			Value: c.Start.Add(time.Duration(i)*time.Minute).Format("15:04") + " · " + strconv.FormatFloat(v, 'f', -1, 64)})
	}
	return out
}

// LinePath is the SVG path of a line chart; minutes without a sample break
// the line.
func (c AdminChart) LinePath() string {
	n := len(c.Values)
	if n == 0 {
		return ""
	}
	step := chartW / float64(max(n-1, 1))
	k := c.scale()
	var b strings.Builder
	pen := false
	for i, v := range c.Values {
		if !c.known(i) {
			pen = false
			continue
		}
		cmd := "L"
		if !pen {
			cmd = "M"
		}
		fmt.Fprintf(&b, "%s%s %s ", cmd, f1(float64(i)*step), f1(chartH-2-v*k))
		pen = true
	}
	path := strings.TrimSpace(b.String())
	if !strings.Contains(path, "L") && path != "" {
		// A lone sample: a short stub, so it shows as a dot.
		x, y := 0.0, 0.0
		fmt.Sscanf(path, "M%g %g", &x, &y)
		path = fmt.Sprintf("M%s %s L%s %s", f1(max(x-1, 0)), f1(y), f1(x), f1(y))
	}
	return path
}

// AreaPath closes the line down to the axis, for the fill under it (only
// the last unbroken run, which is what matters at a glance).
func (c AdminChart) AreaPath() string {
	n := len(c.Values)
	step := chartW / float64(max(n-1, 1))
	first := n
	for i := n - 1; i >= 0 && c.known(i); i-- {
		first = i
	}
	if first >= n-1 {
		return ""
	}
	k := c.scale()
	var b strings.Builder
	fmt.Fprintf(&b, "M%s %s ", f1(float64(first)*step), f1(chartH))
	for i := first; i < n; i++ {
		fmt.Fprintf(&b, "L%s %s ", f1(float64(i)*step), f1(chartH-2-c.Values[i]*k))
	}
	fmt.Fprintf(&b, "L%s %s Z", f1(float64(n-1)*step), f1(chartH))
	return b.String()
}

func (c AdminChart) viewBox() string { return "0 0 " + f1(chartW) + " " + f1(chartH) }

func (c AdminChart) summary() string {
	if c.Kind == "bars" {
		return compact(c.Total()) + " in the last hour · peak " + compact(c.Peak()) + "/min"
	}
	return "peak " + compact(c.Peak()) + c.Unit + " in the last hour"
}

func f1(f float64) string { return strconv.FormatFloat(f, 'f', 1, 64) }

func compact(f float64) string {
	if f == float64(int64(f)) {
		return thousands(int64(f))
	}
	return strconv.FormatFloat(f, 'f', 1, 64)
}

// ChartsFromHistory turns the stats history into the dashboard's charts.
func ChartsFromHistory(h []game.StatsPoint) []AdminChart {
	if len(h) == 0 {
		return nil
	}
	n := len(h)
	mk := func(key, title, kind, tone, unit string, counter bool, get func(p game.StatsPoint) float64) AdminChart {
		c := AdminChart{Key: key, Title: title, Kind: kind, Tone: tone, Unit: unit, Start: h[0].Minute,
			Values: make([]float64, n)}
		if !counter {
			c.Known = make([]bool, n)
		}
		for i, p := range h {
			c.Values[i] = get(p)
			if !counter {
				c.Known[i] = p.Sampled
			}
		}
		return c
	}
	return []AdminChart{
		mk("submissions", "Score submissions / min", "bars", "primary", "", true, func(p game.StatsPoint) float64 { return float64(p.Submissions) }),
		mk("rejections", "Rate-limit rejections / min", "bars", "danger", "", true, func(p game.StatsPoint) float64 { return float64(p.Rejections) }),
		mk("players_online", "Players online", "line", "accent", "", false, func(p game.StatsPoint) float64 { return float64(p.PlayersOnline) }),
		mk("sockets", "Open sockets", "line", "primary", "", false, func(p game.StatsPoint) float64 { return float64(p.Sockets) }),
		mk("queue_length", "Queue length", "line", "warn", "", false, func(p game.StatsPoint) float64 { return float64(p.QueueLength) }),
		mk("matches_live", "Matches in play", "line", "accent", "", false, func(p game.StatsPoint) float64 { return float64(p.MatchesLive) }),
	}
}
