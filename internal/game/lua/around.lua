-- Reads the entries around one player.
-- Needs lib_rank.lua and lib_names.lua before it.
-- KEYS: 1 scores, 2 members, 3 names. ARGV: 1 player, 2 order, 3 radius.
-- Returns {} when the player has no entry, else {total, rank of the first
-- entry (1-based), player's rank, member, score, name, ...}.
local m = redis.call('HGET', KEYS[2], ARGV[1])
if not m then return {} end
local r = rank(KEYS[1], ARGV[2], m)
if not r then return {} end
local radius = tonumber(ARGV[3])
local a = r - radius
if a < 0 then a = 0 end
local out = {redis.call('ZCARD', KEYS[1]), a + 1, r + 1}
return withNames(out, KEYS[3], range(KEYS[1], ARGV[2], a, r + radius))
