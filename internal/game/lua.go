package game

import (
	"embed"

	"github.com/ladder/ladder/internal/redisx"
)

// Each Lua script lives in lua/ with its KEYS and ARGV described at its top.
//
//go:embed lua/*.lua
var luaFS embed.FS

// mustLua returns the source of the named files of lua/, joined in order
// (shared helpers first, the script last).
func mustLua(names ...string) string { return redisx.LuaSource(luaFS, "lua", names...) }
