-- Puts a player's hidden entries back (an unban) with the place in tie
-- order they had. Needs lib_periods.lua before it.
-- KEYS: 1 banned, 2 seq, 3 names, then (scores, members, hidden, times) per
-- period.
-- ARGV: 1 player. Returns how many entries came back.
local n = eachPeriod(function(z, mem, hid, _, p)
  local h = redis.call('HGET', hid, p)
  if not h then return 0 end
  local bar = string.find(h, '|', 1, true)
  local m, s = string.sub(h, 1, bar - 1), string.sub(h, bar + 1)
  local ttl = redis.call('PTTL', hid)
  redis.call('ZADD', z, s, m)
  redis.call('HSET', mem, p, m)
  if ttl > 0 then
    redis.call('PEXPIRE', z, ttl)
    redis.call('PEXPIRE', mem, ttl)
  end
  redis.call('HDEL', hid, p)
  return 1
end)
redis.call('SREM', KEYS[1], ARGV[1])
return changed(n)
