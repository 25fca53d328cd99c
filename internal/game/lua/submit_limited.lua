end
-- Applies a score (submit.lua) only if the player's sliding-window score
-- limit has room, and records the call in the limit's log only when the
-- score was applied: a refused or failed call uses up nothing. One script
-- for both is possible where the log and the board live on one Redis (not
-- on a Cluster, where they sit in different slots).
-- Needs lib_window.lua, lib_rank.lua, lib_names.lua, then
-- submit_limited_head.lua and submit.lua, before it.
-- KEYS: 1-8 as submit.lua, 9 the limit's log. ARGV: 1-12 as submit.lua,
-- 13 limit, 14 window µs, 15 a unique id.
-- Returns {'limited', retry-after µs} when the window is full, else what
-- submit.lua returns.
local limit, window = tonumber(ARGV[13]), tonumber(ARGV[14])
local now = trimmed(KEYS[9], window)
local n = redis.call('ZCARD', KEYS[9])
if n >= limit then return {'limited', retryAfter(KEYS[9], now, window, n, limit)} end
local res = applyScore()
if res[1] == 'ok' then record(KEYS[9], now, window, ARGV[15]) end
return res
