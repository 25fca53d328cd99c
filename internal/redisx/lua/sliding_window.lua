-- An exact sliding-window log: one sorted-set member per admitted call,
-- scored by the server's clock in microseconds so every app instance agrees.
-- A refused call is not recorded; an entry made at t stops counting at
-- exactly t+window.
-- KEYS: 1 the log. ARGV: 1 limit, 2 window µs, 3 a unique id.
-- Returns {admitted 0/1, remaining, retry-after µs, member}.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local n = redis.call('ZCARD', KEYS[1])
if n < limit then
  local member = string.format('%d', now) .. '-' .. ARGV[3]
  redis.call('ZADD', KEYS[1], now, member)
  redis.call('PEXPIRE', KEYS[1], math.ceil(window / 1000))
  return {1, limit - n - 1, 0, member}
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
local retry = 1
if oldest[2] then retry = tonumber(oldest[2]) + window - now end
if retry < 1 then retry = 1 end
return {0, 0, retry, ''}
