package web

import (
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/ladder/ladder/internal/game"
)

// decodeJSON reads a JSON request body into v, strictly: one object, no
// unknown fields, the right types. An empty body decodes as {} so that
// requests without parameters may omit it.
func decodeJSON(c echo.Context, v any) error {
	r := c.Request()
	if r.ContentLength == 0 && r.Body == http.NoBody {
		return nil
	}
	// The body is read as JSON whatever Content-Type says (curl -d sends a
	// form type); a multipart upload, though, is certainly not meant for us.
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt == "multipart/form-data" {
		return echo.NewHTTPError(http.StatusUnsupportedMediaType, "send the body as application/json")
	}
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if errors.Is(err, io.EOF) {
		return nil
	}
	if err != nil {
		return jsonError(err)
	}
	if dec.More() {
		return game.Invalidf("the body must hold a single JSON object")
	}
	return nil
}

func jsonError(err error) error {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &mbe):
		return echo.NewHTTPError(http.StatusRequestEntityTooLarge)
	case errors.As(err, &se):
		return game.Invalidf("malformed JSON at byte %d", se.Offset)
	case errors.As(err, &te):
		if te.Field != "" {
			return game.Invalidf("field %q must be a %s", te.Field, jsonKind(te.Type.Kind().String()))
		}
		return game.Invalidf("the body must be a JSON object")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return game.Invalidf("malformed JSON: unexpected end of body")
	default:
		if msg := err.Error(); len(msg) > 14 && msg[:14] == "json: unknown " {
			return game.Invalidf("%s", msg[6:])
		}
		return game.Invalidf("malformed JSON: %v", err)
	}
}

func jsonKind(k string) string {
	switch k {
	case "int", "int64", "int32", "uint", "uint64", "float64":
		return "number"
	case "bool":
		return "boolean"
	case "slice":
		return "list"
	case "map", "struct":
		return "object"
	}
	return k
}
