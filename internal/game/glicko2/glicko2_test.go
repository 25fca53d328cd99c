package glicko2

import (
	"math"
	"testing"
)

// TestPaperExample reproduces the worked example in Glickman's
// "Example of the Glicko-2 system".
func TestPaperExample(t *testing.T) {
	player := Rating{Rating: 1500, RD: 200, Volatility: 0.06}
	results := []Result{
		{Opponent: Rating{Rating: 1400, RD: 30, Volatility: 0.06}, Score: 1},
		{Opponent: Rating{Rating: 1550, RD: 100, Volatility: 0.06}, Score: 0},
		{Opponent: Rating{Rating: 1700, RD: 300, Volatility: 0.06}, Score: 0},
	}
	got := Update(player, results, 0.5)

	if math.Abs(got.Rating-1464.06) > 0.01 {
		t.Errorf("rating = %.4f, want 1464.06", got.Rating)
	}
	if math.Abs(got.RD-151.52) > 0.01 {
		t.Errorf("RD = %.4f, want 151.52", got.RD)
	}
	if math.Abs(got.Volatility-0.05999) > 1e-5 {
		t.Errorf("volatility = %.6f, want 0.05999", got.Volatility)
	}
}

func TestNoGamesOnlyRDGrows(t *testing.T) {
	r := Rating{Rating: 1700, RD: 50, Volatility: 0.06}
	got := Update(r, nil, Tau)

	// Step 6: φ' = sqrt(φ² + σ²) on the Glicko-2 scale.
	want := math.Sqrt(math.Pow(50/173.7178, 2)+0.06*0.06) * 173.7178
	if math.Abs(got.RD-want) > 1e-9 {
		t.Errorf("RD = %v, want %v", got.RD, want)
	}
	if got.Rating != r.Rating || got.Volatility != r.Volatility {
		t.Errorf("rating/volatility changed: %+v -> %+v", r, got)
	}

	// A long-inactive player's RD climbs towards, but never past, 350.
	for range 2000 { // ≈1100 idle periods reach the cap at σ = 0.06
		got = Update(got, nil, Tau)
	}
	if got.RD != 350 {
		t.Errorf("RD after long inactivity = %v, want capped at 350", got.RD)
	}
}

func TestNewRating(t *testing.T) {
	if got, want := NewRating(), (Rating{1500, 350, 0.06}); got != want {
		t.Errorf("NewRating() = %+v, want %+v", got, want)
	}
}

func TestRatePairWinnerUpLoserDown(t *testing.T) {
	a := Rating{Rating: 1600, RD: 80, Volatility: 0.06}
	b := Rating{Rating: 1550, RD: 120, Volatility: 0.06}

	for _, tc := range []struct {
		name   string
		scoreA float64
	}{{"a wins", 1}, {"b wins", 0}} {
		t.Run(tc.name, func(t *testing.T) {
			na, nb := RatePair(a, b, tc.scoreA)
			winnerBefore, winnerAfter, loserBefore, loserAfter := a, na, b, nb
			if tc.scoreA == 0 {
				winnerBefore, winnerAfter, loserBefore, loserAfter = b, nb, a, na
			}
			if winnerAfter.Rating <= winnerBefore.Rating {
				t.Errorf("winner rating %v -> %v, want increase", winnerBefore.Rating, winnerAfter.Rating)
			}
			if loserAfter.Rating >= loserBefore.Rating {
				t.Errorf("loser rating %v -> %v, want decrease", loserBefore.Rating, loserAfter.Rating)
			}
			// Playing a game is information: both players become more certain.
			if na.RD >= a.RD || nb.RD >= b.RD {
				t.Errorf("RD should shrink after a game: a %v -> %v, b %v -> %v", a.RD, na.RD, b.RD, nb.RD)
			}
		})
	}
}

func TestRatePairDrawBetweenEquals(t *testing.T) {
	r := Rating{Rating: 1500, RD: 100, Volatility: 0.06}
	na, nb := RatePair(r, r, 0.5)
	if math.Abs(na.Rating-r.Rating) > 1e-9 || math.Abs(nb.Rating-r.Rating) > 1e-9 {
		t.Errorf("draw between equals moved ratings: %v, %v", na.Rating, nb.Rating)
	}
	if na != nb {
		t.Errorf("equal players drew but were rated differently: %+v vs %+v", na, nb)
	}

	// A draw between near-equals should move ratings only a little.
	other := Rating{Rating: 1520, RD: 100, Volatility: 0.06}
	na, nb = RatePair(r, other, 0.5)
	if d := na.Rating - r.Rating; d <= 0 || d > 5 {
		t.Errorf("weaker player's draw moved rating by %v, want small gain", d)
	}
	if d := nb.Rating - other.Rating; d >= 0 || d < -5 {
		t.Errorf("stronger player's draw moved rating by %v, want small loss", d)
	}
}

func TestRatePairSymmetric(t *testing.T) {
	a := Rating{Rating: 1500, RD: 90, Volatility: 0.06}
	b := Rating{Rating: 1500, RD: 90, Volatility: 0.06}
	na, nb := RatePair(a, b, 1)
	if gain, loss := na.Rating-a.Rating, b.Rating-nb.Rating; math.Abs(gain-loss) > 1e-9 {
		t.Errorf("equal players: winner gained %v, loser lost %v", gain, loss)
	}
	if math.Abs(na.RD-nb.RD) > 1e-9 {
		t.Errorf("equal players: RDs differ after game: %v vs %v", na.RD, nb.RD)
	}

	// Swapping the argument order (and the score) must give the same ratings.
	c := Rating{Rating: 1720, RD: 60, Volatility: 0.07}
	d := Rating{Rating: 1480, RD: 200, Volatility: 0.05}
	for _, s := range []float64{0, 0.5, 1} {
		nc1, nd1 := RatePair(c, d, s)
		nd2, nc2 := RatePair(d, c, 1-s)
		if nc1 != nc2 || nd1 != nd2 {
			t.Errorf("score %v: order-dependent result: (%+v, %+v) vs (%+v, %+v)", s, nc1, nd1, nc2, nd2)
		}
	}
}

func TestRatePairExtremeInputs(t *testing.T) {
	low := []Rating{
		{Rating: 0, RD: 350, Volatility: 0.06},
		{Rating: 0, RD: 30, Volatility: 0.06},
		{Rating: 0, RD: 0, Volatility: 0.06},
		{Rating: 0, RD: 1000, Volatility: 2},
	}
	high := []Rating{
		{Rating: 5000, RD: 350, Volatility: 0.06},
		{Rating: 5000, RD: 30, Volatility: 0.06},
		{Rating: 5000, RD: 0, Volatility: 0},
		{Rating: 5000, RD: math.NaN(), Volatility: math.Inf(1)},
	}
	for _, a := range low {
		for _, b := range high {
			for _, s := range []float64{0, 0.5, 1} {
				na, nb := RatePair(a, b, s)
				for _, r := range []Rating{na, nb} {
					if !finite(r.Rating) || !finite(r.RD) || !finite(r.Volatility) {
						t.Fatalf("RatePair(%+v, %+v, %v) produced non-finite %+v", a, b, s, r)
					}
					if r.RD > 350 || r.RD < 0 {
						t.Errorf("RatePair(%+v, %+v, %v): RD %v outside [0, 350]", a, b, s, r.RD)
					}
					if r.Volatility <= 0 {
						t.Errorf("RatePair(%+v, %+v, %v): volatility %v not positive", a, b, s, r.Volatility)
					}
				}
				// The expected result barely moves anyone; an upset moves
				// the underdog up and the favourite down.
				if s == 1 && (na.Rating <= a.Rating || nb.Rating >= b.Rating) {
					t.Errorf("upset did not move ratings the right way: %+v %+v", na, nb)
				}
			}
		}
	}
}

// TestUpdateBadInput checks that corrupt ratings, scores and tau are treated
// as the documented defaults instead of poisoning the result.
func TestUpdateBadInput(t *testing.T) {
	good := Rating{Rating: 1620, RD: 90, Volatility: 0.06}
	opp := Rating{Rating: 1580, RD: 120, Volatility: 0.06}
	nan, inf := math.NaN(), math.Inf(1)
	tests := []struct {
		name      string
		r, opp    Rating
		score     float64
		tau       float64
		wantR     Rating // the same game with the defaults filled in
		wantOpp   Rating
		wantScore float64
	}{
		{"NaN rating", Rating{nan, 90, 0.06}, opp, 1, Tau, Rating{1500, 90, 0.06}, opp, 1},
		{"infinite rating", Rating{-inf, 90, 0.06}, opp, 1, Tau, Rating{1500, 90, 0.06}, opp, 1},
		{"NaN RD", Rating{1620, nan, 0.06}, opp, 1, Tau, Rating{1620, 350, 0.06}, opp, 1},
		{"RD above the ceiling", Rating{1620, 900, 0.06}, opp, 1, Tau, Rating{1620, 350, 0.06}, opp, 1},
		{"negative RD", Rating{1620, -5, 0.06}, opp, 1, Tau, Rating{1620, 0, 0.06}, opp, 1},
		{"zero volatility", Rating{1620, 90, 0}, opp, 1, Tau, Rating{1620, 90, 0.06}, opp, 1},
		{"NaN volatility", Rating{1620, 90, nan}, opp, 1, Tau, Rating{1620, 90, 0.06}, opp, 1},
		{"corrupt opponent", good, Rating{nan, inf, -1}, 0, Tau, good, Rating{1500, 350, 0.06}, 0},
		{"score above 1", good, opp, 2, Tau, good, opp, 1},
		{"score below 0", good, opp, -1, Tau, good, opp, 0},
		{"NaN score is a draw", good, opp, nan, Tau, good, opp, 0.5},
		{"zero tau", good, opp, 1, 0, good, opp, 1},
		{"NaN tau", good, opp, 1, nan, good, opp, 1},
		{"infinite tau", good, opp, 1, inf, good, opp, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Update(tc.r, []Result{{Opponent: tc.opp, Score: tc.score}}, tc.tau)
			want := Update(tc.wantR, []Result{{Opponent: tc.wantOpp, Score: tc.wantScore}}, Tau)
			if got != want || !finite(got.Rating) || !finite(got.RD) || !finite(got.Volatility) {
				t.Errorf("Update = %+v, want %+v", got, want)
			}
		})
	}
}

func finite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }
