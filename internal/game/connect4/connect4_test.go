package connect4

import (
	"encoding/json"
	"errors"
	"math/rand"
	"slices"
	"strings"
	"testing"
)

// drawMoves is a real 42-move game that fills the board without anyone ever
// connecting four (found by a search, verified independently by TestDraw).
var drawMoves = []int{
	5, 5, 2, 1, 3, 0, 0, 0, 5, 1, 6, 1, 0, 5, 0, 6, 6, 3, 1, 5, 3,
	3, 2, 5, 0, 1, 1, 3, 2, 4, 4, 2, 3, 4, 2, 6, 4, 2, 6, 4, 4, 6,
}

// hasFour is a deliberately naive, independent check for four in a row
// anywhere on the board, used to cross-check WinnerAt.
func hasFour(b Board) bool {
	for r := range Rows {
		for c := range Cols {
			p := b[r][c]
			if p == 0 {
				continue
			}
			if c+3 < Cols && b[r][c+1] == p && b[r][c+2] == p && b[r][c+3] == p {
				return true
			}
			if r+3 < Rows && b[r+1][c] == p && b[r+2][c] == p && b[r+3][c] == p {
				return true
			}
			if r+3 < Rows && c+3 < Cols && b[r+1][c+1] == p && b[r+2][c+2] == p && b[r+3][c+3] == p {
				return true
			}
			if r+3 < Rows && c-3 >= 0 && b[r+1][c-1] == p && b[r+2][c-2] == p && b[r+3][c-3] == p {
				return true
			}
		}
	}
	return false
}

// TestReplayWins plays real games (with gravity) that end in a win in
// every direction.
func TestReplayWins(t *testing.T) {
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
			b, st, err := Replay(tc.moves)
			if err != nil {
				t.Fatalf("Replay: %v", err)
			}
			if want := (Status{Outcome: Win, Winner: tc.winner}); st != want {
				t.Fatalf("status = %+v, want %+v\n%s", st, want, boardString(b))
			}
			// The game must not have been won before the last move.
			_, prev, err := Replay(tc.moves[:len(tc.moves)-1])
			if err != nil || prev.Outcome != Playing {
				t.Fatalf("game already decided before last move: %+v, %v", prev, err)
			}
		})
	}
}

// TestConnect4WinnerAt checks hand-placed positions (gravity ignored), in
// particular lines that would only be four if they wrapped around an edge.
func TestWinnerAt(t *testing.T) {
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
				t.Errorf("WinnerAt(%d, %d) = %v, want %v\n%s", tc.check.r, tc.check.c, got, tc.want, boardString(b))
			}
		})
	}
}

// TestRandomGamesAgreeWithNaiveCheck plays random games and checks
// after every move that WinnerAt on the last move agrees with a brute-force
// scan of the whole board.
func TestRandomGamesAgreeWithNaiveCheck(t *testing.T) {
	rng := rand.New(rand.NewSource(4))
	for game := range 2000 {
		var b Board
		for i := 0; !b.Full(); i++ {
			col := rng.Intn(Cols)
			row, err := b.Drop(col, PieceToMove(i))
			if errors.Is(err, ErrColumnFull) {
				continue
			} else if err != nil {
				t.Fatal(err)
			}
			won := b.WinnerAt(row, col)
			if naive := hasFour(b); won != naive {
				t.Fatalf("game %d: WinnerAt(%d, %d) = %v but naive scan = %v\n%s", game, row, col, won, naive, boardString(b))
			}
			if line := b.LineAt(row, col); won != (line != nil) || won && !validLine(b, line, Cell{row, col}) {
				t.Fatalf("game %d: LineAt(%d, %d) = %v, WinnerAt = %v\n%s", game, row, col, line, won, boardString(b))
			}
			if won {
				break
			}
		}
	}
}

// TestLineAt checks the cells reported for a win, in particular which end a
// line starts from and that a longer line is reported whole.
func TestLineAt(t *testing.T) {
	tests := []struct {
		name  string
		moves []int // replayed; the last move is the cell checked
		want  []Cell
	}{
		{"horizontal bottom row", []int{0, 0, 1, 1, 2, 2, 3}, []Cell{{5, 0}, {5, 1}, {5, 2}, {5, 3}}},
		{"horizontal completed in the middle", []int{0, 0, 1, 1, 3, 3, 2}, []Cell{{5, 0}, {5, 1}, {5, 2}, {5, 3}}},
		{"five in a row", []int{0, 0, 1, 1, 3, 3, 4, 4, 2}, []Cell{{5, 0}, {5, 1}, {5, 2}, {5, 3}, {5, 4}}},
		{"vertical", []int{0, 1, 0, 1, 0, 1, 0}, []Cell{{2, 0}, {3, 0}, {4, 0}, {5, 0}}},
		{"diagonal rising to the right", []int{0, 1, 1, 2, 2, 3, 2, 3, 3, 6, 3}, []Cell{{2, 3}, {3, 2}, {4, 1}, {5, 0}}},
		{"diagonal rising to the left", []int{6, 5, 5, 4, 4, 3, 4, 3, 3, 0, 3}, []Cell{{2, 3}, {3, 4}, {4, 5}, {5, 6}}},
		{"diagonal completed in the middle", []int{0, 1, 2, 2, 2, 3, 3, 3, 3, 6, 0, 5, 1}, []Cell{{2, 3}, {3, 2}, {4, 1}, {5, 0}}},
		{"three is no line", []int{0, 0, 1, 1, 2}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b, _, err := Replay(tc.moves)
			if err != nil {
				t.Fatal(err)
			}
			col := tc.moves[len(tc.moves)-1]
			row := 0
			for b[row][col] == 0 {
				row++
			}
			if got := b.LineAt(row, col); !slices.Equal(got, tc.want) {
				t.Errorf("LineAt(%d, %d) = %v, want %v\n%s", row, col, got, tc.want, boardString(b))
			}
		})
	}

	// Horizontal and vertical through the same cell: the horizontal one.
	var b Board
	for _, c := range []Cell{{5, 0}, {5, 1}, {5, 2}, {5, 3}, {4, 3}, {3, 3}, {2, 3}} {
		b[c.Row][c.Col] = 1
	}
	if got, want := b.LineAt(5, 3), []Cell{{5, 0}, {5, 1}, {5, 2}, {5, 3}}; !slices.Equal(got, want) {
		t.Errorf("crossing lines: LineAt(5, 3) = %v, want %v", got, want)
	}
	for _, c := range []Cell{{0, 0}, {6, 0}, {0, -1}} {
		if got := b.LineAt(c.Row, c.Col); got != nil {
			t.Errorf("LineAt(%d, %d) = %v, want nil", c.Row, c.Col, got)
		}
	}
}

// validLine reports whether line is a straight run of at least Connect
// adjacent cells, all holding the same piece, that passes through at.
func validLine(b Board, line []Cell, at Cell) bool {
	if len(line) < Connect || !slices.Contains(line, at) {
		return false
	}
	dr, dc := line[1].Row-line[0].Row, line[1].Col-line[0].Col
	if max(dr, -dr) > 1 || max(dc, -dc) > 1 || dr == 0 && dc == 0 {
		return false
	}
	for i, c := range line {
		if c != (Cell{line[0].Row + i*dr, line[0].Col + i*dc}) || b[c.Row][c.Col] != b[at.Row][at.Col] {
			return false
		}
	}
	return true
}

func TestDraw(t *testing.T) {
	if len(drawMoves) != Rows*Cols {
		t.Fatalf("draw sequence has %d moves, want %d", len(drawMoves), Rows*Cols)
	}
	b, st, err := Replay(drawMoves)
	if err != nil {
		t.Fatalf("Replay: %v", err)
	}
	if st != (Status{Outcome: Draw}) {
		t.Fatalf("status = %+v, want draw", st)
	}
	if !b.Full() || hasFour(b) {
		t.Fatalf("board should be full with no four in a row:\n%s", boardString(b))
	}
	// One move fewer: still playing, not full.
	b, st, err = Replay(drawMoves[:41])
	if err != nil || st.Outcome != Playing || b.Full() {
		t.Fatalf("after 41 moves: status %+v, full %v, err %v", st, b.Full(), err)
	}
}

func TestColumnFull(t *testing.T) {
	var b Board
	for i := range Rows {
		row, err := b.Drop(3, PieceToMove(i)) // alternating, so never a win
		if err != nil || row != Rows-1-i {
			t.Fatalf("drop %d: row %d, err %v; want row %d", i, row, err, Rows-1-i)
		}
	}
	before := b
	if _, err := b.Drop(3, 1); !errors.Is(err, ErrColumnFull) {
		t.Errorf("drop into full column: err = %v, want ErrColumnFull", err)
	}
	if b != before {
		t.Error("failed drop modified the board")
	}

	b, st, err := Replay([]int{3, 3, 3, 3, 3, 3, 3})
	if !errors.Is(err, ErrColumnFull) {
		t.Errorf("Replay: err = %v, want ErrColumnFull", err)
	}
	if b != before || st.Outcome != Playing {
		t.Errorf("Replay should return the position before the bad move, got %+v\n%s", st, boardString(b))
	}
}

func TestColumnOutOfRange(t *testing.T) {
	for _, col := range []int{-1, Cols, 100} {
		var b Board
		if _, err := b.Drop(col, 1); !errors.Is(err, ErrColumnOutOfRange) {
			t.Errorf("Drop(%d): err = %v, want ErrColumnOutOfRange", col, err)
		}
		if b != (Board{}) {
			t.Errorf("Drop(%d) modified the board", col)
		}
		if _, _, err := Replay([]int{3, col}); !errors.Is(err, ErrColumnOutOfRange) {
			t.Errorf("Replay with column %d: err = %v, want ErrColumnOutOfRange", col, err)
		}
	}
}

func TestInvalidPiece(t *testing.T) {
	for _, p := range []int8{0, 3, -1} {
		var b Board
		if _, err := b.Drop(0, p); !errors.Is(err, ErrInvalidPiece) {
			t.Errorf("Drop(0, %d): err = %v, want ErrInvalidPiece", p, err)
		}
	}
}

func TestMovesAfterEndRejected(t *testing.T) {
	won := []int{0, 1, 0, 1, 0, 1, 0} // first player wins vertically
	for _, tc := range []struct {
		name  string
		moves []int
		want  Status
	}{
		{"after a win", append(won, 1), Status{Outcome: Win, Winner: 1}},
		{"after a draw", append(append([]int{}, drawMoves...), 0), Status{Outcome: Draw}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, st, err := Replay(tc.moves)
			if !errors.Is(err, ErrGameOver) {
				t.Errorf("err = %v, want ErrGameOver", err)
			}
			if st != tc.want {
				t.Errorf("status = %+v, want %+v", st, tc.want)
			}
		})
	}
}

func TestEmptyGame(t *testing.T) {
	b, st, err := Replay(nil)
	if err != nil || st != (Status{Outcome: Playing}) || b != (Board{}) {
		t.Errorf("Replay(nil) = %v, %+v, %v; want empty board, playing, nil", b, st, err)
	}
}

func TestGrid(t *testing.T) {
	b, _, err := Replay([]int{3, 4})
	if err != nil {
		t.Fatal(err)
	}
	rows := b.Grid()
	if len(rows) != Rows {
		t.Fatalf("len(rows) = %d, want %d", len(rows), Rows)
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
		t.Error("modifying Grid() result changed the board")
	}
}

func TestOutcomeString(t *testing.T) {
	for o, want := range map[Outcome]string{Playing: "playing", Win: "win", Draw: "draw", 9: "Outcome(9)"} {
		if got := o.String(); got != want {
			t.Errorf("%d.String() = %q, want %q", int(o), got, want)
		}
	}
}

// boardString renders a board for failure messages, top row first.
func boardString(b Board) string {
	var sb strings.Builder
	for _, row := range b {
		for _, cell := range row {
			sb.WriteByte(".XO"[cell])
		}
		sb.WriteByte('\n')
	}
	return sb.String()
}
