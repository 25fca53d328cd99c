// Package glicko2 is the Glicko-2 rating system, following Mark Glickman's
// paper "Example of the Glicko-2 system"
// (http://www.glicko.net/glicko/glicko2.pdf). The step numbers in the
// comments below refer to that paper so the code can be checked against it
// line by line.
//
// Everything here is pure and deterministic: the caller loads ratings, calls
// Update or RatePair, and stores the results.
package glicko2

import "math"

// Tau is the system constant τ, which limits how fast volatility can
// change. Glickman suggests 0.3–1.2; 0.5 is the value used in his worked
// example and a sensible middle ground for a casual ladder.
const Tau = 0.5

const (
	// scale converts between the public Glicko scale and the internal
	// Glicko-2 scale (step 2): μ = (r − 1500) / 173.7178.
	scale = 173.7178
	// baseRating, maxRD and baseVolatility are the defaults
	// for an unrated player. maxRD doubles as the RD ceiling: no amount
	// of inactivity should make a player less certain than a newcomer.
	baseRating     = 1500.0
	maxRD          = 350.0
	baseVolatility = 0.06
	// epsilon is the convergence tolerance of the volatility iteration
	// (step 5), the value the paper suggests.
	epsilon = 1e-6
	// maxIter bounds every iterative loop. The Illinois method converges
	// in a handful of iterations; the cap only guards against pathological
	// floating-point input turning a request into an infinite loop.
	maxIter = 100
	// minExpected keeps the expected score E strictly inside (0, 1).
	// For absurd rating gaps E rounds to exactly 0 or 1, which would make the
	// estimated variance v infinite and the update NaN.
	minExpected = 1e-12
)

// Rating is a player's Glicko-2 rating on the public (Glicko-1) scale.
type Rating struct {
	Rating     float64 // the rating itself, 1500 for a new player
	RD         float64 // rating deviation: the uncertainty of Rating
	Volatility float64 // σ: the expected fluctuation of the player's strength
}

// NewRating returns the rating of a player who has never played:
// 1500 ± 350 with volatility 0.06, as recommended by Glickman.
func NewRating() Rating {
	return Rating{Rating: baseRating, RD: maxRD, Volatility: baseVolatility}
}

// Result is one game played within a rating period, from the point of
// view of the player being rated.
type Result struct {
	Opponent Rating  // the opponent's rating before the period
	Score    float64 // 1 for a win, 0.5 for a draw, 0 for a loss
}

// Update returns r after one rating period in which the player played
// results (all against opponents' pre-period ratings). tau is the system
// constant; pass Tau unless you have a reason not to.
//
// With no results only the RD grows, per step 6 of the paper: the player's
// strength is unchanged but we have become less sure of it. The returned RD
// never exceeds 350. Non-finite or out-of-range inputs are replaced by the
// new-player defaults so that a single corrupt record cannot poison ratings
// with NaN.
func Update(r Rating, results []Result, tau float64) Rating {
	r = sanitize(r)
	if !(tau > 0) || math.IsInf(tau, 0) {
		tau = Tau
	}

	// Step 2: convert to the Glicko-2 scale.
	mu := (r.Rating - baseRating) / scale
	phi := r.RD / scale
	sigma := r.Volatility

	if len(results) == 0 {
		// Step 6 only: φ* = sqrt(φ² + σ²); rating and volatility unchanged.
		r.RD = math.Min(math.Hypot(phi, sigma)*scale, maxRD)
		return r
	}

	// Steps 3 and 4: the estimated variance v of the rating based only on
	// game outcomes, and the estimated improvement Δ = v·Σ g(φj)(sj − Ej).
	var invV, sum float64
	for _, res := range results {
		opp := sanitize(res.Opponent)
		muJ := (opp.Rating - baseRating) / scale
		g := weight(opp.RD / scale)
		e := expected(mu, muJ, g)
		invV += g * g * e * (1 - e)
		sum += g * (clampScore(res.Score) - e)
	}
	v := 1 / invV
	delta := v * sum

	// Step 5: the new volatility.
	sigmaNew := volatility(phi, sigma, v, delta, tau)

	// Step 6: pre-rating-period deviation, capped so that μ cannot swing
	// further than it would for a brand-new player.
	phiStar := math.Min(math.Hypot(phi, sigmaNew), maxRD/scale)

	// Step 7: new deviation and rating.
	phiNew := 1 / math.Sqrt(1/(phiStar*phiStar)+invV)
	muNew := mu + phiNew*phiNew*sum

	// Step 8: back to the public scale.
	return Rating{
		Rating:     muNew*scale + baseRating,
		RD:         math.Min(phiNew*scale, maxRD),
		Volatility: sigmaNew,
	}
}

// RatePair rates a single 1v1 game as its own rating period for each player.
// scoreA is a's result (1 win, 0.5 draw, 0 loss); b scores 1 − scoreA. Both new
// ratings are computed from the pre-match ratings, so argument order does not
// bias the outcome.
func RatePair(a, b Rating, scoreA float64) (Rating, Rating) {
	scoreA = clampScore(scoreA)
	newA := Update(a, []Result{{Opponent: b, Score: scoreA}}, Tau)
	newB := Update(b, []Result{{Opponent: a, Score: 1 - scoreA}}, Tau)
	return newA, newB
}

// weight is g(φ) from step 3: it discounts a game's weight by the
// opponent's uncertainty.
func weight(phi float64) float64 {
	return 1 / math.Sqrt(1+3*phi*phi/(math.Pi*math.Pi))
}

// expected is E(μ, μj, φj) from step 3: the expected score against the
// opponent, kept strictly inside (0, 1) (see minExpected).
func expected(mu, muJ, g float64) float64 {
	e := 1 / (1 + math.Exp(-g*(mu-muJ)))
	return math.Min(math.Max(e, minExpected), 1-minExpected)
}

// volatility solves step 5 of the paper for σ' with the Illinois
// algorithm (a regula falsi variant that halves the stale end's function
// value so it cannot stall on one side of the root).
func volatility(phi, sigma, v, delta, tau float64) float64 {
	a := math.Log(sigma * sigma)
	phi2, delta2 := phi*phi, delta*delta
	f := func(x float64) float64 {
		ex := math.Exp(x)
		d := phi2 + v + ex
		return ex*(delta2-phi2-v-ex)/(2*d*d) - (x-a)/(tau*tau)
	}

	// Step 5.2: bracket the root between A and B.
	bigA := a
	var bigB float64
	if delta2 > phi2+v {
		bigB = math.Log(delta2 - phi2 - v)
	} else {
		k := 1.0
		for f(a-k*tau) < 0 && k < maxIter {
			k++
		}
		bigB = a - k*tau
	}

	// Steps 5.3–5.4: Illinois iteration until the bracket is within ε.
	fA, fB := f(bigA), f(bigB)
	for i := 0; math.Abs(bigB-bigA) > epsilon && i < maxIter; i++ {
		if fB == fA {
			break // flat secant: no further progress possible
		}
		bigC := bigA + (bigA-bigB)*fA/(fB-fA)
		fC := f(bigC)
		if fC*fB <= 0 {
			bigA, fA = bigB, fB
		} else {
			fA /= 2
		}
		bigB, fB = bigC, fC
	}

	// Step 5.5.
	s := math.Exp(bigA / 2)
	if math.IsNaN(s) || math.IsInf(s, 0) || s <= 0 {
		// Only reachable with degenerate floating-point input; keeping the old
		// volatility is the conservative choice.
		return sigma
	}
	return s
}

// sanitize replaces values that would make the maths produce NaN or Inf
// with new-player defaults, and clamps RD into (0, 350].
func sanitize(r Rating) Rating {
	def := NewRating()
	if math.IsNaN(r.Rating) || math.IsInf(r.Rating, 0) {
		r.Rating = def.Rating
	}
	if math.IsNaN(r.RD) || r.RD > maxRD {
		r.RD = maxRD
	}
	if r.RD < 0 {
		r.RD = 0
	}
	if math.IsNaN(r.Volatility) || math.IsInf(r.Volatility, 0) || r.Volatility <= 0 {
		r.Volatility = def.Volatility
	}
	return r
}

// clampScore keeps a game score in [0, 1]; anything else is a caller bug, and
// a score outside that range would let one game move a rating arbitrarily.
func clampScore(s float64) float64 {
	if math.IsNaN(s) {
		return 0.5
	}
	return math.Min(math.Max(s, 0), 1)
}
