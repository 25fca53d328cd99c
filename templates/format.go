package templates

import (
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/ladder/ladder/internal/game"
)

func urlQuery(s string) string { return url.QueryEscape(s) }

// modeTitle names a ranked mode for people.
func modeTitle(mode string) string {
	if mode == game.ModeConnect4 {
		return "Connect Four"
	}
	return strings.ToUpper(mode[:1]) + mode[1:]
}

// ago says how long ago t was, roughly.
func ago(t time.Time) string {
	d := time.Since(t)
	switch {
	case d < time.Minute:
		return "just now"
	case d < time.Hour:
		return fmt.Sprintf("%d min ago", int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf("%d h ago", int(d.Hours()))
	}
	return fmt.Sprintf("%d days ago", int(d.Hours()/24))
}

// auditTargetURL links an audit entry to what it acted on.
func auditTargetURL(e game.AuditEntry) string {
	switch {
	case strings.HasPrefix(e.Action, "board_"):
		return "/admin/leaderboards/" + e.TargetID
	case strings.HasPrefix(e.Action, "match_"):
		return "/matches/" + e.TargetID
	}
	return "/admin/players/" + e.TargetID
}
