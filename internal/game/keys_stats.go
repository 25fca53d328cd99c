package game

import "strconv"

// StatsInstances is the hash of each app instance's socket figures, keyed
// by instance id.
func (k Keys) StatsInstances() string { return k.ks.Key("stats", "instances") }

// StatsCounter counts events of a kind ("submissions", "rejections") in one
// minute (unix minutes).
func (k Keys) StatsCounter(kind string, minute int64) string {
	return k.ks.Key("stats", "count", kind, strconv.FormatInt(minute, 10))
}

// StatsGauges is the hash of gauges sampled in one minute.
func (k Keys) StatsGauges(minute int64) string {
	return k.ks.Key("stats", "gauges", strconv.FormatInt(minute, 10))
}

// StatsSampled marks a minute whose gauges an instance has claimed to sample.
func (k Keys) StatsSampled(minute int64) string {
	return k.ks.Key("stats", "sampled", strconv.FormatInt(minute, 10))
}

// StatsPublisherLock is held by the one instance publishing live figures.
func (k Keys) StatsPublisherLock() string { return k.ks.Key("lock", "stats-publisher") }
