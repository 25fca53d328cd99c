-- Shared by hide.lua, restore.lua and remove.lua, loaded before each: the
-- walk over a player's entries in every period of a board.
-- KEYS: 1 banned, 2 seq, 3 names, then (scores, members, hidden, times) per
-- period. ARGV: 1 player.
-- eachPeriod calls fn(scores, members, hidden, times, player) for every period and
-- returns the sum of what the calls return (entries changed); changed counts
-- a change of the board when any entry changed, so cached pages are read
-- afresh, and returns n.
local function eachPeriod(fn)
  local n = 0
  for i = 4, #KEYS, 4 do
    n = n + fn(KEYS[i], KEYS[i + 1], KEYS[i + 2], KEYS[i + 3], ARGV[1])
  end
  return n
end
local function changed(n)
  if n > 0 then redis.call('INCR', KEYS[2]) end
  return n
end
