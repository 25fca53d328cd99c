package game

// Server-authoritative Connect Four rules. The server never trusts a client's
// idea of the board: it stores the move list and rebuilds the position with
// ReplayC4, so the only thing a client can send is a column number.

import (
	"errors"
	"fmt"
)

// C4Rows and C4Cols are the board dimensions of standard Connect Four.
const C4Rows, C4Cols = 6, 7

// c4Connect is how many pieces in a line win.
const c4Connect = 4

// Sentinel errors returned by Drop and ReplayC4. They are plain values so the
// HTTP/WebSocket layer can map them to user-facing messages with errors.Is.
var (
	// ErrColumnOutOfRange means the column is not in [0, C4Cols).
	ErrColumnOutOfRange = errors.New("connect4: column out of range")
	// ErrColumnFull means the column already holds C4Rows pieces.
	ErrColumnFull = errors.New("connect4: column is full")
	// ErrInvalidPiece means Drop was asked to place something other than 1 or 2.
	ErrInvalidPiece = errors.New("connect4: piece must be 1 or 2")
	// ErrGameOver means a move was made after the game was already won or drawn.
	ErrGameOver = errors.New("connect4: game is already over")
)

// Board is a Connect Four position. Row 0 is the TOP row and row C4Rows-1 the
// bottom, matching how the board is drawn, so pieces "fall" towards higher row
// indices. Cells hold 0 (empty), 1 (first player) or 2 (second player).
//
// Board is a small value type (42 bytes): copying it is cheap and gives
// callers snapshots for free.
type Board [C4Rows][C4Cols]int8

// Drop lets piece fall into col and returns the row it lands in.
// It returns ErrColumnOutOfRange, ErrColumnFull or ErrInvalidPiece and leaves
// the board unchanged if the move is illegal.
func (b *Board) Drop(col int, piece int8) (row int, err error) {
	if col < 0 || col >= C4Cols {
		return -1, ErrColumnOutOfRange
	}
	if piece != 1 && piece != 2 {
		return -1, ErrInvalidPiece
	}
	// Scan from the bottom up for the first empty cell.
	for row = C4Rows - 1; row >= 0; row-- {
		if b[row][col] == 0 {
			b[row][col] = piece
			return row, nil
		}
	}
	return -1, ErrColumnFull
}

// c4Directions are the four line orientations through a cell; each is walked
// both forwards and backwards, so the opposite directions are not listed.
var c4Directions = [4][2]int{
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
	if !c4InBounds(row, col) {
		return false
	}
	piece := b[row][col]
	if piece == 0 {
		return false
	}
	for _, d := range c4Directions {
		// Count the run through (row, col) in both directions, so a four
		// completed in the middle (e.g. cols 0,1,3 then 2) is found too.
		n := 1 + b.run(row, col, d[0], d[1], piece) + b.run(row, col, -d[0], -d[1], piece)
		if n >= c4Connect {
			return true
		}
	}
	return false
}

// run counts consecutive cells holding piece starting next to (row, col) and
// stepping by (dr, dc), stopping at the board edge so lines never wrap.
func (b Board) run(row, col, dr, dc int, piece int8) int {
	n := 0
	for r, c := row+dr, col+dc; c4InBounds(r, c) && b[r][c] == piece; r, c = r+dr, c+dc {
		n++
	}
	return n
}

func c4InBounds(row, col int) bool {
	return row >= 0 && row < C4Rows && col >= 0 && col < C4Cols
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

// Rows returns the board in its JSON form: C4Rows rows (top first) of C4Cols
// ints. A fresh slice is returned, so callers may keep or modify it.
func (b Board) Rows() [][]int {
	rows := make([][]int, C4Rows)
	for r := range b {
		rows[r] = make([]int, C4Cols)
		for c, cell := range b[r] {
			rows[r][c] = int(cell)
		}
	}
	return rows
}

// C4Outcome is the state of a Connect Four game.
type C4Outcome int

// The possible outcomes of a Connect Four game.
const (
	C4Playing C4Outcome = iota // game in progress
	C4Win                      // a player has connected four
	C4Draw                     // the board is full with no winner
)

// String returns "playing", "win" or "draw", for logs and JSON.
func (o C4Outcome) String() string {
	switch o {
	case C4Playing:
		return "playing"
	case C4Win:
		return "win"
	case C4Draw:
		return "draw"
	}
	return fmt.Sprintf("C4Outcome(%d)", int(o))
}

// C4Status is the result of replaying a game.
type C4Status struct {
	Outcome C4Outcome
	// Winner is the winning piece (1 or 2) when Outcome is C4Win, else 0.
	Winner int8
}

// C4PieceToMove returns the piece (1 or 2) that makes the move at index
// moveIndex (0-based): the first player moves on even indices.
func C4PieceToMove(moveIndex int) int8 {
	return int8(moveIndex%2) + 1
}

// ReplayC4 rebuilds a game from its move list (column numbers, first player
// first) starting from an empty board, and reports how it stands.
//
// An illegal move yields an error wrapping ErrColumnOutOfRange, ErrColumnFull
// or ErrGameOver (test with errors.Is); the board and status returned
// alongside are the position before that move, so a caller validating a new
// move can still show the last legal position.
func ReplayC4(moves []int) (Board, C4Status, error) {
	var b Board
	var st C4Status
	for i, col := range moves {
		if st.Outcome != C4Playing {
			return b, st, fmt.Errorf("move %d (column %d): %w", i+1, col, ErrGameOver)
		}
		piece := C4PieceToMove(i)
		row, err := b.Drop(col, piece)
		if err != nil {
			return b, st, fmt.Errorf("move %d (column %d): %w", i+1, col, err)
		}
		switch {
		case b.WinnerAt(row, col):
			st = C4Status{Outcome: C4Win, Winner: piece}
		case b.Full():
			st = C4Status{Outcome: C4Draw}
		}
	}
	return b, st, nil
}
