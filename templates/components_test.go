package templates

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/a-h/templ"
	"golang.org/x/net/html"

	"github.com/ladder/ladder/internal/game"
)

// render renders a component and parses it the way a browser would.
func render(t *testing.T, c templ.Component) *html.Node {
	t.Helper()
	var buf bytes.Buffer
	if err := c.Render(context.Background(), &buf); err != nil {
		t.Fatalf("render: %v", err)
	}
	doc, err := html.Parse(&buf)
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	return doc
}

func attr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

// byTestID finds every element whose data-testid is id, in document order.
func byTestID(root *html.Node, id string) []*html.Node {
	var out []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			if v, ok := attr(n, "data-testid"); ok && v == id {
				out = append(out, n)
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	return out
}

// text is the node's text content with runs of space folded.
func text(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.Join(strings.Fields(b.String()), " ")
}

func TestLeaderboardPageRows(t *testing.T) {
	me := &game.Player{ID: "p2", Username: "mira", DisplayName: "Mira"}
	board := &game.Leaderboard{ID: "target-rush", Title: "Target Rush", Order: game.OrderDesc, Reset: "never"}
	view := BoardView{
		Board:  board,
		Period: "current",
		Page: &game.BoardPage{Total: 3, Entries: []game.Entry{
			{Rank: 1, PlayerID: "p1", DisplayName: "<script>alert(1)</script>", Score: 12500},
			{Rank: 2, PlayerID: "p2", DisplayName: "Mira", Score: 9000},
			{Rank: 3, PlayerID: "p3", DisplayName: "Robo", Score: 40},
		}},
		PageNum: 1, Pages: 1, Now: time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC),
	}
	doc := render(t, LeaderboardPage(Page{Title: "Target Rush", Path: "/leaderboards/target-rush", Player: me}, view))

	if got := text(byTestID(doc, "board-title")[0]); got != "Target Rush" {
		t.Errorf("title = %q, want %q", got, "Target Rush")
	}
	rows := byTestID(doc, "board-row")
	if len(rows) != 3 {
		t.Fatalf("%d rows, want 3", len(rows))
	}
	for i, want := range []struct{ id, rank, score string }{{"p1", "1", "12,500"}, {"p2", "2", "9,000"}, {"p3", "3", "40"}} {
		if id, _ := attr(rows[i], "data-player-id"); id != want.id {
			t.Errorf("row %d player = %q, want %q", i, id, want.id)
		}
		if r, _ := attr(rows[i], "data-rank"); r != want.rank {
			t.Errorf("row %d rank = %q, want %q", i, r, want.rank)
		}
		if s := text(byTestID(rows[i], "row-score")[0]); s != want.score {
			t.Errorf("row %d score = %q, want %q", i, s, want.score)
		}
	}
	// A hostile name is text, never markup.
	if !strings.Contains(text(rows[0]), "<script>alert(1)</script>") {
		t.Errorf("row 0 text = %q, want the name shown as text", text(rows[0]))
	}
	var scripts int
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "script" {
			if _, ok := attr(n, "src"); !ok {
				scripts++
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(rows[0])
	if scripts != 0 {
		t.Errorf("%d inline script elements in a board row", scripts)
	}
	// The signed-in player's own row is marked, and only that one.
	table := byTestID(doc, "leaderboard")[0]
	if v, _ := attr(table, "data-me"); v != "p2" {
		t.Errorf("data-me = %q, want p2", v)
	}
	for i, r := range rows {
		class, _ := attr(r, "class")
		if mine := strings.Contains(class, "me"); mine != (i == 1) {
			t.Errorf("row %d class %q: own-row mark = %v, want %v", i, class, mine, i == 1)
		}
	}
}

func TestLeaderboardPageEmpty(t *testing.T) {
	board := &game.Leaderboard{ID: "golf", Title: "Golf", Order: game.OrderAsc, Reset: "weekly"}
	view := BoardView{Board: board, Period: "current", Page: &game.BoardPage{}, PageNum: 1, Pages: 1, Now: time.Now()}
	doc := render(t, LeaderboardPage(Page{Title: "Golf"}, view))
	if n := len(byTestID(doc, "board-row")); n != 0 {
		t.Errorf("%d rows on an empty board", n)
	}
	if len(byTestID(doc, "board-empty")) != 1 {
		t.Error("an empty board does not say so")
	}
}

func TestMatchWatchNamesThePlayers(t *testing.T) {
	v := &game.MatchView{ID: "m1", TurnTimeoutMs: 30000, PlayerInfo: []game.MatchPlayer{
		{ID: "p1", DisplayName: "Robo"}, {ID: "p2", DisplayName: "Mira & <b>co</b>"},
	}}
	doc := render(t, MatchWatch(Page{Title: "Robo vs Mira"}, v))
	arena := byTestID(doc, "arena")
	if len(arena) != 1 {
		t.Fatalf("%d arenas, want 1", len(arena))
	}
	if len(byTestID(doc, "board")) != 1 || len(byTestID(doc, "match-status")) != 1 {
		t.Error("the arena lacks its board or its status line")
	}
	var h1 string
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "h1" && h1 == "" {
			h1 = text(n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	if h1 != "Robo vs Mira & <b>co</b>" {
		t.Errorf("heading = %q, want both names as text", h1)
	}
}
