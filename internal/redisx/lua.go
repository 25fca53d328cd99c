package redisx

import (
	"embed"
	"io/fs"
	"path"
	"strings"
)

//go:embed lua/*.lua
var luaFS embed.FS

// LuaSource joins the named files of dir in fsys into one script, in the
// order given: shared helpers first, the script itself last, so that one
// EVAL still runs the whole of it atomically. A missing file is a build
// mistake, so it panics when the package's scripts are made.
func LuaSource(fsys fs.FS, dir string, names ...string) string {
	var b strings.Builder
	for _, name := range names {
		src, err := fs.ReadFile(fsys, path.Join(dir, name))
		if err != nil {
			panic("lua script " + name + ": " + err.Error())
		}
		b.Write(src)
		b.WriteByte('\n')
	}
	return b.String()
}

// mustLua returns the source of this package's scripts in lua/.
func mustLua(names ...string) string { return LuaSource(luaFS, "lua", names...) }
