package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/labstack/echo/v4"

	"github.com/ladder/ladder/web/openapi"
)

// echoParam matches an Echo path parameter (":id").
var echoParam = regexp.MustCompile(`:([A-Za-z_]+)`)

// apiRoutes lists the server's /api/v1 routes as "METHOD /path", written
// the OpenAPI way ("/players/{id}"), without the catch-all that answers
// unknown paths.
func apiRoutes(s *Server) []string {
	var out []string
	for _, r := range s.Routes() {
		p, ok := strings.CutPrefix(r.Path, "/api/v1/")
		if !ok || strings.HasSuffix(p, "*") || r.Method == echo.RouteNotFound {
			continue
		}
		out = append(out, r.Method+" "+echoParam.ReplaceAllString("/"+p, "{$1}"))
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// TestOpenAPIDocumentIsValid: the document is well-formed OpenAPI 3.1, its
// examples included.
func TestOpenAPIDocumentIsValid(t *testing.T) {
	js, err := openapi.JSON()
	if err != nil {
		t.Fatal(err)
	}
	doc, err := openapi3.NewLoader().LoadFromData(js)
	if err != nil {
		t.Fatal(err)
	}
	if doc.OpenAPI != "3.1.0" {
		t.Fatalf("openapi = %q, want 3.1.0", doc.OpenAPI)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(js), "x-anchors") {
		t.Fatal("the served document still holds the YAML anchors")
	}
}

// TestOpenAPIDocumentsEveryRoute: every /api/v1 route of the server is in
// the document, and the document names no route the server lacks.
func TestOpenAPIDocumentsEveryRoute(t *testing.T) {
	routes := apiRoutes(New(Config{}, Deps{Log: discardLog()}))
	if len(routes) < 30 {
		t.Fatalf("only %d API routes found: %v", len(routes), routes)
	}
	documented, err := openapi.Paths()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range routes {
		if !slices.Contains(documented, r) {
			t.Errorf("%s is served but not in web/openapi/openapi.yaml", r)
		}
	}
	for _, d := range documented {
		if !slices.Contains(routes, d) {
			t.Errorf("%s is in web/openapi/openapi.yaml but not served", d)
		}
	}
}

// TestOpenAPIServed: the document is served as JSON, byte for byte what
// the package holds, and the docs page loads only this site's files.
func TestOpenAPIServed(t *testing.T) {
	srv := New(Config{}, Deps{Log: discardLog()})
	rec := httptest.NewRecorder()
	srv.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/v1/openapi.json", nil))
	want, _ := openapi.JSON()
	if rec.Code != http.StatusOK || rec.Body.String() != string(want) {
		t.Fatalf("status %d, body %.200s", rec.Code, rec.Body.String())
	}
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("Content-Type %q", ct)
	}
	rec = httptest.NewRecorder()
	srv.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/docs", nil))
	body := rec.Body.String()
	if rec.Code != http.StatusOK || !strings.Contains(body, `data-spec-url="/api/v1/openapi.json"`) ||
		!strings.Contains(body, "/static/vendor/swagger-ui/swagger-ui-bundle.js?v=") {
		t.Fatalf("docs page: status %d\n%s", rec.Code, body)
	}
	if strings.Contains(body, "<style") || strings.Contains(body, "<script>") || strings.Contains(body, "https://") {
		t.Fatalf("docs page has inline code or outside links:\n%s", body)
	}
}
