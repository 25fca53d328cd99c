// Package static holds Ladder's CSS, JavaScript and images, embedded in the
// binary and served with content-hashed URLs so browsers may cache them
// forever.
package static

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"sync"
)

func init() {
	// Not every system's MIME table knows the web font type.
	_ = mime.AddExtensionType(".woff2", "font/woff2")
}

//go:embed css js img fonts vendor
var files embed.FS

// FS is the embedded static tree ("css/app.css", "js/app.js", ...).
var FS fs.FS = files

var (
	hashesOnce sync.Once
	hashes     map[string]string
)

func loadHashes() {
	hashes = map[string]string{}
	_ = fs.WalkDir(files, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(files, p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		hashes[p] = hex.EncodeToString(sum[:4])
		return nil
	})
}

// URL returns the public URL of an embedded file with a version derived from
// its content, e.g. "/static/css/app.css?v=1a2b3c4d".
func URL(name string) string {
	hashesOnce.Do(loadHashes)
	if h, ok := hashes[name]; ok {
		return "/static/" + name + "?v=" + h
	}
	return "/static/" + name
}
