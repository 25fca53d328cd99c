package game

import (
	"encoding/json"
	"errors"
	"math/rand"
	"strings"
	"testing"
)

// c4DrawMoves is a real 42-move game that fills the board without anyone ever
// connecting four (found by a search, verified independently by TestConnect4Draw).
var c4DrawMoves = []int{
	5, 5, 2, 1, 3, 0, 0, 0, 5, 1, 6, 1, 0, 5, 0, 6, 6, 3, 1, 5, 3,
	3, 2, 5, 0, 1, 1, 3, 2, 4, 4, 2, 3, 4, 2, 6, 4, 2, 6, 4, 4, 6,
}

// c4HasFour is a deliberately naive, independent check for four in a row
// anywhere on the board, used to cross-check WinnerAt.
func c4HasFour(b Board) bool {
	for r := range C4Rows {
		for c := range C4Cols {
			p := b[r][c]
			if p == 0 {
				continue
			}
			if c+3 < C4Cols && b[r][c+1] == p && b[r][c+2] == p && b[r][c+3] == p {
				return true
			}
			if r+3 < C4Rows && b[r+1][c] == p && b[r+2][c] == p && b[r+3][c] == p {
				return true
			}
			if r+3 < C4Rows && c+3 < C4Cols && b[r+1][c+1] == p && b[r+2][c+2] == p && b[r+3][c+3] == p {
				return true
			}
			if r+3 < C4Rows && c-3 >= 0 && b[r+1][c-1] == p && b[r+2][c-2] == p && b[r+3][c-3] == p {
				return true
			}
		}
	}
	return false
}

// TestConnect4ReplayWins plays real games (with gravity) that end in a win in
// every direction.
func TestConnect4ReplayWins(t *testing.T) {
	tests := []struct {
		name   string
		moves  []int
		winner int8
	}{
		{"horizontal bottom row", []int{0, 0, 1, 1, 2, 2, 3}, 1},
		{"horizontal completed in the middle", []int{0, 0, 1, 1, 3, 3, 2}, 1},
		{"horizontal at right edge", []int{3, 3, 4, 4, 5, 5, 6}, 1},
		{"horizontal by second player", []int{0, 1, 0, 2, 0, 3, 6, 4}, 2},
		{"vertical", []int{0, 1, 0, 1, 0, 1, 0}, 1},
		{"vertical reaching the top row", []int{0, 0, 0, 1, 0, 1, 0, 1, 0}, 1},
		{"diagonal rising to the right", []int{0, 1, 1, 2, 2, 3, 2, 3, 3, 6, 3}, 1},
		{"diagonal rising to the left", []int{6, 5, 5, 4, 4, 3, 4, 3, 3, 0, 3}, 1},
		// The last piece lands at (4,1), the second cell of the diagonal.
		{"diagonal completed in the middle", []int{0, 1, 2, 2, 2, 3, 3, 3, 3, 6, 0, 5, 1}, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b, st, err := ReplayC4(tc.moves)
			if err != nil {
				t.Fatalf("ReplayC4: %v", err)
			}
			if want := (C4Status{Outcome: C4Win, Winner: tc.winner}); st != want {
				t.Fatalf("status = %+v, want %+v\n%s", st, want, c4String(b))
			}
			// The game must not have been won before the last move.
			_, prev, err := ReplayC4(tc.moves[:len(tc.moves)-1])
			if err != nil || prev.Outcome != C4Playing {
				t.Fatalf("game already decided before last move: %+v, %v", prev, err)
			}
		})
	}
}

// TestConnect4WinnerAt checks hand-placed positions (gravity ignored), in
// particular lines that would only be four if they wrapped around an edge.
func TestConnect4WinnerAt(t *testing.T) {
	type cell struct{ r, c int }
	tests := []struct {
		name  string
		ones  []cell // cells holding piece 1
		twos  []cell // cells holding piece 2
		check cell
		want  bool
	}{
		{"horizontal, middle cell", []cell{{5, 0}, {5, 1}, {5, 3}, {5, 2}}, nil, cell{5, 2}, true},
		{"vertical, top cell", []cell{{5, 6}, {4, 6}, {3, 6}, {2, 6}}, nil, cell{2, 6}, true},
		{"diagonal \\ from corner, middle cell", []cell{{0, 0}, {1, 1}, {2, 2}, {3, 3}}, nil, cell{1, 1}, true},
		{"diagonal / at right edge, middle cell", []cell{{5, 3}, {4, 4}, {3, 5}, {2, 6}}, nil, cell{3, 5}, true},
		{"five in a row counts", []cell{{5, 0}, {5, 1}, {5, 3}, {5, 4}, {5, 2}}, nil, cell{5, 2}, true},
		{"second player's four", nil, []cell{{1, 2}, {2, 3}, {3, 4}, {4, 5}}, cell{4, 5}, true},
		{"three horizontal", []cell{{5, 0}, {5, 1}, {5, 2}}, nil, cell{5, 2}, false},
		{"three vertical", []cell{{5, 0}, {4, 0}, {3, 0}}, nil, cell{3, 0}, false},
		{"three diagonal", []cell{{5, 0}, {4, 1}, {3, 2}}, nil, cell{3, 2}, false},
		{"three and a gap", []cell{{5, 0}, {5, 1}, {5, 2}, {5, 4}}, nil, cell{5, 4}, false},
		{"interrupted by opponent", []cell{{5, 0}, {5, 1}, {5, 3}, {5, 4}}, []cell{{5, 2}}, cell{5, 1}, false},
		{"no wrap across right edge", []cell{{0, 5}, {0, 6}, {1, 0}, {1, 1}}, nil, cell{0, 6}, false},
		{"no wrap across left edge", []cell{{0, 5}, {0, 6}, {1, 0}, {1, 1}}, nil, cell{1, 0}, false},
		{"no wrap from bottom to top", []cell{{4, 0}, {5, 0}, {0, 1}, {1, 1}}, nil, cell{5, 0}, false},
		{"no diagonal wrap", []cell{{2, 5}, {3, 6}, {4, 0}, {5, 1}}, nil, cell{3, 6}, false},
		{"empty cell", []cell{{5, 0}, {5, 1}, {5, 2}, {5, 3}}, nil, cell{4, 0}, false},
		{"row out of range", []cell{{5, 0}, {5, 1}, {5, 2}, {5, 3}}, nil, cell{6, 0}, false},
		{"column out of range", []cell{{5, 0}, {5, 1}, {5, 2}, {5, 3}}, nil, cell{5, -1}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var b Board
			for _, p := range tc.ones {
				b[p.r][p.c] = 1
			}
			for _, p := range tc.twos {
				b[p.r][p.c] = 2
			}
			if got := b.WinnerAt(tc.check.r, tc.check.c); got != tc.want {
				t.Errorf("WinnerAt(%d, %d) = %v, want %v\n%s", tc.check.r, tc.check.c, got, tc.want, c4String(b))
			}
		})
	}
}

// TestConnect4RandomGamesAgreeWithNaiveCheck plays random games and checks
// after every move that WinnerAt on the last move agrees with a brute-force
// scan of the whole board.
func TestConnect4RandomGamesAgreeWithNaiveCheck(t *testing.T) {
	rng := rand.New(rand.NewSource(4))
	for game := range 2000 {
		var b Board
		for i := 0; !b.Full(); i++ {
			col := rng.Intn(C4Cols)
			row, err := b.Drop(col, C4PieceToMove(i))
			if errors.Is(err, ErrColumnFull) {
				continue
			} else if err != nil {
				t.Fatal(err)
			}
			won := b.WinnerAt(row, col)
			if naive := c4HasFour(b); won != naive {
				t.Fatalf("game %d: WinnerAt(%d, %d) = %v but naive scan = %v\n%s", game, row, col, won, naive, c4String(b))
			}
			if won {
				break
			}
		}
	}
}

func TestConnect4Draw(t *testing.T) {
	if len(c4DrawMoves) != C4Rows*C4Cols {
		t.Fatalf("draw sequence has %d moves, want %d", len(c4DrawMoves), C4Rows*C4Cols)
	}
	b, st, err := ReplayC4(c4DrawMoves)
	if err != nil {
		t.Fatalf("ReplayC4: %v", err)
	}
	if st != (C4Status{Outcome: C4Draw}) {
		t.Fatalf("status = %+v, want draw", st)
	}
	if !b.Full() || c4HasFour(b) {
		t.Fatalf("board should be full with no four in a row:\n%s", c4String(b))
	}
	// One move fewer: still playing, not full.
	b, st, err = ReplayC4(c4DrawMoves[:41])
	if err != nil || st.Outcome != C4Playing || b.Full() {
		t.Fatalf("after 41 moves: status %+v, full %v, err %v", st, b.Full(), err)
	}
}

func TestConnect4ColumnFull(t *testing.T) {
	var b Board
	for i := range C4Rows {
		row, err := b.Drop(3, C4PieceToMove(i)) // alternating, so never a win
		if err != nil || row != C4Rows-1-i {
			t.Fatalf("drop %d: row %d, err %v; want row %d", i, row, err, C4Rows-1-i)
		}
	}
	before := b
	if _, err := b.Drop(3, 1); !errors.Is(err, ErrColumnFull) {
		t.Errorf("drop into full column: err = %v, want ErrColumnFull", err)
	}
	if b != before {
		t.Error("failed drop modified the board")
	}

	b, st, err := ReplayC4([]int{3, 3, 3, 3, 3, 3, 3})
	if !errors.Is(err, ErrColumnFull) {
		t.Errorf("ReplayC4: err = %v, want ErrColumnFull", err)
	}
	if b != before || st.Outcome != C4Playing {
		t.Errorf("ReplayC4 should return the position before the bad move, got %+v\n%s", st, c4String(b))
	}
}

func TestConnect4ColumnOutOfRange(t *testing.T) {
	for _, col := range []int{-1, C4Cols, 100} {
		var b Board
		if _, err := b.Drop(col, 1); !errors.Is(err, ErrColumnOutOfRange) {
			t.Errorf("Drop(%d): err = %v, want ErrColumnOutOfRange", col, err)
		}
		if b != (Board{}) {
			t.Errorf("Drop(%d) modified the board", col)
		}
		if _, _, err := ReplayC4([]int{3, col}); !errors.Is(err, ErrColumnOutOfRange) {
			t.Errorf("ReplayC4 with column %d: err = %v, want ErrColumnOutOfRange", col, err)
		}
	}
}

func TestConnect4InvalidPiece(t *testing.T) {
	for _, p := range []int8{0, 3, -1} {
		var b Board
		if _, err := b.Drop(0, p); !errors.Is(err, ErrInvalidPiece) {
			t.Errorf("Drop(0, %d): err = %v, want ErrInvalidPiece", p, err)
		}
	}
}

func TestConnect4MovesAfterEndRejected(t *testing.T) {
	won := []int{0, 1, 0, 1, 0, 1, 0} // first player wins vertically
	for _, tc := range []struct {
		name  string
		moves []int
		want  C4Status
	}{
		{"after a win", append(won, 1), C4Status{Outcome: C4Win, Winner: 1}},
		{"after a draw", append(append([]int{}, c4DrawMoves...), 0), C4Status{Outcome: C4Draw}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, st, err := ReplayC4(tc.moves)
			if !errors.Is(err, ErrGameOver) {
				t.Errorf("err = %v, want ErrGameOver", err)
			}
			if st != tc.want {
				t.Errorf("status = %+v, want %+v", st, tc.want)
			}
		})
	}
}

func TestConnect4EmptyGame(t *testing.T) {
	b, st, err := ReplayC4(nil)
	if err != nil || st != (C4Status{Outcome: C4Playing}) || b != (Board{}) {
		t.Errorf("ReplayC4(nil) = %v, %+v, %v; want empty board, playing, nil", b, st, err)
	}
}

func TestConnect4Rows(t *testing.T) {
	b, _, err := ReplayC4([]int{3, 4})
	if err != nil {
		t.Fatal(err)
	}
	rows := b.Rows()
	if len(rows) != C4Rows {
		t.Fatalf("len(rows) = %d, want %d", len(rows), C4Rows)
	}
	data, err := json.Marshal(rows)
	if err != nil {
		t.Fatal(err)
	}
	empty := "[0,0,0,0,0,0,0],"
	want := "[" + strings.Repeat(empty, 5) + "[0,0,0,1,2,0,0]]"
	if string(data) != want {
		t.Errorf("JSON = %s, want %s", data, want)
	}
	rows[5][3] = 2 // the slice is a copy
	if b[5][3] != 1 {
		t.Error("modifying Rows() result changed the board")
	}
}

func TestConnect4OutcomeString(t *testing.T) {
	for o, want := range map[C4Outcome]string{C4Playing: "playing", C4Win: "win", C4Draw: "draw", 9: "C4Outcome(9)"} {
		if got := o.String(); got != want {
			t.Errorf("%d.String() = %q, want %q", int(o), got, want)
		}
	}
}

// c4String renders a board for failure messages, top row first.
func c4String(b Board) string {
	var sb strings.Builder
	for _, row := range b {
		for _, cell := range row {
			sb.WriteByte(".XO"[cell])
		}
		sb.WriteByte('\n')
	}
	return sb.String()
}
