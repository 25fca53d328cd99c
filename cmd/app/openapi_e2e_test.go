package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"
)

// contract checks every /api/v1 request and response that passes through it
// against the OpenAPI document the app serves, and records which documented
// operations were exercised.
type contract struct {
	t      *testing.T
	doc    *openapi3.T
	router routers.Router
	next   http.RoundTripper

	mu sync.Mutex
	// seen counts exercised operations ("POST /auth/register").
	seen map[string]int
	// refuse is set while a request is sent that the document itself must
	// refuse (bad input, no credentials): only its answer is checked.
	refuse bool
}

// loadContract fetches the app's document and points it at the app.
func loadContract(t *testing.T, base string) *contract {
	t.Helper()
	resp, err := http.Get(base + "/api/v1/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	js, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /api/v1/openapi.json: %d %s", resp.StatusCode, js)
	}
	doc, err := openapi3.NewLoader().LoadFromData(js)
	if err != nil {
		t.Fatal(err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("the served document is not valid OpenAPI: %v", err)
	}
	doc.Servers = openapi3.Servers{{URL: base + "/api/v1"}}
	router, err := legacy.NewRouter(doc)
	if err != nil {
		t.Fatal(err)
	}
	return &contract{t: t, doc: doc, router: router, next: http.DefaultTransport, seen: map[string]int{}}
}

var errNoCredentials = errors.New("credentials missing")

// authenticate checks that a request carries what a security scheme names;
// whether they are valid is the server's business.
func authenticate(_ context.Context, in *openapi3filter.AuthenticationInput) error {
	r := in.RequestValidationInput.Request
	switch in.SecuritySchemeName {
	case "bearerAuth":
		if !strings.HasPrefix(r.Header.Get("Authorization"), "Bearer ") {
			return errNoCredentials
		}
	case "sessionCookie":
		if _, err := r.Cookie("ladder_session"); err != nil {
			return errNoCredentials
		}
	case "csrfToken":
		if r.Header.Get("X-CSRF-Token") == "" {
			return errNoCredentials
		}
	default:
		return fmt.Errorf("unknown security scheme %q", in.SecuritySchemeName)
	}
	return nil
}

// RoundTrip validates the request, sends it, and validates the answer.
func (c *contract) RoundTrip(req *http.Request) (*http.Response, error) {
	if !strings.HasPrefix(req.URL.Path, "/api/v1/") {
		return c.next.RoundTrip(req)
	}
	c.t.Helper()
	var body []byte
	if req.Body != nil {
		body, _ = io.ReadAll(req.Body)
		req.Body.Close()
	}
	reset := func() {
		if body != nil {
			req.Body = io.NopCloser(bytes.NewReader(body))
		}
	}
	reset()
	c.mu.Lock()
	refuse := c.refuse
	c.mu.Unlock()
	what := req.Method + " " + req.URL.RequestURI()

	route, params, err := c.router.FindRoute(req)
	if err != nil {
		c.t.Errorf("%s: not in the document: %v", what, err)
		return c.next.RoundTrip(req)
	}
	in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route,
		Options: &openapi3filter.Options{AuthenticationFunc: authenticate, MultiError: true}}
	err = openapi3filter.ValidateRequest(req.Context(), in)
	switch {
	case refuse && err == nil:
		c.t.Errorf("%s %s: the document accepts a request the test sends as one it must refuse", what, body)
	case !refuse && err != nil:
		c.t.Errorf("%s %s: request does not match the document: %v", what, body, err)
	}
	reset()

	resp, err := c.next.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	got, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(got))
	reset()
	out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: resp.StatusCode,
		Header: resp.Header, Body: io.NopCloser(bytes.NewReader(got)),
		Options: &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true}}
	if err := openapi3filter.ValidateResponse(req.Context(), out); err != nil {
		c.t.Errorf("%s: answer %d %s does not match the document: %v", what, resp.StatusCode, got, err)
	}
	c.mu.Lock()
	c.seen[route.Method+" "+route.Path]++
	c.mu.Unlock()
	return resp, nil
}

// refused runs f, whose requests the document must refuse too.
func (c *contract) refused(f func()) {
	c.mu.Lock()
	c.refuse = true
	c.mu.Unlock()
	defer func() {
		c.mu.Lock()
		c.refuse = false
		c.mu.Unlock()
	}()
	f()
}

// client is an API client whose traffic goes through the contract.
func (c *contract) client(base string) *client {
	cl := newClient(c.t, base)
	cl.http.Transport = c
	return cl
}

// operations lists every operation in the document.
func (c *contract) operations() []string {
	var out []string
	for path, item := range c.doc.Paths.Map() {
		for method := range item.Operations() {
			out = append(out, method+" "+path)
		}
	}
	slices.Sort(out)
	return out
}

// apiWalk is the state the steps of TestOpenAPIContract share.
type apiWalk struct {
	t       *testing.T
	app     *testApp
	c       *contract
	anon    *client
	admin   *client
	alice   *client // registered, bearer
	aliceID string
	browser *client // alice's second session: cookie and CSRF token
	bob     *client // guest, bearer
	bobID   string
	carol   *client // guest, bearer; banned and deleted by the end
	carolID string
	board   string
	match   string
	tickets map[string]string
}

// signUp registers username (or a guest when it is empty) through the
// contract and returns a bearer client.
func (w *apiWalk) signUp(username string) (*client, string) {
	w.t.Helper()
	cl := w.c.client(w.app.URL)
	var si signedIn
	if username == "" {
		cl.must(http.StatusCreated, "POST", "/api/v1/auth/guest", nil).JSON(w.t, &si)
	} else {
		cl.must(http.StatusCreated, "POST", "/api/v1/auth/register",
			map[string]string{"username": username, "password": "correct horse"}).JSON(w.t, &si)
	}
	cl.Token = si.Token
	return cl, si.Player.ID
}

// pair queues a and b and returns the match they are put in, and their
// tickets.
func (w *apiWalk) pair(a, b *client) (match string, tickets [2]string) {
	w.t.Helper()
	for i, cl := range []*client{a, b} {
		var tk struct {
			TicketID string `json:"ticket_id"`
		}
		cl.must(http.StatusCreated, "POST", "/api/v1/matchmaking/connect4/tickets", nil).JSON(w.t, &tk)
		tickets[i] = tk.TicketID
	}
	match = waitMatched(w.t, a, tickets[0])
	waitMatched(w.t, b, tickets[1])
	return match, tickets
}

// toMove returns the client of the player whose turn it is in match id.
func (w *apiWalk) toMove(id string) (mover, other *client) {
	w.t.Helper()
	var m matchJSON
	w.anon.must(http.StatusOK, "GET", "/api/v1/matches/"+id, nil).JSON(w.t, &m)
	if m.Turn == nil {
		w.t.Fatalf("match %s has no player to move", id)
	}
	if *m.Turn == w.aliceID {
		return w.alice, w.bob
	}
	return w.bob, w.alice
}

// apiSteps walk the whole API in order; each builds on what the ones
// before it made. A new route gets a step here (and its entry in
// web/openapi/openapi.yaml); TestOpenAPIContract fails until both exist.
var apiSteps = []struct {
	name string
	run  func(w *apiWalk)
}{
	{"GET /openapi.json", func(w *apiWalk) {
		w.anon.must(http.StatusOK, "GET", "/api/v1/openapi.json", nil)
	}},
	{"POST /auth/register", func(w *apiWalk) {
		name := uniqueName("alice")
		w.alice, w.aliceID = w.signUp(name)
		w.c.client(w.app.URL).must(http.StatusConflict, "POST", "/api/v1/auth/register",
			map[string]string{"username": name, "password": "correct horse"})
		w.c.refused(func() {
			w.anon.must(http.StatusBadRequest, "POST", "/api/v1/auth/register",
				map[string]string{"username": uniqueName("short"), "password": "short"})
			w.anon.must(http.StatusBadRequest, "POST", "/api/v1/auth/register",
				map[string]any{"username": uniqueName("extra"), "password": "correct horse", "admin": true})
		})
		// alice's second session, as a browser holds it: cookie plus CSRF.
		w.browser = w.c.client(w.app.URL)
		w.browser.must(http.StatusOK, "POST", "/api/v1/auth/login",
			map[string]string{"username": name, "password": "correct horse"})
		w.browser.CSRF = metaContent(string(w.browser.must(http.StatusOK, "GET", "/", nil).Body), "csrf-token")
	}},
	{"POST /auth/login", func(w *apiWalk) {
		var me struct{ Username string }
		w.alice.must(http.StatusOK, "GET", "/api/v1/me", nil).JSON(w.t, &me)
		// Fresh clients: a login answers with a cookie.
		w.c.client(w.app.URL).must(http.StatusOK, "POST", "/api/v1/auth/login",
			map[string]string{"username": me.Username, "password": "correct horse"})
		w.c.client(w.app.URL).must(http.StatusUnauthorized, "POST", "/api/v1/auth/login",
			map[string]string{"username": me.Username, "password": "wrong horse"})
	}},
	{"POST /auth/guest", func(w *apiWalk) {
		w.bob, w.bobID = w.signUp("")
		w.carol, w.carolID = w.signUp("")
	}},
	{"GET /me", func(w *apiWalk) {
		w.alice.must(http.StatusOK, "GET", "/api/v1/me", nil)
		w.browser.must(http.StatusOK, "GET", "/api/v1/me", nil)
		w.c.refused(func() { w.anon.must(http.StatusUnauthorized, "GET", "/api/v1/me", nil) })
	}},
	{"PATCH /me", func(w *apiWalk) {
		w.alice.must(http.StatusOK, "PATCH", "/api/v1/me", map[string]string{"display_name": "Alice"})
		w.browser.must(http.StatusOK, "PATCH", "/api/v1/me", map[string]string{"display_name": "Alice B"})
		w.c.refused(func() {
			csrf := w.browser.CSRF
			w.browser.CSRF = ""
			w.browser.must(http.StatusForbidden, "PATCH", "/api/v1/me", map[string]string{"display_name": "No"})
			w.browser.CSRF = csrf
			w.alice.must(http.StatusBadRequest, "PATCH", "/api/v1/me", map[string]string{"display_name": ""})
		})
	}},
	{"GET /players/{id}", func(w *apiWalk) {
		w.anon.must(http.StatusOK, "GET", "/api/v1/players/"+w.aliceID, nil)
		w.anon.must(http.StatusNotFound, "GET", "/api/v1/players/00000000-0000-4000-8000-000000000000", nil)
	}},
	{"GET /leaderboards", func(w *apiWalk) {
		w.anon.must(http.StatusOK, "GET", "/api/v1/leaderboards", nil)
	}},
	{"POST /admin/leaderboards", func(w *apiWalk) {
		w.board = "golf-" + strings.ToLower(uniqueName("b"))
		w.admin.must(http.StatusCreated, "POST", "/api/v1/admin/leaderboards", map[string]any{
			"id": w.board, "title": "Mini golf", "order": "asc", "operator": "best", "reset": "weekly", "max_score": 200})
		w.admin.must(http.StatusConflict, "POST", "/api/v1/admin/leaderboards", map[string]any{"id": w.board})
		w.alice.must(http.StatusForbidden, "POST", "/api/v1/admin/leaderboards", map[string]any{"id": "mine"})
		w.c.refused(func() {
			w.admin.must(http.StatusBadRequest, "POST", "/api/v1/admin/leaderboards", map[string]any{"id": "Bad Id"})
		})
		w.anon.must(http.StatusOK, "GET", "/api/v1/leaderboards", nil)
	}},
	{"POST /leaderboards/{id}/scores", func(w *apiWalk) {
		for cl, score := range map[*client]int{w.alice: 42, w.bob: 50, w.carol: 61} {
			cl.must(http.StatusOK, "POST", "/api/v1/leaderboards/"+w.board+"/scores", map[string]int{"score": score})
		}
		w.browser.must(http.StatusOK, "POST", "/api/v1/leaderboards/"+w.board+"/scores", map[string]int{"score": 40})
		w.alice.must(http.StatusNotFound, "POST", "/api/v1/leaderboards/nope/scores", map[string]int{"score": 1})
		w.alice.must(http.StatusForbidden, "POST", "/api/v1/leaderboards/connect4/scores", map[string]int{"score": 1})
		w.c.refused(func() {
			w.alice.must(http.StatusBadRequest, "POST", "/api/v1/leaderboards/"+w.board+"/scores", `{"score":1.5}`)
		})
	}},
	{"POST /games/target-rush/runs", func(w *apiWalk) {
		run := startRush(w.t, w.bob)
		time.Sleep(e2eRound)
		w.bob.must(http.StatusOK, "POST", "/api/v1/leaderboards/target-rush/scores", run.play(-1))
		w.bob.must(http.StatusConflict, "POST", "/api/v1/leaderboards/target-rush/scores", run.play(-1))
		w.bob.must(http.StatusOK, "POST", "/api/v1/leaderboards/target-rush-weekly/scores", run.play(-1))
	}},
	{"GET /leaderboards/{id}", func(w *apiWalk) {
		w.anon.must(http.StatusOK, "GET", "/api/v1/leaderboards/"+w.board+"?offset=0&limit=2&period=current", nil)
		w.anon.must(http.StatusOK, "GET", "/api/v1/leaderboards/target-rush?pretty", nil)
		w.anon.must(http.StatusOK, "GET", "/api/v1/leaderboards/target-rush-weekly", nil)
		w.anon.must(http.StatusNotFound, "GET", "/api/v1/leaderboards/nope", nil)
		w.c.refused(func() {
			w.anon.must(http.StatusBadRequest, "GET", "/api/v1/leaderboards/"+w.board+"?limit=101", nil)
			w.anon.must(http.StatusBadRequest, "GET", "/api/v1/leaderboards/"+w.board+"?period=later", nil)
		})
	}},
	{"GET /leaderboards/{id}/find", func(w *apiWalk) {
		var me struct {
			Username string `json:"username"`
		}
		w.alice.must(http.StatusOK, "GET", "/api/v1/me", nil).JSON(w.t, &me)
		w.anon.must(http.StatusOK, "GET", "/api/v1/leaderboards/"+w.board+"/find?q="+url.QueryEscape(me.Username[:4]), nil)
		w.anon.must(http.StatusNotFound, "GET", "/api/v1/leaderboards/nope/find?q=a", nil)
		w.c.refused(func() {
			w.anon.must(http.StatusBadRequest, "GET", "/api/v1/leaderboards/"+w.board+"/find", nil)
		})
	}},
	{"GET /leaderboards/{id}/place", func(w *apiWalk) {
		w.anon.must(http.StatusOK, "GET", "/api/v1/leaderboards/"+w.board+"?offset=0", nil)
		w.anon.must(http.StatusOK, "GET", "/api/v1/leaderboards/"+w.board+"/place?score=45", nil)
		w.anon.must(http.StatusNotFound, "GET", "/api/v1/leaderboards/nope/place?score=1", nil)
		w.c.refused(func() {
			w.anon.must(http.StatusBadRequest, "GET", "/api/v1/leaderboards/"+w.board+"/place?score=x", nil)
		})
	}},
	{"GET /leaderboards/{id}/around/{player_id}", func(w *apiWalk) {
		w.anon.must(http.StatusOK, "GET", "/api/v1/leaderboards/"+w.board+"/around/"+w.bobID+"?radius=1", nil)
		w.anon.must(http.StatusNotFound, "GET", "/api/v1/leaderboards/"+w.board+"/around/nobody", nil)
	}},
	{"GET /leaderboards/{id}/players/{player_id}", func(w *apiWalk) {
		w.anon.must(http.StatusOK, "GET", "/api/v1/leaderboards/"+w.board+"/players/"+w.aliceID, nil)
		w.anon.must(http.StatusOK, "GET", "/api/v1/leaderboards/target-rush/players/"+w.bobID, nil)
		w.anon.must(http.StatusNotFound, "GET", "/api/v1/leaderboards/"+w.board+"/players/nobody", nil)
	}},
	{"POST /matchmaking/{mode}/tickets", func(w *apiWalk) {
		var tickets [2]string
		w.match, tickets = w.pair(w.alice, w.bob)
		w.tickets = map[string]string{"alice": tickets[0], "bob": tickets[1]}
		w.alice.must(http.StatusConflict, "POST", "/api/v1/matchmaking/connect4/tickets", nil)
		w.carol.must(http.StatusNotFound, "POST", "/api/v1/matchmaking/chess/tickets", nil)
	}},
	{"GET /matchmaking/tickets/{id}", func(w *apiWalk) {
		// Matched by now: the window reads [0,0].
		w.alice.must(http.StatusOK, "GET", "/api/v1/matchmaking/tickets/"+w.tickets["alice"], nil)
		w.bob.must(http.StatusNotFound, "GET", "/api/v1/matchmaking/tickets/"+w.tickets["alice"], nil)
		var tk struct {
			TicketID string `json:"ticket_id"`
		}
		w.carol.must(http.StatusCreated, "POST", "/api/v1/matchmaking/connect4/tickets", nil).JSON(w.t, &tk)
		w.tickets["carol"] = tk.TicketID
		w.carol.must(http.StatusOK, "GET", "/api/v1/matchmaking/tickets/"+tk.TicketID, nil)
	}},
	{"DELETE /matchmaking/tickets/{id}", func(w *apiWalk) {
		w.carol.must(http.StatusNoContent, "DELETE", "/api/v1/matchmaking/tickets/"+w.tickets["carol"], nil)
		w.carol.must(http.StatusNotFound, "GET", "/api/v1/matchmaking/tickets/"+w.tickets["carol"], nil)
		w.carol.must(http.StatusNotFound, "DELETE", "/api/v1/matchmaking/tickets/"+w.tickets["carol"], nil)
		w.alice.must(http.StatusConflict, "DELETE", "/api/v1/matchmaking/tickets/"+w.tickets["alice"], nil)
	}},
	{"GET /matches", func(w *apiWalk) {
		w.anon.must(http.StatusOK, "GET", "/api/v1/matches?status=playing&offset=0&limit=10", nil)
		w.anon.must(http.StatusOK, "GET", "/api/v1/matches", nil)
		w.c.refused(func() {
			w.anon.must(http.StatusBadRequest, "GET", "/api/v1/matches?status=finished", nil)
		})
	}},
	{"GET /matches/{id}", func(w *apiWalk) {
		w.anon.must(http.StatusOK, "GET", "/api/v1/matches/"+w.match, nil)
		w.anon.must(http.StatusNotFound, "GET", "/api/v1/matches/nope", nil)
	}},
	{"POST /matches/{id}/moves", func(w *apiWalk) {
		mover, other := w.toMove(w.match)
		other.must(http.StatusConflict, "POST", "/api/v1/matches/"+w.match+"/moves", map[string]int{"column": 3})
		mover.must(http.StatusOK, "POST", "/api/v1/matches/"+w.match+"/moves", map[string]int{"column": 3})
		w.carol.must(http.StatusForbidden, "POST", "/api/v1/matches/"+w.match+"/moves", map[string]int{"column": 3})
		w.c.refused(func() {
			other.must(http.StatusBadRequest, "POST", "/api/v1/matches/"+w.match+"/moves", map[string]int{"column": 7})
		})
	}},
	{"GET /admin/matches", func(w *apiWalk) {
		w.admin.must(http.StatusOK, "GET", "/api/v1/admin/matches", nil)
		w.alice.must(http.StatusForbidden, "GET", "/api/v1/admin/matches", nil)
	}},
	{"POST /matches/{id}/resign", func(w *apiWalk) {
		w.alice.must(http.StatusOK, "POST", "/api/v1/matches/"+w.match+"/resign", nil)
		w.alice.must(http.StatusConflict, "POST", "/api/v1/matches/"+w.match+"/resign", nil)
		// Settled: rating_changes appear.
		waitFor(w.t, 10*time.Second, "the match to be settled", func() bool {
			return strings.Contains(string(w.anon.must(http.StatusOK, "GET", "/api/v1/matches/"+w.match, nil).Body), "rating_changes")
		})
	}},
	{"GET /players/{id}/matches", func(w *apiWalk) {
		w.anon.must(http.StatusOK, "GET", "/api/v1/players/"+w.aliceID+"/matches?offset=0&limit=5", nil)
		w.anon.must(http.StatusNotFound, "GET", "/api/v1/players/00000000-0000-4000-8000-000000000000/matches", nil)
		w.c.refused(func() {
			w.anon.must(http.StatusBadRequest, "GET", "/api/v1/players/"+w.aliceID+"/matches?limit=0", nil)
		})
	}},
	{"GET /players/{id}/ratings/{mode}", func(w *apiWalk) {
		w.anon.must(http.StatusOK, "GET", "/api/v1/players/"+w.aliceID+"/ratings/connect4", nil)
		w.anon.must(http.StatusNotFound, "GET", "/api/v1/players/00000000-0000-4000-8000-000000000000/ratings/connect4", nil)
	}},
	{"POST /admin/matches/{id}/cancel", func(w *apiWalk) {
		// Fresh players: the first match moved alice's and bob's ratings apart.
		dave, _ := w.signUp("")
		erin, _ := w.signUp("")
		id, _ := w.pair(dave, erin)
		w.admin.must(http.StatusOK, "GET", "/api/v1/admin/matches?offset=0&limit=5", nil)
		w.admin.must(http.StatusOK, "POST", "/api/v1/admin/matches/"+id+"/cancel", map[string]string{"reason": "stuck client"})
		w.admin.must(http.StatusConflict, "POST", "/api/v1/admin/matches/"+id+"/cancel", nil)
		w.admin.must(http.StatusOK, "GET", "/api/v1/admin/matches", nil)
	}},
	{"GET /admin/players", func(w *apiWalk) {
		w.admin.must(http.StatusOK, "GET", "/api/v1/admin/players?q=alice&offset=0&limit=5", nil)
		w.admin.must(http.StatusOK, "GET", "/api/v1/admin/players", nil)
		w.admin.must(http.StatusOK, "GET", "/api/v1/admin/players?banned=false&guest=true&sort=rating&order=desc", nil)
		w.admin.must(http.StatusOK, "GET", "/api/v1/admin/players?q="+w.bobID, nil)
		w.c.refused(func() {
			w.admin.must(http.StatusBadRequest, "GET", "/api/v1/admin/players?limit=0", nil)
			w.admin.must(http.StatusBadRequest, "GET", "/api/v1/admin/players?sort=shoe", nil)
			w.anon.must(http.StatusUnauthorized, "GET", "/api/v1/admin/players", nil)
		})
	}},
	{"GET /admin/players/{id}", func(w *apiWalk) {
		w.admin.must(http.StatusOK, "GET", "/api/v1/admin/players/"+w.aliceID, nil)
		w.admin.must(http.StatusNotFound, "GET", "/api/v1/admin/players/00000000-0000-4000-8000-000000000000", nil)
	}},
	{"PATCH /admin/players/{id}", func(w *apiWalk) {
		w.admin.must(http.StatusOK, "PATCH", "/api/v1/admin/players/"+w.carolID, map[string]string{"display_name": "Carol"})
	}},
	{"GET /admin/players/{id}/sessions", func(w *apiWalk) {
		w.admin.must(http.StatusOK, "GET", "/api/v1/admin/players/"+w.aliceID+"/sessions", nil)
	}},
	{"POST /admin/players/{id}/ban", func(w *apiWalk) {
		w.admin.must(http.StatusBadRequest, "POST", "/api/v1/admin/players/"+w.carolID+"/ban",
			map[string]string{"reason": "cheating", "duration": "-5s"})
		w.admin.must(http.StatusOK, "POST", "/api/v1/admin/players/"+w.carolID+"/ban", map[string]string{"reason": "cheating"})
		w.admin.must(http.StatusOK, "POST", "/api/v1/admin/players/"+w.carolID+"/ban",
			map[string]string{"reason": "cheating again", "duration": "72h"})
		w.carol.must(http.StatusUnauthorized, "GET", "/api/v1/me", nil)
		w.anon.must(http.StatusNotFound, "GET", "/api/v1/players/"+w.carolID, nil)
		w.admin.must(http.StatusOK, "GET", "/api/v1/admin/players/"+w.carolID, nil)
	}},
	{"POST /admin/players/{id}/unban", func(w *apiWalk) {
		w.admin.must(http.StatusOK, "POST", "/api/v1/admin/players/"+w.carolID+"/unban", nil)
	}},
	{"POST /admin/players/{id}/sessions/end", func(w *apiWalk) {
		w.admin.must(http.StatusOK, "POST", "/api/v1/admin/players/"+w.carolID+"/sessions/end", nil)
	}},
	{"DELETE /admin/leaderboards/{id}/records/{player_id}", func(w *apiWalk) {
		w.admin.must(http.StatusNoContent, "DELETE", "/api/v1/admin/leaderboards/"+w.board+"/records/"+w.bobID, nil)
		w.admin.must(http.StatusNotFound, "DELETE", "/api/v1/admin/leaderboards/"+w.board+"/records/"+w.bobID, nil)
	}},
	{"PATCH /admin/leaderboards/{id}", func(w *apiWalk) {
		w.admin.must(http.StatusOK, "PATCH", "/api/v1/admin/leaderboards/"+w.board, map[string]string{"title": "Space Race"})
		w.admin.must(http.StatusOK, "PATCH", "/api/v1/admin/leaderboards/"+w.board, map[string]string{"score_label": "Strokes"})
	}},
	{"POST /admin/leaderboards/{id}/reset", func(w *apiWalk) {
		w.admin.must(http.StatusOK, "POST", "/api/v1/admin/leaderboards/"+w.board+"/reset", nil)
		w.anon.must(http.StatusOK, "GET", "/api/v1/leaderboards/"+w.board+"?period=previous", nil)
		w.admin.must(http.StatusNotFound, "POST", "/api/v1/admin/leaderboards/nope/reset", nil)
	}},
	{"POST /admin/players/{id}/leaderboards/{board}/reset", func(w *apiWalk) {
		w.admin.must(http.StatusNoContent, "POST", "/api/v1/admin/players/"+w.aliceID+"/leaderboards/"+w.board+"/reset", nil)
	}},
	{"DELETE /admin/players/{id}", func(w *apiWalk) {
		w.admin.must(http.StatusNoContent, "DELETE", "/api/v1/admin/players/"+w.carolID, nil)
		w.admin.must(http.StatusNotFound, "DELETE", "/api/v1/admin/players/"+w.carolID, nil)
	}},
	{"GET /admin/audit", func(w *apiWalk) {
		var page struct {
			NextBefore string `json:"next_before"`
		}
		w.admin.must(http.StatusOK, "GET", "/api/v1/admin/audit?limit=2", nil).JSON(w.t, &page)
		if page.NextBefore == "" {
			w.t.Fatal("no next_before after a full page of the audit log")
		}
		w.admin.must(http.StatusOK, "GET", "/api/v1/admin/audit?before="+url.QueryEscape(page.NextBefore), nil)
		w.admin.must(http.StatusOK, "GET", "/api/v1/admin/audit?action=ban&actor=boss&target="+w.carolID, nil)
		w.admin.must(http.StatusOK, "GET", "/api/v1/admin/audit?format=csv&action=ban", nil)
		w.c.refused(func() {
			w.admin.must(http.StatusBadRequest, "GET", "/api/v1/admin/audit?action=dance", nil)
		})
	}},
	{"GET /admin/audit.csv", func(w *apiWalk) {
		csv := w.admin.must(http.StatusOK, "GET", "/api/v1/admin/audit.csv?action=ban", nil)
		if !strings.Contains(string(csv.Body), "72h") {
			w.t.Fatalf("the CSV lacks the temporary ban:\n%s", csv.Body)
		}
		w.admin.must(http.StatusOK, "GET", "/api/v1/admin/audit.csv", nil)
	}},
	{"GET /admin/stats", func(w *apiWalk) {
		w.admin.must(http.StatusOK, "GET", "/api/v1/admin/stats", nil)
	}},
	{"POST /me/upgrade", func(w *apiWalk) {
		guest, _ := w.signUp("")
		var si signedIn
		guest.must(http.StatusOK, "POST", "/api/v1/me/upgrade",
			map[string]string{"username": uniqueName("up"), "password": "correct horse"}).JSON(w.t, &si)
		guest.Token = si.Token
		guest.must(http.StatusConflict, "POST", "/api/v1/me/upgrade",
			map[string]string{"username": uniqueName("up"), "password": "correct horse"})
	}},
	{"POST /me/password", func(w *apiWalk) {
		dave, _ := w.signUp(uniqueName("dave"))
		dave.must(http.StatusForbidden, "POST", "/api/v1/me/password", map[string]string{"current": "wrong horse", "new": "staple horse"})
		dave.must(http.StatusNoContent, "POST", "/api/v1/me/password", map[string]string{"current": "correct horse", "new": "staple horse"})
		w.c.refused(func() {
			dave.must(http.StatusBadRequest, "POST", "/api/v1/me/password", map[string]string{"current": "staple horse"})
		})
	}},
	{"POST /me/sessions/end", func(w *apiWalk) {
		erin, _ := w.signUp(uniqueName("erin"))
		erin.must(http.StatusNoContent, "POST", "/api/v1/me/sessions/end", nil)
		erin.must(http.StatusUnauthorized, "GET", "/api/v1/me", nil)
	}},
	{"DELETE /me", func(w *apiWalk) {
		fay, fayID := w.signUp(uniqueName("fay"))
		fay.must(http.StatusBadRequest, "DELETE", "/api/v1/me", map[string]string{})
		fay.must(http.StatusNoContent, "DELETE", "/api/v1/me", map[string]string{"password": "correct horse"})
		w.anon.must(http.StatusNotFound, "GET", "/api/v1/players/"+fayID, nil)
		guest, _ := w.signUp("")
		guest.must(http.StatusNoContent, "DELETE", "/api/v1/me", nil)
	}},
	{"POST /auth/logout", func(w *apiWalk) {
		w.browser.must(http.StatusNoContent, "POST", "/api/v1/auth/logout", nil)
		w.bob.must(http.StatusNoContent, "POST", "/api/v1/auth/logout", nil)
		w.bob.must(http.StatusUnauthorized, "GET", "/api/v1/me", nil)
	}},
}

// TestOpenAPIContract walks every documented operation of the running app
// with real requests and checks each request and answer against the
// document the app serves; an operation the walk does not reach fails it.
func TestOpenAPIContract(t *testing.T) {
	app, _ := startAdminApp(t, nil)
	c := loadContract(t, app.URL)
	w := &apiWalk{t: t, app: app, c: c, anon: c.client(app.URL), admin: c.client(app.URL)}
	var si signedIn
	w.admin.must(http.StatusOK, "POST", "/api/v1/auth/login",
		map[string]string{"username": "boss", "password": "boss-password"}).JSON(t, &si)
	w.admin.Token = si.Token

	for _, step := range apiSteps {
		before := c.seen[step.name]
		step.run(w)
		if t.Failed() {
			t.Fatalf("step %q failed", step.name)
		}
		if c.seen[step.name] == before {
			t.Errorf("step %q did not call %s", step.name, step.name)
		}
	}
	for _, op := range c.operations() {
		if c.seen[op] == 0 {
			t.Errorf("%s is documented but no step exercises it", op)
		}
	}
}
