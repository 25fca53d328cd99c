-- Adds an entry to a sliding-window log whatever its count.
-- KEYS: 1 the log. ARGV: 1 window µs, 2 a unique id. Returns 1.
local window = tonumber(ARGV[1])
local now = trimmed(KEYS[1], window)
record(KEYS[1], now, window, ARGV[2])
return 1
