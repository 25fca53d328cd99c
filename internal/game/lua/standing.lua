-- Reads one player's rank, score, the board's size and when the player
-- reached the score. Needs lib_rank.lua before it.
-- KEYS: 1 scores, 2 members, 3 times. ARGV: 1 player, 2 order.
-- Returns {} when absent, else {rank (1-based), score, total, unix ms or
-- "" for a score older than the times}.
local m = redis.call('HGET', KEYS[2], ARGV[1])
if not m then return {} end
local r = rank(KEYS[1], ARGV[2], m)
if not r then return {} end
return {r + 1, redis.call('ZSCORE', KEYS[1], m), redis.call('ZCARD', KEYS[1]), redis.call('HGET', KEYS[3], ARGV[1]) or ''}
