// Package pairing is the matchmaker's pure pairing step. The queue itself
// (Redis) lives elsewhere; on every tick it snapshots the waiting tickets into
// Candidates, calls Pair, and turns the returned pairs into matches.
package pairing

import (
	"cmp"
	"math"
	"slices"
)

// Rating-window tuning. A fresh ticket only accepts close opponents; the
// window widens linearly while the player waits, trading match quality for
// queue time. With these values an established player (RD ≈ 50–100) accepts
// about ±75–100 at once, about ±400 after one minute, and anyone after
// UnlimitedAfterMs.
const (
	// BaseGap is the rating difference every ticket accepts from the start.
	BaseGap = 50.0
	// RDShare is the fraction of the player's RD added to the window:
	// an uncertain rating says little about who is a fair opponent, so there
	// is no point being picky.
	RDShare = 0.5
	// RDGapCap caps the RD contribution so that brand-new players
	// (RD 350) still start with a reasonably tight window (±150).
	RDGapCap = 100.0
	// WidenPerStep is how much the window grows every WidenStepMs of
	// waiting (applied continuously, i.e. 5 rating points per second).
	WidenPerStep = 25.0
	// WidenStepMs is the waiting time that earns WidenPerStep.
	WidenStepMs = 5000
	// UnlimitedAfterMs is how long a ticket waits before it accepts any
	// opponent at all: a bad match beats an endless queue.
	UnlimitedAfterMs = 3 * 60 * 1000
)

// Candidate is one waiting matchmaking ticket.
type Candidate struct {
	ID       string  // ticket or player ID; Pair itself does not use it
	Rating   float64 // Glicko rating
	RD       float64 // Glicko rating deviation
	WaitedMs int64   // how long the ticket has been queued, in milliseconds
}

// AllowedGap returns the largest rating difference c currently accepts:
//
//	BaseGap + min(RDShare·RD, RDGapCap) + WidenPerStep·WaitedMs/WidenStepMs
//
// and +Inf once c has waited UnlimitedAfterMs. Callers that display the
// window (or encode it as JSON, which cannot represent Inf) should check
// math.IsInf first.
func AllowedGap(c Candidate) float64 {
	if c.WaitedMs >= UnlimitedAfterMs {
		return math.Inf(1)
	}
	waited := max(c.WaitedMs, 0) // clock skew between servers can make it negative
	rd := c.RD
	if math.IsNaN(rd) {
		rd = math.Inf(1) // unknown uncertainty: treat as maximal
	}
	rdShare := min(max(RDShare*rd, 0), RDGapCap)
	return BaseGap + rdShare + WidenPerStep*float64(waited)/WidenStepMs
}

// Pair chooses which candidates to match now and returns their indices into
// cands. Each pair is ordered lower rating first, and pairs come out in the
// order they were chosen (smallest rating gap first). Candidates not
// mentioned stay in the queue for the next tick. cands is not modified.
//
// Algorithm:
//
//  1. Sort the candidates by rating (O(n log n)).
//  2. Form the n−1 edges between neighbours in that order, each weighted by
//     its rating gap, and sort the edges by gap (O(n log n)).
//  3. Walk the edges from the smallest gap up, taking an edge if neither
//     end is already matched and BOTH candidates accept the gap, i.e.
//     gap ≤ min(AllowedGap(a), AllowedGap(b)) (O(n)).
//
// Why neighbours are enough: anyone's closest possible opponent is one of
// their two neighbours in rating order. More generally, for any four ratings
// a ≤ b ≤ c ≤ d, pairing (a,b),(c,d) never has a larger total or maximum gap
// than the crossing pairings (a,c),(b,d) or (a,d),(b,c), so a set of pairs with
// minimal gaps can always be "uncrossed" until partners are adjacent in sorted
// order. Taking the smallest gaps first is the usual greedy on top of that; it
// is not always optimal (it can match b–c and strand a and d when (a,b),(c,d)
// were both acceptable) but it always makes the closest available match,
// which is what players notice, and anyone stranded is reconsidered on the
// next tick with a wider window.
//
// Known trade-off: a non-adjacent pair is never formed, even if acceptable.
// If a fresh, narrow-window candidate sits between two long-waiting ones, the
// outer two wait until the middle one's window grows enough to take one of
// them (its window grows on every tick, so this resolves itself).
//
// The whole step is O(n log n) time and O(n) memory, so it comfortably
// handles a queue of 10,000 tickets per tick.
func Pair(cands []Candidate) [][2]int {
	n := len(cands)
	if n < 2 {
		return nil
	}

	// Sort indices rather than the candidates themselves so we can report
	// positions in the caller's slice. Ties break on index, which keeps the
	// result deterministic for a given input.
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(i, j int) int {
		return cmp.Or(cmp.Compare(cands[i].Rating, cands[j].Rating), cmp.Compare(i, j))
	})

	// Precompute every window once; AllowedGap is cheap but is otherwise
	// evaluated twice per edge.
	allowed := make([]float64, n)
	for i := range cands {
		allowed[i] = AllowedGap(cands[i])
	}

	type edge struct {
		lo, hi int // indices into cands, cands[lo].Rating <= cands[hi].Rating
		gap    float64
	}
	edges := make([]edge, 0, n-1)
	for k := 0; k+1 < n; k++ {
		lo, hi := order[k], order[k+1]
		gap := cands[hi].Rating - cands[lo].Rating
		// Drop edges nobody could accept up front; it also filters NaN gaps.
		if gap <= min(allowed[lo], allowed[hi]) {
			edges = append(edges, edge{lo, hi, gap})
		}
	}
	// Stable sort: equal gaps keep rating order, again for determinism.
	slices.SortStableFunc(edges, func(a, b edge) int { return cmp.Compare(a.gap, b.gap) })

	used := make([]bool, n)
	var pairs [][2]int
	for _, e := range edges {
		if used[e.lo] || used[e.hi] {
			continue
		}
		used[e.lo], used[e.hi] = true, true
		pairs = append(pairs, [2]int{e.lo, e.hi})
	}
	return pairs
}
