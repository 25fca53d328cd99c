-- Shared helpers, loaded before a script that uses them; they take their
-- keys as arguments and read no KEYS or ARGV of their own.
-- rank: the 0-based rank of a member in board order ('asc' or 'desc');
-- range and members: a slice of the board in that order, with or without
-- scores.
local function rank(z, order, m)
  if order == 'asc' then return redis.call('ZRANK', z, m) end
  return redis.call('ZREVRANK', z, m)
end
local function range(z, order, a, b)
  if order == 'asc' then return redis.call('ZRANGE', z, a, b, 'WITHSCORES') end
  return redis.call('ZREVRANGE', z, a, b, 'WITHSCORES')
end
local function members(z, order, a, b)
  if order == 'asc' then return redis.call('ZRANGE', z, a, b) end
  return redis.call('ZREVRANGE', z, a, b)
end
