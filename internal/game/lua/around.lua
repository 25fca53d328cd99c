-- Reads the entries around one player, unless the board was reset since
-- the caller read its state (the caller's period id would then be wrong:
-- it reloads and retries).
-- Needs lib_rank.lua and lib_names.lua before it.
-- KEYS: 1 state, 2 scores, 3 members, 4 names. ARGV: 1 player, 2 order,
-- 3 radius, 4 expected gen.
-- Returns {-1} when stale, {} when the player has no entry, else {total,
-- rank of the first entry (1-based), player's rank, member, score, name, ...}.
if (redis.call('HGET', KEYS[1], 'gen') or '0') ~= ARGV[4] then return {-1} end
local m = redis.call('HGET', KEYS[3], ARGV[1])
if not m then return {} end
local r = rank(KEYS[2], ARGV[2], m)
if not r then return {} end
local radius = tonumber(ARGV[3])
local a = r - radius
if a < 0 then a = 0 end
local out = {redis.call('ZCARD', KEYS[2]), a + 1, r + 1}
return withNames(out, KEYS[4], range(KEYS[2], ARGV[2], a, r + radius))
