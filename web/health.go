package web

import (
	"io/fs"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/ladder/ladder/internal/redisx"
	"github.com/ladder/ladder/static"
)

// healthz says the process is up.
func (s *Server) healthz(c echo.Context) error {
	return c.JSON(http.StatusOK, map[string]string{"status": "ok"})
}

// readyz says whether Redis answers and accepts writes; load balancers stop
// sending traffic to an instance that cannot use it.
func (s *Server) readyz(c echo.Context) error {
	err := redisx.Ping(c.Request().Context(), s.rdb)
	if err == nil {
		err = redisx.CheckWritable(c.Request().Context(), s.rdb, s.keys.Prefix()+":readyz")
	}
	if err != nil {
		return c.JSON(http.StatusServiceUnavailable, map[string]string{"status": "unavailable", "redis": err.Error()})
	}
	return c.JSON(http.StatusOK, map[string]string{"status": "ready"})
}

// staticFiles serves the embedded assets; versioned URLs are cached for a
// year since their content can never change.
func (s *Server) staticFiles() echo.HandlerFunc {
	files := http.FileServer(http.FS(static.FS))
	return func(c echo.Context) error {
		name := strings.TrimPrefix(c.Param("*"), "/")
		if st, err := fs.Stat(static.FS, name); err != nil || st.IsDir() {
			return echo.NewHTTPError(http.StatusNotFound, "no such file")
		}
		h := c.Response().Header()
		if c.QueryParam("v") != "" {
			h.Set("Cache-Control", "public, max-age=31536000, immutable")
		} else {
			h.Set("Cache-Control", "public, max-age=300")
		}
		r := c.Request().Clone(c.Request().Context())
		r.URL.Path = "/" + name
		files.ServeHTTP(c.Response(), r)
		return nil
	}
}
