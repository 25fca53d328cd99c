-- An exact sliding-window log: one sorted-set member per admitted call.
-- A refused call is not recorded; an entry made at t stops counting at
-- exactly t+window.
-- KEYS: 1 the log. ARGV: 1 limit, 2 window µs, 3 a unique id.
-- Returns {admitted 0/1, remaining, retry-after µs, member}.
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local now = trimmed(KEYS[1], window)
local n = redis.call('ZCARD', KEYS[1])
if n < limit then
  return {1, limit - n - 1, 0, record(KEYS[1], now, window, ARGV[3])}
end
return {0, 0, retryAfter(KEYS[1], now, window, n, limit), ''}
