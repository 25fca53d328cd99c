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
	RedisWaitTimeout  time.Duration
	MetricsAddr       string
	AdminUsername     string
	AdminPassword     string
	ScoreRateLimit    int
	LoginRateLimit    int
	LoginRateWindow   time.Duration
	ScoreRateWindow   time.Duration
	SignupRateLimit   int
	SignupRateWindow  time.Duration
	MaxSessions       int
	RunRateLimit      int
	RunRateWindow     time.Duration
	WSAnonPerAddr     int
	WSCompression     bool
	TurnTimeout       time.Duration
	BanSweepInterval  time.Duration
	GuestRetention    time.Duration
	MatchRetention    time.Duration
	RematchTTL        time.Duration
	CookieSecure      string
	TrustProxy        bool
	LogFormat         string
	ShutdownTimeout   time.Duration
	// ReadTimeout, WriteTimeout and IdleTimeout bound an HTTP connection.
	ReadTimeout  time.Duration
	WriteTimeout time.Duration
	IdleTimeout  time.Duration
}

// loadConfig reads the environment through getenv. Every bad value is
// reported, not just the first.
func loadConfig(getenv func(string) string) (Config, error) {
	c := Config{
		Addr:            or(getenv("ADDR"), ":8080"),
		RedisURL:        getenv("REDIS_URL"),
		RedisPrefix:     or(getenv("REDIS_PREFIX"), "ladder"),
		MetricsAddr:     getenv("METRICS_ADDR"),
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
	if c.RedisWaitTimeout, err = time.ParseDuration(or(getenv("REDIS_WAIT_TIMEOUT"), "30s")); err != nil || c.RedisWaitTimeout <= 0 {
		bad("REDIS_WAIT_TIMEOUT must be a positive duration like 30s, got %q", getenv("REDIS_WAIT_TIMEOUT"))
	}
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
	if c.SignupRateLimit, err = strconv.Atoi(or(getenv("SIGNUP_RATE_LIMIT"), "20")); err != nil || c.SignupRateLimit < 1 {
		bad("SIGNUP_RATE_LIMIT must be a positive integer, got %q", getenv("SIGNUP_RATE_LIMIT"))
	}
	if c.SignupRateWindow, err = time.ParseDuration(or(getenv("SIGNUP_RATE_WINDOW"), "1h")); err != nil || c.SignupRateWindow <= 0 {
		bad("SIGNUP_RATE_WINDOW must be a positive duration like 1h, got %q", getenv("SIGNUP_RATE_WINDOW"))
	}
	// Every session of a player is read when one more is created.
	if c.MaxSessions, err = strconv.Atoi(or(getenv("MAX_SESSIONS"), "20")); err != nil || c.MaxSessions < 1 || c.MaxSessions > 1000 {
		bad("MAX_SESSIONS must be an integer from 1 to 1000, got %q", getenv("MAX_SESSIONS"))
	}
	if c.RunRateLimit, err = strconv.Atoi(or(getenv("RUN_RATE_LIMIT"), "60")); err != nil || c.RunRateLimit < 1 {
		bad("RUN_RATE_LIMIT must be a positive integer, got %q", getenv("RUN_RATE_LIMIT"))
	}
	if c.RunRateWindow, err = time.ParseDuration(or(getenv("RUN_RATE_WINDOW"), "10m")); err != nil || c.RunRateWindow <= 0 {
		bad("RUN_RATE_WINDOW must be a positive duration like 10m, got %q", getenv("RUN_RATE_WINDOW"))
	}
	if c.WSAnonPerAddr, err = strconv.Atoi(or(getenv("WS_ANON_PER_ADDR"), "100")); err != nil || c.WSAnonPerAddr < 1 {
		bad("WS_ANON_PER_ADDR must be a positive integer, got %q", getenv("WS_ANON_PER_ADDR"))
	}
	if c.WSCompression, err = strconv.ParseBool(or(getenv("WS_COMPRESSION"), "false")); err != nil {
		bad("WS_COMPRESSION must be true or false, got %q", getenv("WS_COMPRESSION"))
	}
	if c.TurnTimeout, err = time.ParseDuration(or(getenv("TURN_TIMEOUT"), "30s")); err != nil || c.TurnTimeout < time.Second {
		bad("TURN_TIMEOUT must be a duration of at least 1s, got %q", getenv("TURN_TIMEOUT"))
	}
	if c.BanSweepInterval, err = time.ParseDuration(or(getenv("BAN_SWEEP_INTERVAL"), "5s")); err != nil || c.BanSweepInterval < 10*time.Millisecond {
		bad("BAN_SWEEP_INTERVAL must be a duration of at least 10ms, got %q", getenv("BAN_SWEEP_INTERVAL"))
	}
	if c.RematchTTL, err = time.ParseDuration(or(getenv("REMATCH_TTL"), "30s")); err != nil || c.RematchTTL < time.Second {
		bad("REMATCH_TTL must be a duration of at least 1s, got %q", getenv("REMATCH_TTL"))
	}
	for _, d := range []struct {
		env, def string
		to       *time.Duration
	}{
		{"HTTP_READ_TIMEOUT", "30s", &c.ReadTimeout},
		{"HTTP_WRITE_TIMEOUT", "30s", &c.WriteTimeout},
		{"HTTP_IDLE_TIMEOUT", "120s", &c.IdleTimeout},
	} {
		if *d.to, err = time.ParseDuration(or(getenv(d.env), d.def)); err != nil || *d.to <= 0 {
			bad("%s must be a positive duration like %s, got %q", d.env, d.def, getenv(d.env))
		}
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
