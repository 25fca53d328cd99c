package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/ladder/ladder/templates"
	"github.com/ladder/ladder/web/openapi"
)

// openAPIPath is where the API's OpenAPI document is served.
const openAPIPath = "/api/v1/openapi.json"

// apiOpenAPI serves the OpenAPI document of the JSON API.
func (s *Server) apiOpenAPI(c echo.Context) error {
	js, err := openapi.JSON()
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "public, max-age=300")
	return c.Blob(http.StatusOK, echo.MIMEApplicationJSON, js)
}

// apiDocsPage renders the OpenAPI document for people.
func (s *Server) apiDocsPage(c echo.Context) error {
	return s.render(c, templates.APIDocs(s.page(c, "API reference"), openAPIPath))
}
