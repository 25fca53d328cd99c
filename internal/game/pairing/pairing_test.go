package pairing

import (
	"math"
	"math/rand"
	"slices"
	"sort"
	"testing"
)

func TestAllowedGap(t *testing.T) {
	tests := []struct {
		name string
		c    Candidate
		want float64
	}{
		{"fresh, certain rating", Candidate{RD: 0}, 50},
		{"fresh, RD 60", Candidate{RD: 60}, 80},
		{"fresh newcomer: RD share capped", Candidate{RD: 350}, 150},
		{"5 s waited", Candidate{RD: 60, WaitedMs: 5000}, 105},
		{"1 minute, RD 100", Candidate{RD: 100, WaitedMs: 60_000}, 400},
		{"just before unlimited", Candidate{RD: 0, WaitedMs: UnlimitedAfterMs - 5000}, 50 + 35*25},
		{"3 minutes: unlimited", Candidate{RD: 60, WaitedMs: UnlimitedAfterMs}, math.Inf(1)},
		{"negative wait (clock skew)", Candidate{RD: 60, WaitedMs: -10_000}, 80},
		{"negative RD", Candidate{RD: -40}, 50},
		{"NaN RD counts as maximal", Candidate{RD: math.NaN()}, 150},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := AllowedGap(tc.c); got != tc.want {
				t.Errorf("AllowedGap(%+v) = %v, want %v", tc.c, got, tc.want)
			}
		})
	}

	// The window must never shrink while a player waits.
	prev := 0.0
	for ms := int64(0); ms <= UnlimitedAfterMs; ms += 250 {
		g := AllowedGap(Candidate{RD: 200, WaitedMs: ms})
		if g < prev {
			t.Fatalf("window shrank at %d ms: %v < %v", ms, g, prev)
		}
		prev = g
	}
}

// pairRatings returns the paired ratings, each pair sorted and the list
// sorted, so tests can compare without caring about output order.
func pairRatings(cands []Candidate, pairs [][2]int) [][2]float64 {
	var out [][2]float64
	for _, p := range pairs {
		a, b := cands[p[0]].Rating, cands[p[1]].Rating
		out = append(out, [2]float64{min(a, b), max(a, b)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i][0] < out[j][0] })
	return out
}

func TestPairClosestRatingsPaired(t *testing.T) {
	// Deliberately unsorted input; everyone has waited a while so that the
	// cross pairs (1510, 1800) would also be acceptable.
	cands := []Candidate{
		{ID: "a", Rating: 1800, RD: 50, WaitedMs: 60_000},
		{ID: "b", Rating: 1500, RD: 50, WaitedMs: 60_000},
		{ID: "c", Rating: 1805, RD: 50, WaitedMs: 60_000},
		{ID: "d", Rating: 1510, RD: 50, WaitedMs: 60_000},
	}
	got := pairRatings(cands, Pair(cands))
	want := [][2]float64{{1500, 1510}, {1800, 1805}}
	if !slices.Equal(got, want) {
		t.Errorf("pairs = %v, want %v", got, want)
	}
}

func TestPairOutputOrder(t *testing.T) {
	cands := []Candidate{
		{Rating: 1510, RD: 50}, {Rating: 1805, RD: 50}, {Rating: 1500, RD: 50}, {Rating: 1800, RD: 50},
	}
	// Smallest gap first; lower rating first within a pair.
	want := [][2]int{{3, 1}, {2, 0}}
	if got := Pair(cands); !slices.Equal(got, want) {
		t.Errorf("Pair = %v, want %v", got, want)
	}
}

func TestPairFarApartOnlyAfterWaiting(t *testing.T) {
	fresh := []Candidate{
		{ID: "low", Rating: 1200, RD: 80},
		{ID: "high", Rating: 1700, RD: 80},
	}
	if got := Pair(fresh); len(got) != 0 {
		t.Errorf("fresh players 500 apart were paired: %v", got)
	}

	// Both must accept: one patient player is not enough.
	oneWaited := slices.Clone(fresh)
	oneWaited[0].WaitedMs = UnlimitedAfterMs
	if got := Pair(oneWaited); len(got) != 0 {
		t.Errorf("paired although the fresh player does not accept the gap: %v", got)
	}

	// After about a minute and a half each, ±500 is within both windows.
	waited := slices.Clone(fresh)
	waited[0].WaitedMs, waited[1].WaitedMs = 90_000, 90_000
	if got := Pair(waited); !slices.Equal(got, [][2]int{{0, 1}}) {
		t.Errorf("Pair after waiting = %v, want [[0 1]]", got)
	}

	// After three minutes anyone is acceptable.
	extreme := []Candidate{
		{Rating: 100, RD: 30, WaitedMs: UnlimitedAfterMs},
		{Rating: 3000, RD: 30, WaitedMs: UnlimitedAfterMs},
	}
	if got := Pair(extreme); len(got) != 1 {
		t.Errorf("long-waiting players not paired: %v", got)
	}
}

func TestPairSmallInputs(t *testing.T) {
	if got := Pair(nil); got != nil {
		t.Errorf("Pair(nil) = %v", got)
	}
	if got := Pair([]Candidate{{Rating: 1500}}); got != nil {
		t.Errorf("Pair(one) = %v", got)
	}
	// Odd count: the two closest play, the outlier waits.
	got := Pair([]Candidate{{Rating: 1500}, {Rating: 1530}, {Rating: 1520}})
	if !slices.Equal(got, [][2]int{{2, 1}}) {
		t.Errorf("Pair(three) = %v, want [[2 1]]", got)
	}
}

func randomCandidates(rng *rand.Rand, n int) []Candidate {
	cands := make([]Candidate, n)
	for i := range cands {
		cands[i] = Candidate{
			Rating:   800 + rng.Float64()*1600,
			RD:       30 + rng.Float64()*320,
			WaitedMs: rng.Int63n(200_000),
		}
		if rng.Intn(10) == 0 {
			// Exact ties exercise the deterministic tie-breaking.
			cands[i].Rating = 1500
		}
	}
	return cands
}

// TestPairProperties checks invariants over many random queues: indices are
// valid, nobody appears twice, every pair is acceptable to both players, and
// no two unmatched rating-neighbours could have been matched.
func TestPairProperties(t *testing.T) {
	rng := rand.New(rand.NewSource(42))
	for iter := range 500 {
		cands := randomCandidates(rng, rng.Intn(60))
		pairs := Pair(cands)

		seen := make(map[int]bool)
		for _, p := range pairs {
			for _, i := range p {
				if i < 0 || i >= len(cands) {
					t.Fatalf("iter %d: index %d out of range", iter, i)
				}
				if seen[i] {
					t.Fatalf("iter %d: candidate %d appears twice in %v", iter, i, pairs)
				}
				seen[i] = true
			}
			a, b := cands[p[0]], cands[p[1]]
			if a.Rating > b.Rating {
				t.Fatalf("iter %d: pair %v not ordered by rating", iter, p)
			}
			if gap := b.Rating - a.Rating; gap > AllowedGap(a) || gap > AllowedGap(b) {
				t.Fatalf("iter %d: pair %v has gap %v beyond a window (%v, %v)", iter, p, gap, AllowedGap(a), AllowedGap(b))
			}
		}

		// Maximality over neighbours: if two sorted neighbours are both
		// unmatched and accept each other, the greedy should have taken them.
		order := make([]int, len(cands))
		for i := range order {
			order[i] = i
		}
		sort.SliceStable(order, func(i, j int) bool { return cands[order[i]].Rating < cands[order[j]].Rating })
		for k := 0; k+1 < len(order); k++ {
			a, b := order[k], order[k+1]
			gap := cands[b].Rating - cands[a].Rating
			if !seen[a] && !seen[b] && gap <= min(AllowedGap(cands[a]), AllowedGap(cands[b])) {
				t.Fatalf("iter %d: acceptable neighbours %d and %d left unmatched", iter, a, b)
			}
		}

		// Deterministic: the same input gives the same output.
		if again := Pair(cands); !slices.Equal(again, pairs) {
			t.Fatalf("iter %d: non-deterministic result", iter)
		}
	}
}

func BenchmarkPair10000(b *testing.B) {
	cands := randomCandidates(rand.New(rand.NewSource(1)), 10_000)
	b.ReportAllocs()
	for b.Loop() {
		Pair(cands)
	}
}
