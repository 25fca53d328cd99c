// Package targetrush holds the rules of Target Rush: the seeded generator
// of a round's targets and the replay of a round's click log. It is pure
// (no I/O, no clock), so the server can replay any round exactly.
//
// static/js/target-rush.js implements the same rules bit for bit: the
// generator is a 32-bit integer PRNG and every position, size and time is
// an integer, so Go and JavaScript cannot disagree on rounding.
// testdata/vectors.json pins both implementations to the same answers.
package targetrush

// The playfield is a fixed logical rectangle; the page scales it to the
// canvas. Positions and clicks are in its units.
const (
	FieldW = 1600
	FieldH = 1000
	// HUD is the band along the top kept free of targets: the score, combo
	// and time read-outs cover it.
	HUD = 90
	// Radius is a target's radius at birth; it shrinks to 0 over its life.
	Radius = 85
	// Margin keeps a whole target inside the field.
	Margin = 12
	// Slop is how far outside a target's edge a click still hits it.
	Slop = 9
)

// Timing and scoring, in milliseconds and points.
const (
	// Targets appear on a timer only, never in reply to a hit: the gap
	// between two narrows from FirstGap to MinGap over the round.
	FirstGap = 700
	MinGap   = 350
	// A target's life shortens from LifeStart to LifeEnd over the round.
	LifeStart = 1500
	LifeEnd   = 1000
	// A hit scores BasePoints plus up to SpeedPoints for the share of the
	// target's life still left, times the streak multiplier.
	BasePoints  = 50
	SpeedPoints = 50
	// Every ComboEvery hits in a row add ×0.5 to the multiplier, up to ×3
	// (the multiplier is counted in halves).
	ComboEvery    = 4
	MaxMultHalves = 6
	// MaxHitPoints is the most one hit can score.
	MaxHitPoints = (BasePoints + SpeedPoints) * MaxMultHalves / 2
	// ClicksPerSecond bounds a click log: more is not a human playing.
	ClicksPerSecond = 20
)

// MaxTargets is how many targets a round of roundMs shows at most: they
// are at least MinGap apart, the first at 0.
func MaxTargets(roundMs int) int { return (roundMs-1)/MinGap + 1 }

// MaxScore is the most a round of roundMs can score.
func MaxScore(roundMs int) int { return (roundMs/MinGap + 1) * MaxHitPoints }

// MaxClicks is the longest click log a round of roundMs accepts.
func MaxClicks(roundMs int) int { return roundMs * ClicksPerSecond / 1000 }

// Target is one target of a round, in playfield units and ms since the
// round started. It can be hit from Born until just before Expires.
type Target struct {
	ID      int `json:"id"`
	X       int `json:"x"`
	Y       int `json:"y"`
	R       int `json:"r"`
	Born    int `json:"born"`
	Expires int `json:"expires"`
}

// rng is mulberry32: 32-bit state, 32-bit multiplies, which JavaScript
// reproduces exactly with Math.imul and >>> 0.
type rng struct{ s uint32 }

func (r *rng) next() uint32 {
	r.s += 0x6D2B79F5
	t := r.s
	t = (t ^ t>>15) * (t | 1)
	t ^= t + (t^t>>7)*(t|61)
	return t ^ t>>14
}

// intn returns a number in [0, n). The modulo bias (n is at most a few
// thousand) does not matter for a game.
func (r *rng) intn(n int) int { return int(r.next() % uint32(n)) }

// Targets generates the targets of a round of roundMs from its seed, in
// the order they appear.
func Targets(seed uint32, roundMs int) []Target {
	r := rng{s: seed}
	pad := Radius + Margin
	out := make([]Target, 0, MaxTargets(roundMs))
	for at := 0; at < roundMs; at += FirstGap - (FirstGap-MinGap)*at/roundMs {
		life := LifeStart - (LifeStart-LifeEnd)*at/roundMs
		x := pad + r.intn(FieldW-2*pad+1)
		y := HUD + pad + r.intn(FieldH-HUD-2*pad+1)
		out = append(out, Target{ID: len(out), X: x, Y: y, R: Radius, Born: at, Expires: at + life})
	}
	return out
}
