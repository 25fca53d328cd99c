package targetrush

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

func TestLimits(t *testing.T) {
	if got := MaxScore(30_000); got != 25_800 {
		t.Errorf("30 s cap = %d, want 86 targets × 300", got)
	}
	if MaxHitPoints != 300 {
		t.Errorf("max hit points = %d", MaxHitPoints)
	}
	if got := MaxClicks(30_000); got != 600 {
		t.Errorf("30 s click cap = %d", got)
	}
	for _, ms := range []int{1, 349, 350, 351, 3000, 30_000} {
		n := len(Targets(7, ms))
		if n > MaxTargets(ms) || n*MaxHitPoints > MaxScore(ms) {
			t.Errorf("%d ms: %d targets, bound %d", ms, n, MaxTargets(ms))
		}
	}
}

// TestTargetsFollowTheSchedule checks the generator against the rules it
// implements: on a timer narrowing from 700 to 350 ms, lives from 1.5 to
// 1 s, inside the field below the HUD band.
func TestTargetsFollowTheSchedule(t *testing.T) {
	const round = 30_000
	ts := Targets(42, round)
	if len(ts) < 50 || len(ts) > MaxTargets(round) {
		t.Fatalf("%d targets", len(ts))
	}
	if ts[0].Born != 0 || ts[0].Expires != LifeStart || ts[1].Born != FirstGap {
		t.Errorf("first targets %+v %+v", ts[0], ts[1])
	}
	pad := Radius + Margin
	seen := map[[2]int]bool{}
	for i, tg := range ts {
		if tg.ID != i || tg.R != Radius {
			t.Errorf("target %d: %+v", i, tg)
		}
		if tg.X < pad || tg.X > FieldW-pad || tg.Y < HUD+pad || tg.Y > FieldH-pad {
			t.Errorf("target %d off the field: %+v", i, tg)
		}
		if want := LifeStart - (LifeStart-LifeEnd)*tg.Born/round; tg.Expires-tg.Born != want {
			t.Errorf("target %d lives %d ms, want %d", i, tg.Expires-tg.Born, want)
		}
		if i > 0 {
			gap := tg.Born - ts[i-1].Born
			if want := FirstGap - (FirstGap-MinGap)*ts[i-1].Born/round; gap != want || gap < MinGap {
				t.Errorf("gap before %d = %d, want %d", i, gap, want)
			}
		}
		seen[[2]int{tg.X, tg.Y}] = true
	}
	if len(seen) < len(ts)-2 {
		t.Errorf("only %d distinct places for %d targets", len(seen), len(ts))
	}
	last := ts[len(ts)-1]
	if last.Born >= round || last.Born+MinGap < round-FirstGap {
		t.Errorf("last target born at %d", last.Born)
	}
	if other := Targets(43, round); other[0] == ts[0] && other[1] == ts[1] {
		t.Error("seeds 42 and 43 give the same targets")
	}
	again := Targets(42, round)
	for i := range ts {
		if again[i] != ts[i] {
			t.Fatalf("not deterministic at %d", i)
		}
	}
}

// one is a single target at (500, 500), alive from 0 to 1000 ms.
func one() []Target { return []Target{{X: 500, Y: 500, R: 80, Born: 0, Expires: 1000}} }

func TestPoints(t *testing.T) {
	for _, c := range []struct {
		name  string
		click Click
		want  int
	}{
		{"at birth, dead centre", Click{0, 500, 500}, 100},
		{"half its life left", Click{500, 500, 500}, 75},
		{"1 ms left", Click{999, 500, 500}, 50},                      // 50.05
		{"rounded half up", Click{990, 500, 500}, 51},                // 50.5
		{"on the shrunken edge plus slop", Click{500, 549, 500}, 75}, // 40 + 9
		{"diagonal inside", Click{0, 560, 560}, 100},                 // 84.9 ≤ 89
	} {
		r := NewRound(one())
		if i, pts := r.Click(c.click); i != 0 || pts != c.want {
			t.Errorf("%s: target %d, %d points, want %d", c.name, i, pts, c.want)
		}
	}
	for _, c := range []struct {
		name  string
		click Click
	}{
		{"one unit past the edge", Click{500, 550, 500}},
		{"diagonal outside", Click{0, 564, 564}}, // 90.5 > 89
		{"at expiry", Click{1000, 500, 500}},
	} {
		r := NewRound(one())
		if i, _ := r.Click(c.click); i != -1 || r.Result().Misses != 1 {
			t.Errorf("%s: hit %d", c.name, i)
		}
	}
	if i, _ := NewRound([]Target{{X: 500, Y: 500, R: 80, Born: 100, Expires: 1100}}).Click(Click{99, 500, 500}); i != -1 {
		t.Error("a click before the target appears hit it")
	}
}

// row is n targets far apart, each alive for a second from i·100 ms.
func row(n int) []Target {
	ts := make([]Target, n)
	for i := range ts {
		ts[i] = Target{ID: i, X: 100 + 100*(i%14), Y: 200 + 100*(i/14), R: 40, Born: 100 * i, Expires: 100*i + 1000}
	}
	return ts
}

func TestStreakMultiplier(t *testing.T) {
	r := NewRound(row(20))
	var got []int
	for i := range 20 {
		tg := r.targets[i]
		_, pts := r.Click(Click{tg.Born, tg.X, tg.Y})
		got = append(got, pts)
	}
	// ×1 for hits 1-4, ×1.5 for 5-8, ×2, ×2.5, then ×3 from the 17th on.
	want := []int{100, 100, 100, 100, 150, 150, 150, 150, 200, 200, 200, 200, 250, 250, 250, 250, 300, 300, 300, 300}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("points %v, want %v", got, want)
		}
	}
	if res := r.Result(); res.Score != 4*(100+150+200+250+300) || res.Hits != 20 || res.BestStreak != 20 {
		t.Errorf("result %+v", res)
	}
	// A ×1.5 hit at half life: (50 + 25) · 1.5 = 112.5 → 113.
	r = NewRound(row(5))
	for i := range 4 {
		r.Click(Click{r.targets[i].Born, r.targets[i].X, r.targets[i].Y})
	}
	if _, pts := r.Click(Click{r.targets[4].Born + 500, r.targets[4].X, r.targets[4].Y}); pts != 113 {
		t.Errorf("half-life combo hit = %d, want 113", pts)
	}
}

func TestStreakBreaks(t *testing.T) {
	hit := func(r *Round, i, at int) int {
		_, pts := r.Click(Click{at, r.targets[i].X, r.targets[i].Y})
		return pts
	}
	// A miss resets the multiplier.
	r := NewRound(row(10))
	for i := range 4 {
		hit(r, i, r.targets[i].Born)
	}
	r.Click(Click{400, 1599, 999})
	if pts := hit(r, 4, 400); pts != 100 || r.Result().Misses != 1 || r.Result().BestStreak != 4 {
		t.Errorf("after a miss: %d points, %+v", pts, r.Result())
	}
	// A target left to expire resets it too, before a click at that time.
	r = NewRound(row(10))
	for i := 1; i <= 4; i++ {
		hit(r, i, r.targets[i].Born)
	}
	if pts := hit(r, 5, 1000); pts != 75 { // target 0 expired at 1000
		t.Errorf("after an expiry: %d points, want ×1", pts)
	}
	// Overlapping targets: the newest is hit.
	ts := []Target{{X: 500, Y: 500, R: 80, Born: 0, Expires: 1000}, {X: 520, Y: 500, R: 80, Born: 100, Expires: 1100}}
	if i, _ := NewRound(ts).Click(Click{200, 510, 500}); i != 1 {
		t.Errorf("overlap hit target %d, want the newer", i)
	}
	// A target is hit once.
	r = NewRound(one())
	r.Click(Click{0, 500, 500})
	if i, _ := r.Click(Click{0, 500, 500}); i != -1 {
		t.Error("a target was hit twice")
	}
	if res := Replay(Targets(9, 3000), nil); res != (Result{}) {
		t.Errorf("empty log scores %+v", res)
	}
}

func TestValidate(t *testing.T) {
	ok := []Click{{0, 0, 0}, {0, FieldW, FieldH}, {2999, 800, 500}}
	if err := Validate(ok, 3000); err != nil {
		t.Errorf("good log: %v", err)
	}
	if err := Validate(nil, 3000); err != nil {
		t.Errorf("empty log: %v", err)
	}
	for _, c := range []struct {
		name string
		log  []Click
		want string
	}{
		{"negative t", []Click{{-1, 5, 5}}, "outside the round"},
		{"t at the end", []Click{{3000, 5, 5}}, "outside the round"},
		{"out of order", []Click{{10, 5, 5}, {9, 5, 5}}, "time order"},
		{"x off", []Click{{1, FieldW + 1, 5}}, "outside the 1600×1000 playfield"},
		{"y off", []Click{{1, 5, -1}}, "playfield"},
	} {
		if err := Validate(c.log, 3000); err == nil || !strings.Contains(err.Error(), c.want) || errors.Is(err, ErrTooManyClicks) {
			t.Errorf("%s: %v", c.name, err)
		}
	}
	if err := Validate(make([]Click, MaxClicks(3000)+1), 3000); !errors.Is(err, ErrTooManyClicks) {
		t.Errorf("too long: %v", err)
	}
	if err := Validate(make([]Click, MaxClicks(3000)), 3000); err != nil {
		t.Errorf("at the cap: %v", err)
	}
}

func TestClickJSON(t *testing.T) {
	var cs []Click
	if err := json.Unmarshal([]byte(`[{"t":12,"x":-3,"y":40},{"y":1,"x":2,"t":3}]`), &cs); err != nil || cs[0] != (Click{12, -3, 40}) || cs[1] != (Click{3, 2, 1}) {
		t.Fatalf("%v %v", cs, err)
	}
	for _, bad := range []string{
		`[{"t":1.5,"x":1,"y":1}]`, `[{"t":1e3,"x":1,"y":1}]`, `[{"t":"1","x":1,"y":1}]`,
		`[{"t":1,"x":1}]`, `[{"t":1,"x":1,"y":1,"z":1}]`, `[null]`, `[[1,2,3]]`, `[{"t":1234567890123456,"x":1,"y":1}]`,
	} {
		if err := json.Unmarshal([]byte(bad), &cs); !errors.Is(err, ErrClickFormat) {
			t.Errorf("%s: %v", bad, err)
		}
	}
	js, _ := json.Marshal(Click{1, 2, 3})
	if string(js) != `{"t":1,"x":2,"y":3}` {
		t.Errorf("marshal %s", js)
	}
}
