package game

import (
	"encoding/json"
	"os"
	"testing"
	"time"
)

// The stats message must keep the bytes it had when it was built from the
// figures' own JSON (see the event package's golden files).
func TestStatsMessageWireFormat(t *testing.T) {
	f := &StatsFigures{At: time.Date(2031, 3, 5, 12, 0, 1, 250_000_000, time.UTC), PlayersOnline: 12, PlayersTotal: 3456,
		Instances: 2, Sockets: 40, Subscriptions: 97, QueueLength: 3, MatchesLive: 5, SubmissionsPerMin: 1234,
		RejectionsPerMin: 7, WaitP50Ms: 1500, WaitP95Ms: 9800, GapP50: 42.5, GapP95: 187.25}
	want, err := os.ReadFile("event/testdata/stats_full.json")
	if err != nil {
		t.Fatal(err)
	}
	got, err := json.Marshal(f.Message())
	if err != nil {
		t.Fatal(err)
	}
	if string(got)+"\n" != string(want) {
		t.Errorf("stats message\n got: %s\nwant: %s", got, want)
	}
}
