// Package connect4 holds the server-authoritative Connect Four rules. The
// server never trusts a client's idea of the board: it stores the move list
// and rebuilds the position with Replay, so the only thing a client can send
// is a column number.
package connect4

import (
	"errors"
	"fmt"
)

// Rows and Cols are the board dimensions of standard Connect Four.
const Rows, Cols = 6, 7

// Connect is how many pieces in a line win.
const Connect = 4

// Sentinel errors returned by Drop and Replay. They are plain values so the
// HTTP/WebSocket layer can map them to user-facing messages with errors.Is.
var (
	// ErrColumnOutOfRange means the column is not in [0, Cols).
	ErrColumnOutOfRange = errors.New("connect4: column out of range")
	// ErrColumnFull means the column already holds Rows pieces.
	ErrColumnFull = errors.New("connect4: column is full")
	// ErrInvalidPiece means Drop was asked to place something other than 1 or 2.
	ErrInvalidPiece = errors.New("connect4: piece must be 1 or 2")
	// ErrGameOver means a move was made after the game was already won or drawn.
	ErrGameOver = errors.New("connect4: game is already over")
)

// Board is a Connect Four position. Row 0 is the TOP row and row Rows-1 the
// bottom, matching how the board is drawn, so pieces "fall" towards higher row
// indices. Cells hold 0 (empty), 1 (first player) or 2 (second player).
//
// Board is a small value type (42 bytes): copying it is cheap and gives
// callers snapshots for free.
type Board [Rows][Cols]int8

// Drop lets piece fall into col and returns the row it lands in.
// It returns ErrColumnOutOfRange, ErrColumnFull or ErrInvalidPiece and leaves
// the board unchanged if the move is illegal.
func (b *Board) Drop(col int, piece int8) (row int, err error) {
	if col < 0 || col >= Cols {
		return -1, ErrColumnOutOfRange
	}
	if piece != 1 && piece != 2 {
		return -1, ErrInvalidPiece
	}
	// Scan from the bottom up for the first empty cell.
	for row = Rows - 1; row >= 0; row-- {
		if b[row][col] == 0 {
			b[row][col] = piece
			return row, nil
		}
	}
	return -1, ErrColumnFull
}

// directions are the four line orientations through a cell; each is walked
// both forwards and backwards, so the opposite directions are not listed.
var directions = [4][2]int{
	{0, 1},  // horizontal
	{1, 0},  // vertical
	{1, 1},  // diagonal "\" (down-right)
	{1, -1}, // diagonal "/" (down-left)
}

// WinnerAt reports whether the piece at (row, col) is part of a line of four
// or more of the same piece, horizontally, vertically or diagonally. Call it
// with the cell just filled by Drop: only lines through the last move can be
// new, so checking that one cell is enough. Empty or out-of-range cells are
// never winners.
func (b Board) WinnerAt(row, col int) bool {
	return b.LineAt(row, col) != nil
}

// Cell is one square of the board: Row 0 is the top row, Col 0 the left column.
type Cell struct {
	Row, Col int
}

// LineAt returns the cells of the line of four or more through (row, col),
// from one end to the other, or nil if WinnerAt would report false. A move
// that completes several lines at once yields the first of horizontal,
// vertical, "\" and "/"; one is enough to show why the game was won.
func (b Board) LineAt(row, col int) []Cell {
	if !inBounds(row, col) {
		return nil
	}
	piece := b[row][col]
	if piece == 0 {
		return nil
	}
	for _, d := range directions {
		// Count the run through (row, col) in both directions, so a four
		// completed in the middle (e.g. cols 0,1,3 then 2) is found too.
		back := b.run(row, col, -d[0], -d[1], piece)
		n := 1 + back + b.run(row, col, d[0], d[1], piece)
		if n < Connect {
			continue
		}
		line := make([]Cell, n)
		for i := range line {
			k := i - back
			line[i] = Cell{Row: row + k*d[0], Col: col + k*d[1]}
		}
		return line
	}
	return nil
}

// run counts consecutive cells holding piece starting next to (row, col) and
// stepping by (dr, dc), stopping at the board edge so lines never wrap.
func (b Board) run(row, col, dr, dc int, piece int8) int {
	n := 0
	for r, c := row+dr, col+dc; inBounds(r, c) && b[r][c] == piece; r, c = r+dr, c+dc {
		n++
	}
	return n
}

func inBounds(row, col int) bool {
	return row >= 0 && row < Rows && col >= 0 && col < Cols
}

// Full reports whether no more pieces can be dropped. Pieces stack from the
// bottom, so the board is full exactly when the top row is.
func (b Board) Full() bool {
	for _, cell := range b[0] {
		if cell == 0 {
			return false
		}
	}
	return true
}

// Grid returns the board in its JSON form: Rows rows (top first) of Cols
// ints. A fresh slice is returned, so callers may keep or modify it.
func (b Board) Grid() [][]int {
	rows := make([][]int, Rows)
	for r := range b {
		rows[r] = make([]int, Cols)
		for c, cell := range b[r] {
			rows[r][c] = int(cell)
		}
	}
	return rows
}

// Outcome is the state of a Connect Four game.
type Outcome int

// The possible outcomes of a Connect Four game.
const (
	Playing Outcome = iota // game in progress
	Win                    // a player has connected four
	Draw                   // the board is full with no winner
)

// String returns "playing", "win" or "draw", for logs and JSON.
func (o Outcome) String() string {
	switch o {
	case Playing:
		return "playing"
	case Win:
		return "win"
	case Draw:
		return "draw"
	}
	return fmt.Sprintf("Outcome(%d)", int(o))
}

// Status is the result of replaying a game.
type Status struct {
	Outcome Outcome
	// Winner is the winning piece (1 or 2) when Outcome is Win, else 0.
	Winner int8
}

// PieceToMove returns the piece (1 or 2) that makes the move at index
// moveIndex (0-based): the first player moves on even indices.
func PieceToMove(moveIndex int) int8 {
	return int8(moveIndex%2) + 1
}

// Replay rebuilds a game from its move list (column numbers, first player
// first) starting from an empty board, and reports how it stands.
//
// An illegal move yields an error wrapping ErrColumnOutOfRange, ErrColumnFull
// or ErrGameOver (test with errors.Is); the board and status returned
// alongside are the position before that move, so a caller validating a new
// move can still show the last legal position.
func Replay(moves []int) (Board, Status, error) {
	var b Board
	var st Status
	for i, col := range moves {
		if st.Outcome != Playing {
			return b, st, fmt.Errorf("move %d (column %d): %w", i+1, col, ErrGameOver)
		}
		piece := PieceToMove(i)
		row, err := b.Drop(col, piece)
		if err != nil {
			return b, st, fmt.Errorf("move %d (column %d): %w", i+1, col, err)
		}
		switch {
		case b.WinnerAt(row, col):
			st = Status{Outcome: Win, Winner: piece}
		case b.Full():
			st = Status{Outcome: Draw}
		}
	}
	return b, st, nil
}
