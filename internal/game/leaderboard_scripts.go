package game

import (
	"github.com/redis/go-redis/v9"

	"github.com/ladder/ladder/internal/redisx"
)

// Sorted-set layout. The score is the real score. The member is
// "<15-digit order>:<player id>", where order is the board's change counter
// (BoardSeq) at the moment the player reached their current score —
// inverted (999999999999999 - seq) on desc boards so that, among equal
// scores, ZREVRANGE lists whoever got there first first, and plain on asc
// boards where ZRANGE does the same. Ties are therefore exact (no clock is
// involved) for the first 10^15 changes of a board. BoardMembers maps a
// player to their member so a lookup never scans.

// The scripts are in lua/, each with its KEYS and ARGV at its top;
// lib_rank.lua (board order) and lib_names.lua (the display-name map) are
// shared helpers loaded in front of the scripts that call them.

// submitScript applies one score with the board's operator.
var submitScript = redis.NewScript(mustLua("lib_rank.lua", "lib_names.lua", "submit.lua"))

// submitLimitedScript takes the player's score-limit slot and applies the
// score in one step, where both live on one Redis.
var submitLimitedScript = redis.NewScript(redisx.WindowLib() +
	mustLua("lib_rank.lua", "lib_names.lua", "submit_limited_head.lua", "submit.lua", "submit_limited.lua"))

// topScript reads a page of a board with its size, display names and the
// board's change counter, unless the board was reset or the caller's cached
// copy is still current.
var topScript = redis.NewScript(mustLua("lib_rank.lua", "lib_names.lua", "top.lua"))

// liveTopScript reads the top and the board's change counter in one atomic
// step, so a snapshot's seq always matches its entries.
var liveTopScript = redis.NewScript(mustLua("lib_rank.lua", "lib_names.lua", "live_top.lua"))

// aroundScript reads the entries around one player.
var aroundScript = redis.NewScript(mustLua("lib_rank.lua", "lib_names.lua", "around.lua"))

// setNameScript records a player's display name on one board (a rename).
var setNameScript = redis.NewScript(mustLua("lib_names.lua", "set_name.lua"))

// standingScript reads one player's rank, score, the board's size and
// when the player reached the score.
var standingScript = redis.NewScript(mustLua("lib_rank.lua", "standing.lua"))

// hideScript, restoreScript and removeScript walk a player's entries in
// every period of a board, the walk shared in lib_periods.lua: a ban moves
// them aside, an unban puts them back, a removal deletes them.
var (
	hideScript    = redis.NewScript(mustLua("lib_periods.lua", "hide.lua"))
	restoreScript = redis.NewScript(mustLua("lib_periods.lua", "restore.lua"))
	removeScript  = redis.NewScript(mustLua("lib_periods.lua", "remove.lua"))
)

// resetScript starts a new generation: what was current becomes previous.
var resetScript = redis.NewScript(mustLua("reset.lua"))
