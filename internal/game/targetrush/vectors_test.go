package targetrush

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"slices"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/vectors.json from the Go rules")

// VectorsFile holds the vectors the Go and the JavaScript rules must both
// reproduce (cmd/app's browser test runs the page's rules against it).
const VectorsFile = "testdata/vectors.json"

// vector is one round: the seed's first PRNG outputs and targets, a click
// log and what it scores.
type vector struct {
	Seed    uint32   `json:"seed"`
	RoundMS int      `json:"round_ms"`
	RNG     []uint32 `json:"rng"`
	Targets []Target `json:"targets"`
	Clicks  []Click  `json:"clicks"`
	Result  Result   `json:"result"`
}

// scriptedClicks plays a round the way a player of uneven skill might:
// most targets hit at varying ages and distances from the centre, some
// left to expire, some clicks just past the edge, stray misses, double
// clicks in the same ms. It only has to be deterministic and varied.
func scriptedClicks(ts []Target, roundMs int) []Click {
	var cs []Click
	for i, tg := range ts {
		life := tg.Expires - tg.Born
		switch {
		case i%9 == 4: // left to expire
			continue
		case i%7 == 5: // a stray miss first
			cs = append(cs, Click{tg.Born + 5, 0, FieldH})
		}
		age := (i * 137) % life
		if i%11 == 3 {
			age = life - 1 // the last ms
		}
		t := tg.Born + age
		left := tg.Expires - t
		// The edge of the shrunken target plus slop, rounded down: on it,
		// one unit past it (a miss), or well inside.
		edge := (tg.R*left + Slop*life) / life
		// Where the target landed picks the kind of click, so every seed
		// plays differently.
		switch (tg.X*7 + tg.Y + i) % 7 {
		case 0:
			cs = append(cs, Click{t, tg.X + edge, tg.Y})
		case 1:
			cs = append(cs, Click{t, tg.X, tg.Y - edge - 1})
		case 2:
			cs = append(cs, Click{t, tg.X - edge/2, tg.Y + edge/2}, Click{t, tg.X - edge/2, tg.Y + edge/2})
		default:
			cs = append(cs, Click{t, tg.X + (tg.Y%11 - 5), tg.Y + (tg.X%9 - 4)})
		}
	}
	slices.SortStableFunc(cs, func(a, b Click) int { return a.T - b.T })
	out := cs[:0]
	for _, c := range cs {
		if c.T < roundMs {
			c.X = min(max(c.X, 0), FieldW)
			c.Y = min(max(c.Y, 0), FieldH)
			out = append(out, c)
		}
	}
	return out
}

// sharpClicks hits every target near its centre, soon after it appears,
// to reach the top multiplier.
func sharpClicks(ts []Target, roundMs int) []Click {
	cs := make([]Click, 0, len(ts))
	for i, tg := range ts {
		cs = append(cs, Click{min(tg.Born+(i*37)%300, roundMs-1), tg.X + i%5, tg.Y - i%3})
	}
	return cs
}

func buildVectors() []vector {
	var vs []vector
	for _, v := range []struct {
		seed  uint32
		round int
		sharp bool
	}{{0, 30_000, false}, {1, 30_000, false}, {0xDEADBEEF, 30_000, false}, {0xFFFFFFFF, 30_000, false},
		{2024, 3000, false}, {123456789, 1000, false}, {77, 30_000, true}} {
		r := rng{s: v.seed}
		out := vector{Seed: v.seed, RoundMS: v.round}
		for range 8 {
			out.RNG = append(out.RNG, r.next())
		}
		out.Targets = Targets(v.seed, v.round)
		out.Clicks = scriptedClicks(out.Targets, v.round)
		if v.sharp {
			out.Clicks = sharpClicks(out.Targets, v.round)
		}
		out.Result = Replay(out.Targets, out.Clicks)
		vs = append(vs, out)
	}
	return vs
}

// TestVectors checks the Go rules against the shared vectors. Run with
// -update after a deliberate change to the rules (and change the page's
// rules to match: the browser test holds them to the same file).
func TestVectors(t *testing.T) {
	want := buildVectors()
	if *update {
		var buf bytes.Buffer
		buf.WriteString("[\n")
		for i, v := range want {
			js, _ := json.Marshal(v)
			buf.Write(js)
			if i < len(want)-1 {
				buf.WriteString(",")
			}
			buf.WriteString("\n")
		}
		buf.WriteString("]\n")
		if err := os.WriteFile(VectorsFile, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	raw, err := os.ReadFile(VectorsFile)
	if err != nil {
		t.Fatal(err)
	}
	var got []vector
	if err := json.Unmarshal(raw, &got); err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("%d vectors on file, %d built", len(got), len(want))
	}
	for i, v := range got {
		r := rng{s: v.Seed}
		for j, x := range v.RNG {
			if y := r.next(); y != x {
				t.Fatalf("seed %d: rng output %d = %d, file says %d", v.Seed, j, y, x)
			}
		}
		if ts := Targets(v.Seed, v.RoundMS); !slices.Equal(ts, v.Targets) {
			t.Errorf("seed %d: targets differ from the file", v.Seed)
		}
		if err := Validate(v.Clicks, v.RoundMS); err != nil {
			t.Errorf("seed %d: file's log is invalid: %v", v.Seed, err)
		}
		if res := Replay(v.Targets, v.Clicks); res != v.Result {
			t.Errorf("seed %d: replay %+v, file says %+v", v.Seed, res, v.Result)
		}
		if !slices.Equal(v.Clicks, want[i].Clicks) || v.Result != want[i].Result {
			t.Errorf("seed %d: the file is stale; rerun with -update", v.Seed)
		}
	}
	// Together the vectors must exercise the rules: misses, expiries, and
	// a streak long enough for the top multiplier.
	var misses, streak, unhit int
	for _, v := range got {
		misses += v.Result.Misses
		streak = max(streak, v.Result.BestStreak)
		unhit += len(v.Targets) - v.Result.Hits
	}
	if misses == 0 || unhit == 0 || streak < 4*ComboEvery+1 {
		t.Errorf("dull vectors: %d misses, %d targets not hit, best streak %d", misses, unhit, streak)
	}
}
