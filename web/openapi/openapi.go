// Package openapi holds the OpenAPI 3.1 document of Ladder's JSON API. It is
// written as YAML (openapi.yaml, embedded in the binary) and served as JSON.
package openapi

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"
)

//go:embed openapi.yaml
var source []byte

// YAML returns the document as written.
func YAML() []byte { return bytes.Clone(source) }

var (
	once    sync.Once
	encoded []byte
	failure error
)

// JSON returns the document encoded as JSON, converted once. The top-level
// "x-anchors" key only holds YAML anchors shared by operations and is left
// out.
func JSON() ([]byte, error) {
	once.Do(func() { encoded, failure = convert(source) })
	return encoded, failure
}

func convert(src []byte) ([]byte, error) {
	var doc any
	if err := yaml.Unmarshal(src, &doc); err != nil {
		return nil, fmt.Errorf("openapi.yaml: %w", err)
	}
	doc, err := jsonValue(doc)
	if err != nil {
		return nil, err
	}
	if m, ok := doc.(map[string]any); ok {
		delete(m, "x-anchors")
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(doc); err != nil {
		return nil, fmt.Errorf("openapi.yaml as JSON: %w", err)
	}
	return bytes.TrimRight(buf.Bytes(), "\n"), nil
}

// jsonValue turns what YAML decoded into values JSON can hold: mapping keys
// become strings (YAML reads the key 200 as a number).
func jsonValue(v any) (any, error) {
	switch t := v.(type) {
	case map[string]any:
		for k, e := range t {
			j, err := jsonValue(e)
			if err != nil {
				return nil, err
			}
			t[k] = j
		}
		return t, nil
	case map[any]any:
		out := make(map[string]any, len(t))
		for k, e := range t {
			j, err := jsonValue(e)
			if err != nil {
				return nil, err
			}
			key := fmt.Sprint(k)
			if _, dup := out[key]; dup {
				return nil, fmt.Errorf("openapi.yaml: key %q twice", key)
			}
			out[key] = j
		}
		return out, nil
	case []any:
		for i, e := range t {
			j, err := jsonValue(e)
			if err != nil {
				return nil, err
			}
			t[i] = j
		}
		return t, nil
	case string, bool, int, int64, uint64, float64, nil:
		return t, nil
	default:
		return nil, fmt.Errorf("openapi.yaml: unexpected %T", v)
	}
}

// Paths returns "METHOD /path" for every operation in the document, with
// paths as written there (relative to /api/v1, parameters in braces).
func Paths() ([]string, error) {
	js, err := JSON()
	if err != nil {
		return nil, err
	}
	var doc struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(js, &doc); err != nil {
		return nil, err
	}
	var out []string
	for p, item := range doc.Paths {
		for m := range item {
			switch m {
			case "get", "put", "post", "delete", "options", "head", "patch", "trace":
				out = append(out, strings.ToUpper(m)+" "+p)
			}
		}
	}
	return out, nil
}
