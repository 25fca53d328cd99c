package templates

import "testing"

func TestNavClass(t *testing.T) {
	cases := []struct {
		path, prefix string
		active       bool
	}{
		{"/play", "/play", true},
		{"/play/target-rush", "/play", true},
		{"/players/123", "/play", false},
		{"/leaderboards/x", "/leaderboards", true},
		{"/admin", "/admin", true},
		{"/administer", "/admin", false},
	}
	for _, c := range cases {
		got := navClass(Page{Path: c.path}, c.prefix) == "nav-link active"
		if got != c.active {
			t.Errorf("navClass(%q, %q) active = %v, want %v", c.path, c.prefix, got, c.active)
		}
	}
}
