package templates

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/ladder/ladder/internal/game"
)

// Chart geometry in SVG user units; the SVG scales to its box. The plot
// is chartW × chartH, with room on the left for the value axis and below
// for the time axis.
const (
	chartW      = 300.0
	chartH      = 80.0
	chartLeft   = 34.0
	chartTop    = 6.0
	chartRight  = 8.0
	chartBottom = 18.0
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

func (c AdminChart) scale() float64 { return chartH / c.axisMax() }

// axisMax is the top of the value axis: the peak rounded up to 1, 2 or 5
// times a power of ten (at least 1).
func (c AdminChart) axisMax() float64 {
	p := c.Peak()
	if p <= 1 {
		return 1
	}
	mag := math.Pow(10, math.Floor(math.Log10(p)))
	for _, m := range []float64{1, 2, 5, 10} {
		if p <= m*mag {
			return m * mag
		}
	}
	return 10 * mag
}

// chartTick is one axis label of a chart: where it sits, its text, and
// for time labels the instant and the text anchor.
type chartTick struct{ X, Y, Label, Time, Anchor string }

// YTicks are the value axis labels: 0, half way and the top.
func (c AdminChart) YTicks() []chartTick {
	top := c.axisMax()
	out := make([]chartTick, 0, 3)
	for _, v := range []float64{0, top / 2, top} {
		out = append(out, chartTick{Y: f1(chartTop + chartH - v*c.scale()), Label: compact(v)})
	}
	return out
}

// XTicks are the time axis labels every 20 minutes. The text is UTC;
// admin.js rewrites it in the viewer's zone from Time.
func (c AdminChart) XTicks() []chartTick {
	n := len(c.Values)
	if n == 0 {
		return nil
	}
	var out []chartTick
	for i := 0; i < n; i += 20 {
		out = append(out, c.xTick(i))
	}
	if last := n - 1; (last)%20 >= 8 || len(out) == 1 {
		out = append(out, c.xTick(last))
	}
	out[0].Anchor, out[len(out)-1].Anchor = "start", "end"
	return out
}

func (c AdminChart) xTick(i int) chartTick {
	t := c.Start.Add(time.Duration(i) * time.Minute).UTC()
	return chartTick{X: f1(chartLeft + c.xAt(i)), Label: t.Format("15:04"), Time: t.Format(time.RFC3339), Anchor: "middle"}
}

// xAt is the plot x of minute i: the middle of a bar, or a line's point.
func (c AdminChart) xAt(i int) float64 {
	n := len(c.Values)
	if c.Kind == "bars" {
		step := chartW / float64(max(n, 1))
		return float64(i)*step + step/2
	}
	return float64(i) * chartW / float64(max(n-1, 1))
}

type chartPoint struct{ X, T, V string }

// Points are the minutes admin.js reads out under the pointer: x in the
// SVG's coordinates, the minute, and the value ("" when unsampled).
func (c AdminChart) Points() []chartPoint {
	out := make([]chartPoint, len(c.Values))
	for i, v := range c.Values {
		val := strconv.FormatFloat(v, 'f', -1, 64)
		if !c.known(i) {
			val = ""
		}
		out[i] = chartPoint{X: f1(chartLeft + c.xAt(i)), T: c.Start.Add(time.Duration(i) * time.Minute).UTC().Format(time.RFC3339), V: val}
	}
	return out
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
			Value: c.Start.Add(time.Duration(i)*time.Minute).UTC().Format("15:04 UTC") + " · " + compact(v)})
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
		fmt.Fprintf(&b, "%s%s %s ", cmd, f1(float64(i)*step), f1(chartH-v*k))
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
		fmt.Fprintf(&b, "L%s %s ", f1(float64(i)*step), f1(chartH-c.Values[i]*k))
	}
	fmt.Fprintf(&b, "L%s %s Z", f1(float64(n-1)*step), f1(chartH))
	return b.String()
}

func (c AdminChart) viewBox() string {
	return "0 0 " + f1(chartLeft+chartW+chartRight) + " " + f1(chartTop+chartH+chartBottom)
}

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
