-- Asks whether a sliding-window log has room, recording nothing.
-- KEYS: 1 the log. ARGV: 1 limit, 2 window µs.
-- Returns {admitted 0/1, remaining, retry-after µs}.
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local now = trimmed(KEYS[1], window)
local n = redis.call('ZCARD', KEYS[1])
if n < limit then return {1, limit - n, 0} end
return {0, 0, retryAfter(KEYS[1], now, window, n, limit)}
