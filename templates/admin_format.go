package templates

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/ladder/ladder/internal/game"
)

// ratingText shows a rating as "rating ± RD", the same on every page; a
// player with no rated game yet is "Unrated" rather than the start value.
func ratingText(r game.ModeRating) string {
	if r.Games == 0 {
		return "Unrated"
	}
	return fmt.Sprintf("%.0f ± %.0f", r.Rating, r.RD)
}

// isoTime is a time as a <time datetime>, for admin.js to show in the
// viewer's zone.
func isoTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// utcText is what a <time> shows before admin.js formats it (and without
// scripts): a plain, labelled UTC time.
func utcText(t time.Time) string { return t.UTC().Format("2 Jan 2006 15:04 UTC") }

func boolParam(b *bool) string {
	if b == nil {
		return ""
	}
	return strconv.FormatBool(*b)
}

// playersURL is the search page with the query, one setting changed.
func playersURL(q game.PlayerQuery, change func(*game.PlayerQuery)) string {
	change(&q)
	v := url.Values{}
	set := func(k, val string) {
		if val != "" {
			v.Set(k, val)
		}
	}
	set("q", q.Q)
	set("banned", boolParam(q.Banned))
	set("guest", boolParam(q.Guest))
	if q.Sort != game.SortName {
		set("sort", q.Sort)
	}
	if !(q.Sort == game.SortName && q.Order == "asc") && !(q.Sort != game.SortName && q.Order == "desc") {
		set("order", q.Order)
	}
	if q.Offset > 0 {
		set("offset", strconv.Itoa(q.Offset))
	}
	if s := v.Encode(); s != "" {
		return "/admin/players?" + s
	}
	return "/admin/players"
}

// sortURL toggles a column: a new column starts in its natural order, the
// current one flips.
func sortURL(q game.PlayerQuery, col string) string {
	return playersURL(q, func(q *game.PlayerQuery) {
		q.Offset = 0
		if q.Sort == col {
			q.Order = map[string]string{"asc": "desc", "desc": "asc"}[q.Order]
			return
		}
		q.Sort, q.Order = col, "desc"
		if col == game.SortName {
			q.Order = "asc"
		}
	})
}

// sortMark is the arrow of the sorted column.
func sortMark(q game.PlayerQuery, col string) string {
	if q.Sort != col {
		return ""
	}
	if q.Order == "asc" {
		return " ▲"
	}
	return " ▼"
}

func ariaSort(q game.PlayerQuery, col string) string {
	if q.Sort != col {
		return "none"
	}
	if q.Order == "asc" {
		return "ascending"
	}
	return "descending"
}

// auditURL is the audit page with a filter and paging cursor.
func auditURL(path string, f game.AuditFilter, before string) string {
	v := url.Values{}
	for k, val := range map[string]string{"action": f.Action, "actor": f.Actor, "target": f.Target, "before": before} {
		if val != "" {
			v.Set(k, val)
		}
	}
	if s := v.Encode(); s != "" {
		return path + "?" + s
	}
	return path
}

// auditDetails is an entry's reason, with a temporary ban's length.
func auditDetails(e game.AuditEntry) string {
	if e.Duration == "" {
		return e.Reason
	}
	d, err := time.ParseDuration(e.Duration)
	if err != nil {
		return e.Reason
	}
	return e.Reason + " · for " + durationText(d)
}

// durationText says a duration the way people do: "7 days", "3 hours".
func durationText(d time.Duration) string {
	unit := func(n int64, one string) string { return strconv.FormatInt(n, 10) + " " + plural(n, one, one+"s") }
	switch {
	case d >= 24*time.Hour && d%(24*time.Hour) == 0:
		return unit(int64(d/(24*time.Hour)), "day")
	case d >= time.Hour && d%time.Hour == 0:
		return unit(int64(d/time.Hour), "hour")
	case d >= time.Minute && d%time.Minute == 0:
		return unit(int64(d/time.Minute), "minute")
	case d >= time.Second && d%time.Second == 0:
		return unit(int64(d/time.Second), "second")
	}
	return strings.TrimSuffix(d.String(), "0s")
}

// actionClass is the badge style of an audit action.
func actionClass(action string) string {
	switch action {
	case "ban", "delete", "board_remove_record", "board_reset", "reset_scores", "match_cancel":
		return "badge badge-warn-outline"
	case "unban", "board_create":
		return "badge badge-ok-outline"
	}
	return "badge"
}

// Thousands writes n with thousands separators, as every page shows
// numbers.
func Thousands(n int64) string { return thousands(n) }
