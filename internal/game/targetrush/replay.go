package targetrush

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
)

// Click is one click of a round: T ms since the round started, at (X, Y)
// in playfield units.
type Click struct {
	T int `json:"t"`
	X int `json:"x"`
	Y int `json:"y"`
}

// ErrClickFormat is the answer to a click that is not an object of exactly
// three integers t, x and y.
var ErrClickFormat = errors.New(`each hit must be {"t","x","y"} with integer values`)

// UnmarshalJSON reads a click strictly: all three fields, integers only
// (1.5, 1e3 and "12" are refused rather than rounded), nothing else.
func (c *Click) UnmarshalJSON(b []byte) error {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil || m == nil || len(m) != 3 {
		return ErrClickFormat
	}
	for _, f := range []struct {
		name string
		to   *int
	}{{"t", &c.T}, {"x", &c.X}, {"y", &c.Y}} {
		raw, ok := m[f.name]
		if !ok || !isInteger(raw) {
			return ErrClickFormat
		}
		n, err := strconv.Atoi(string(raw))
		if err != nil {
			return ErrClickFormat
		}
		*f.to = n
	}
	return nil
}

// isInteger reports whether a JSON value is a plain integer literal of at
// most 15 digits.
func isInteger(raw []byte) bool {
	raw = bytes.TrimPrefix(raw, []byte("-"))
	if len(raw) == 0 || len(raw) > 15 {
		return false
	}
	for _, ch := range raw {
		if ch < '0' || ch > '9' {
			return false
		}
	}
	return true
}

// ErrTooManyClicks is the answer to a click log longer than MaxClicks.
var ErrTooManyClicks = errors.New("too many clicks for one round")

// Validate checks a click log against a round of roundMs: at most
// MaxClicks clicks, each within the round (0 <= t < roundMs) and the
// playfield, in time order. A log too long wraps ErrTooManyClicks.
func Validate(clicks []Click, roundMs int) error {
	if max := MaxClicks(roundMs); len(clicks) > max {
		return fmt.Errorf("%w: %d, at most %d", ErrTooManyClicks, len(clicks), max)
	}
	prev := 0
	for i, c := range clicks {
		switch {
		case c.T < 0 || c.T >= roundMs:
			return fmt.Errorf("hits[%d]: t %d is outside the round (0 to %d ms)", i, c.T, roundMs-1)
		case c.T < prev:
			return fmt.Errorf("hits[%d]: t %d is before the click ahead of it (%d): clicks go in time order", i, c.T, prev)
		case c.X < 0 || c.X > FieldW || c.Y < 0 || c.Y > FieldH:
			return fmt.Errorf("hits[%d]: (%d, %d) is outside the %d×%d playfield", i, c.X, c.Y, FieldW, FieldH)
		}
		prev = c.T
	}
	return nil
}

// Result is the outcome of a round.
type Result struct {
	Score      int `json:"score"`
	Hits       int `json:"hits"`
	Misses     int `json:"misses"`
	BestStreak int `json:"best_streak"`
}

// Round plays a round click by click. The page drives one live; Replay
// drives one from a log; both take the same steps, so they agree.
type Round struct {
	targets []Target
	gone    []bool // hit or expired
	now     int
	streak  int
	res     Result
}

// NewRound starts a round over targets (in the order they appear).
func NewRound(targets []Target) *Round {
	return &Round{targets: targets, gone: make([]bool, len(targets))}
}

// Advance moves the round's clock to t: targets that expired unhit by
// then are gone and break the streak. Time never goes back.
func (r *Round) Advance(t int) {
	if t < r.now {
		return
	}
	r.now = t
	for i, tg := range r.targets {
		if tg.Born > t {
			break
		}
		if !r.gone[i] && tg.Expires <= t {
			r.gone[i] = true
			r.streak = 0
		}
	}
}

// Click plays a click at t (after Advance(t)) and returns the index of the
// target hit and the points it scored, or -1 and 0 for a miss, which
// breaks the streak. When targets overlap, the newest is hit.
func (r *Round) Click(c Click) (target, points int) {
	r.Advance(c.T)
	for i := len(r.targets) - 1; i >= 0; i-- {
		tg := r.targets[i]
		if r.gone[i] || tg.Born > c.T {
			continue
		}
		// The radius shrinks linearly to 0: at left ms of life ms it is
		// R·left/life. Compare (distance · life)² with ((R·left + Slop·life))²
		// to stay in integers.
		life, left := tg.Expires-tg.Born, tg.Expires-c.T
		dx, dy := c.X-tg.X, c.Y-tg.Y
		reach := tg.R*left + Slop*life
		if (dx*dx+dy*dy)*life*life > reach*reach {
			continue
		}
		halves := min(2+r.streak/ComboEvery, MaxMultHalves)
		// (Base + Speed·left/life) · halves/2, rounded half up.
		num := (BasePoints*life + SpeedPoints*left) * halves
		den := 2 * life
		points = (2*num + den) / (2 * den)
		r.gone[i] = true
		r.streak++
		r.res.Score += points
		r.res.Hits++
		r.res.BestStreak = max(r.res.BestStreak, r.streak)
		return i, points
	}
	r.streak = 0
	r.res.Misses++
	return -1, 0
}

// Result returns the round's outcome so far.
func (r *Round) Result() Result { return r.res }

// Replay plays a (validated) click log over a round's targets.
func Replay(targets []Target, clicks []Click) Result {
	r := NewRound(targets)
	for _, c := range clicks {
		r.Click(c)
	}
	return r.Result()
}
