-- Deletes a player's entries, visible or hidden, with their times.
-- Needs lib_periods.lua before it.
-- KEYS: 1 banned, 2 seq, 3 names, then (scores, members, hidden, times) per
-- period.
-- ARGV: 1 player, 2 "1" to also forget a ban (the player is deleted for
-- good), 3 "1" to also forget the display name (no period of the board
-- keeps an entry). Returns how many entries went.
local n = eachPeriod(function(z, mem, hid, times, p)
  local gone = 0
  redis.call('HDEL', times, p)
  local m = redis.call('HGET', mem, p)
  if m then
    gone = redis.call('ZREM', z, m)
    redis.call('HDEL', mem, p)
  end
  return gone + redis.call('HDEL', hid, p)
end)
if ARGV[2] == '1' then redis.call('SREM', KEYS[1], ARGV[1]) end
if ARGV[3] == '1' then redis.call('HDEL', KEYS[3], ARGV[1]) end
return changed(n)
