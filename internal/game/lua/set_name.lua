-- Records a player's display name on one board (a rename) and, when that
-- changed the map, counts a change of the board so cached pages showing
-- the old name are read afresh. Needs lib_names.lua before it.
-- KEYS: 1 names, 2 seq. ARGV: 1 player, 2 name version, 3 name.
-- Returns 1 when the map changed, else 0.
local n = setName(KEYS[1], ARGV[1], ARGV[2], ARGV[3])
if n == 1 then redis.call('INCR', KEYS[2]) end
return n
