package main

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Config is the app's whole configuration, read once from the environment
// and validated before anything starts.
type Config struct {
	Addr              string
	RedisURL          string
	RedisClusterAddrs []string
	RedisPrefix       string
	AdminUsername     string
	AdminPassword     string
	ScoreRateLimit    int
	LoginRateLimit    int
	LoginRateWindow   time.Duration
	ScoreRateWindow   time.Duration
	TurnTimeout       time.Duration
	GuestRetention    time.Duration
	MatchRetention    time.Duration
	CookieSecure      string
	TrustProxy        bool
	LogFormat         string
	ShutdownTimeout   time.Duration
}

// loadConfig reads the environment through getenv. Every bad value is
// reported, not just the first.
func loadConfig(getenv func(string) string) (Config, error) {
	c := Config{
		Addr:            or(getenv("ADDR"), ":8080"),
		RedisURL:        getenv("REDIS_URL"),
		RedisPrefix:     or(getenv("REDIS_PREFIX"), "ladder"),
		AdminUsername:   getenv("ADMIN_USERNAME"),
		AdminPassword:   getenv("ADMIN_PASSWORD"),
		CookieSecure:    strings.ToLower(or(getenv("COOKIE_SECURE"), "auto")),
		ShutdownTimeout: 15 * time.Second,
	}
	var errs []string
	bad := func(format string, args ...any) { errs = append(errs, fmt.Sprintf(format, args...)) }

	if v := getenv("REDIS_CLUSTER_ADDRS"); v != "" {
		for _, a := range strings.Split(v, ",") {
			if a = strings.TrimSpace(a); a != "" {
				c.RedisClusterAddrs = append(c.RedisClusterAddrs, a)
			}
		}
	}
	if c.RedisURL != "" && len(c.RedisClusterAddrs) > 0 {
		bad("set REDIS_URL or REDIS_CLUSTER_ADDRS, not both")
	}
	if (c.AdminUsername == "") != (c.AdminPassword == "") {
		bad("ADMIN_USERNAME and ADMIN_PASSWORD must be set together")
	}
	var err error
	if c.ScoreRateLimit, err = strconv.Atoi(or(getenv("SCORE_RATE_LIMIT"), "10")); err != nil || c.ScoreRateLimit < 1 {
		bad("SCORE_RATE_LIMIT must be a positive integer, got %q", getenv("SCORE_RATE_LIMIT"))
	}
	if c.ScoreRateWindow, err = time.ParseDuration(or(getenv("SCORE_RATE_WINDOW"), "60s")); err != nil || c.ScoreRateWindow <= 0 {
		bad("SCORE_RATE_WINDOW must be a positive duration like 60s, got %q", getenv("SCORE_RATE_WINDOW"))
	}
	if c.LoginRateLimit, err = strconv.Atoi(or(getenv("LOGIN_RATE_LIMIT"), "10")); err != nil || c.LoginRateLimit < 1 {
		bad("LOGIN_RATE_LIMIT must be a positive integer, got %q", getenv("LOGIN_RATE_LIMIT"))
	}
	if c.LoginRateWindow, err = time.ParseDuration(or(getenv("LOGIN_RATE_WINDOW"), "15m")); err != nil || c.LoginRateWindow <= 0 {
		bad("LOGIN_RATE_WINDOW must be a positive duration like 15m, got %q", getenv("LOGIN_RATE_WINDOW"))
	}
	if c.TurnTimeout, err = time.ParseDuration(or(getenv("TURN_TIMEOUT"), "30s")); err != nil || c.TurnTimeout < time.Second {
		bad("TURN_TIMEOUT must be a duration of at least 1s, got %q", getenv("TURN_TIMEOUT"))
	}
	if c.GuestRetention, err = time.ParseDuration(or(getenv("GUEST_RETENTION"), "720h")); err != nil || c.GuestRetention < time.Minute {
		bad("GUEST_RETENTION must be a duration of at least 1m, got %q", getenv("GUEST_RETENTION"))
	}
	if c.MatchRetention, err = time.ParseDuration(or(getenv("MATCH_RETENTION"), "2160h")); err != nil || c.MatchRetention < time.Minute {
		bad("MATCH_RETENTION must be a duration of at least 1m, got %q", getenv("MATCH_RETENTION"))
	}
	switch c.CookieSecure {
	case "auto", "true", "false":
	default:
		bad("COOKIE_SECURE must be auto, true or false, got %q", c.CookieSecure)
	}
	if v := getenv("TRUST_PROXY"); v != "" {
		if c.TrustProxy, err = strconv.ParseBool(v); err != nil {
			bad("TRUST_PROXY must be true or false, got %q", v)
		}
	}
	defaultFormat := "json"
	if c.RedisURL == "" && len(c.RedisClusterAddrs) == 0 {
		defaultFormat = "text" // the embedded server means development
	}
	c.LogFormat = or(getenv("LOG_FORMAT"), defaultFormat)
	if c.LogFormat != "json" && c.LogFormat != "text" {
		bad("LOG_FORMAT must be json or text, got %q", c.LogFormat)
	}
	if len(errs) > 0 {
		return c, fmt.Errorf("invalid configuration:\n  %s", strings.Join(errs, "\n  "))
	}
	return c, nil
}

func or(v, def string) string {
	if v == "" {
		return def
	}
	return v
}
