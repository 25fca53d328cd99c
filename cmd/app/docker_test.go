package main

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

type composeService struct {
	Image       string         `yaml:"image"`
	Build       any            `yaml:"build"`
	PullPolicy  string         `yaml:"pull_policy"`
	Command     []string       `yaml:"command"`
	Environment map[string]any `yaml:"environment"`
	Ports       []string       `yaml:"ports"`
	Healthcheck *struct {
		Test []string `yaml:"test"`
	} `yaml:"healthcheck"`
}

// The compose file, read as Docker Compose reads it (anchors and merge keys
// resolved): one image built once for both instances, health checks that
// run the binary's own subcommand, Redis that refuses writes when full
// rather than dropping data.
func TestComposeFile(t *testing.T) {
	raw, err := os.ReadFile("../../docker-compose.yml")
	if err != nil {
		t.Fatal(err)
	}
	var compose struct {
		Services map[string]composeService `yaml:"services"`
	}
	if err := yaml.Unmarshal(raw, &compose); err != nil {
		t.Fatalf("docker-compose.yml: %v", err)
	}
	app1, app2, redis := compose.Services["app1"], compose.Services["app2"], compose.Services["redis"]

	var built []string
	for name, s := range compose.Services {
		if s.Build != nil {
			built = append(built, name)
		}
	}
	slices.Sort(built)
	if !slices.Equal(built, []string{"app1"}) {
		t.Errorf("services with a build: %v, want only app1", built)
	}
	if app1.Image == "" || app2.Image != app1.Image {
		t.Errorf("app2 image %q must be app1's %q", app2.Image, app1.Image)
	}
	if app2.PullPolicy != "never" {
		t.Errorf("app2 pull_policy %q: it must use the image app1 builds, not pull one", app2.PullPolicy)
	}
	for name, s := range map[string]composeService{"app1": app1, "app2": app2} {
		if s.Healthcheck == nil || !slices.Equal(s.Healthcheck.Test, []string{"CMD", "/ladder", "healthcheck"}) {
			t.Errorf("%s health check = %+v, want the binary's healthcheck subcommand", name, s.Healthcheck)
		}
		if s.Environment["REDIS_URL"] == nil || len(s.Ports) != 1 {
			t.Errorf("%s: environment %v, ports %v", name, s.Environment, s.Ports)
		}
	}
	if app1.Ports[0] == app2.Ports[0] {
		t.Errorf("both instances publish %s", app1.Ports[0])
	}

	cmd := strings.Join(redis.Command, " ")
	for _, want := range []string{"--appendonly yes", "--maxmemory-policy noeviction"} {
		if !strings.Contains(cmd, want) {
			t.Errorf("redis command %q lacks %s", cmd, want)
		}
	}
	if !regexp.MustCompile(`--maxmemory [0-9]+[kmg]b\b`).MatchString(cmd) {
		t.Errorf("redis command %q sets no maxmemory", cmd)
	}
	if !pinned(redis.Image) {
		t.Errorf("redis image %q is not pinned to a version", redis.Image)
	}
}

// pinned reports whether an image reference names an exact version (or a
// digest) rather than a moving tag like latest or 7-alpine.
func pinned(ref string) bool {
	if strings.Contains(ref, "@sha256:") {
		return true
	}
	i := strings.LastIndex(ref, ":")
	return i > 0 && regexp.MustCompile(`^[0-9]+\.[0-9]+\.[0-9]+`).MatchString(ref[i+1:])
}

func TestDockerfile(t *testing.T) {
	raw, err := os.ReadFile("../../Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	df := string(raw)
	froms := regexp.MustCompile(`(?m)^FROM\s+(\S+)`).FindAllStringSubmatch(df, -1)
	if len(froms) != 2 {
		t.Fatalf("Dockerfile stages: %v, want build and runtime", froms)
	}
	if build := froms[0][1]; !strings.HasPrefix(build, "golang:") || !pinned(build) {
		t.Errorf("build image %q is not a pinned Go release", build)
	}
	if rt := froms[1][1]; !strings.HasPrefix(rt, "gcr.io/distroless/static-debian12:") {
		t.Errorf("runtime image %q, want distroless static", rt)
	}
	if !regexp.MustCompile(`(?m)^HEALTHCHECK .*CMD \["/ladder", "healthcheck"\]$`).MatchString(df) {
		t.Error("Dockerfile has no HEALTHCHECK running /ladder healthcheck")
	}
	if !strings.Contains(df, `ENTRYPOINT ["/ladder"]`) {
		t.Error("the health checks call /ladder; the entrypoint moved")
	}

	ignore, err := os.ReadFile("../../.dockerignore")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{".git", ".ci"} {
		if !slices.Contains(strings.Fields(string(ignore)), want) {
			t.Errorf(".dockerignore does not leave out %s", want)
		}
	}
}
