-- Moves a player's entries aside (a ban) and marks them banned on the
-- board, so that a submission racing with the ban is refused. The time of
-- each entry stays where it is, for the unban.
-- Needs lib_periods.lua before it.
-- KEYS: 1 banned, 2 seq, 3 names, then (scores, members, hidden, times) per
-- period.
-- ARGV: 1 player. Returns how many entries were hidden.
local n = eachPeriod(function(z, mem, hid, _, p)
  local m = redis.call('HGET', mem, p)
  if not m then return 0 end
  local hidden = 0
  local s = redis.call('ZSCORE', z, m)
  if s then
    redis.call('HSET', hid, p, m .. '|' .. s)
    local ttl = redis.call('PTTL', z)
    if ttl > 0 then redis.call('PEXPIRE', hid, ttl) end
    redis.call('ZREM', z, m)
    hidden = 1
  end
  redis.call('HDEL', mem, p)
  return hidden
end)
redis.call('SADD', KEYS[1], ARGV[1])
return changed(n)
