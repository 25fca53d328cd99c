// Package templates holds Ladder's server-rendered pages as templ
// components. Every page takes a Page with what the layout needs.
package templates

import (
	"strings"

	"github.com/ladder/ladder/internal/game"
	"github.com/ladder/ladder/static"
)

// Page is what every page's layout needs to know about the request.
type Page struct {
	Title  string
	Path   string       // the request path, to mark the active nav item
	Player *game.Player // nil when signed out
	CSRF   string       // token for forms and fetch; empty when signed out
	Flash  string       // a one-off notice shown under the header
}

// asset is static.URL, short for templates.
func asset(name string) string { return static.URL(name) }

// navClass marks the nav link of the current section.
func navClass(p Page, prefix string) string {
	if p.Path == prefix || (prefix != "/" && strings.HasPrefix(p.Path, prefix+"/")) {
		return "nav-link active"
	}
	return "nav-link"
}

func pageTitle(p Page) string {
	if p.Title == "" {
		return "Ladder · Live leaderboards and ranked matches"
	}
	return p.Title + " · Ladder"
}

func initials(name string) string {
	name = strings.TrimSpace(name)
	if name == "" {
		return "?"
	}
	r := []rune(name)
	return strings.ToUpper(string(r[0]))
}

// playerID is the signed-in player's id, or "" when signed out.
func playerID(p Page) string {
	if p.Player == nil {
		return ""
	}
	return p.Player.ID
}
