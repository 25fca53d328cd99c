package web

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/ladder/ladder/internal/game"
	"github.com/ladder/ladder/internal/game/targetrush"
)

// queryInt reads an optional non-negative integer query parameter.
func queryInt(c echo.Context, name string, def int) (int, error) {
	v := c.QueryParam(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return 0, game.Invalidf("%s must be a non-negative integer", name)
	}
	return n, nil
}

func (s *Server) apiBoards(c echo.Context) error {
	list, err := s.boards.List(c.Request().Context())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, list)
}

func (s *Server) apiBoard(c echo.Context) error {
	offset, err := queryInt(c, "offset", 0)
	if err != nil {
		return err
	}
	limit, err := queryInt(c, "limit", 10)
	if err != nil {
		return err
	}
	if _, pretty := c.QueryParams()["pretty"]; pretty || c.Echo().Debug {
		page, err := s.boards.Top(c.Request().Context(), c.Param("id"), c.QueryParam("period"), offset, limit)
		if err != nil {
			return err
		}
		return c.JSON(http.StatusOK, page)
	}
	// The cached encoding is byte for byte what c.JSON would write. Its
	// length is known, so a long page goes out whole rather than chunked
	// (one system call fewer per page of more than 2 KB).
	js, err := s.boards.TopJSON(c.Request().Context(), c.Param("id"), c.QueryParam("period"), offset, limit)
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderContentLength, strconv.Itoa(len(js)))
	return c.Blob(http.StatusOK, echo.MIMEApplicationJSON, js)
}

func (s *Server) apiBoardAround(c echo.Context) error {
	radius, err := queryInt(c, "radius", 5)
	if err != nil {
		return err
	}
	page, err := s.boards.Around(c.Request().Context(), c.Param("id"), c.QueryParam("period"), c.Param("player_id"), radius)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, page)
}

func (s *Server) apiBoardPlayer(c echo.Context) error {
	st, err := s.boards.Standing(c.Request().Context(), c.Param("id"), c.QueryParam("period"), c.Param("player_id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, st)
}

// integerRE is a JSON number that is a plain integer: no fraction, no
// exponent, so 1.5, 1e3 and "12" are all refused rather than rounded.
var integerRE = regexp.MustCompile(`^-?[0-9]{1,19}$`)

func (s *Server) apiSubmitScore(c echo.Context) error {
	var in struct {
		Score json.RawMessage    `json:"score"`
		RunID string             `json:"run_id"`
		Hits  []targetrush.Click `json:"hits"`
	}
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	if len(in.Score) == 0 || !integerRE.Match(in.Score) {
		return game.Invalidf("score must be an integer")
	}
	score, err := strconv.ParseInt(string(in.Score), 10, 64)
	if err != nil {
		return game.Invalidf("score must be an integer")
	}
	res, err := s.boards.Submit(c.Request().Context(), c.Param("id"), currentPlayer(c),
		game.Submission{Score: score, RunID: in.RunID, Hits: in.Hits})
	s.countScore(c, err)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, res)
}

func (s *Server) apiStartRun(c echo.Context) error {
	var in struct{}
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	run, err := s.targetRush.StartRun(c.Request().Context(), currentPlayer(c).ID)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, run)
}

func (s *Server) apiCreateBoard(c echo.Context) error {
	var in struct {
		ID       string `json:"id"`
		Title    string `json:"title"`
		Order    string `json:"order"`
		Operator string `json:"operator"`
		Reset    string `json:"reset"`
		MaxScore *int64 `json:"max_score"`
		// ScoreLabel is optional; absent or blank means "Score".
		ScoreLabel string `json:"score_label"`
	}
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	def := game.Leaderboard{ID: in.ID, Title: in.Title, Order: in.Order, Operator: in.Operator, Reset: in.Reset, ScoreLabel: in.ScoreLabel}
	if in.MaxScore != nil {
		if *in.MaxScore < 1 {
			return game.Invalidf("max_score must be from 1 to %d", game.MaxMaxScore)
		}
		def.MaxScore = *in.MaxScore
	}
	b, err := s.createBoard(c, def)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, b)
}

// apiBoardFind finds players on a board by the start of their username or
// display name (see game.Boards.FindByName).
func (s *Server) apiBoardFind(c echo.Context) error {
	out, err := s.boards.FindByName(c.Request().Context(), c.Param("id"), c.QueryParam("period"), c.QueryParam("q"), boardFindLimit)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"players": out})
}

// boardFindLimit is how many players a board search answers.
const boardFindLimit = 5

// apiBoardPlace answers the rank a score would have on a board now.
func (s *Server) apiBoardPlace(c echo.Context) error {
	v := c.QueryParam("score")
	if !integerRE.MatchString(v) {
		return game.Invalidf("score must be an integer")
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return game.Invalidf("score must be an integer")
	}
	st, err := s.boards.Place(c.Request().Context(), c.Param("id"), c.QueryParam("period"), n)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, st)
}
