-- Reads the top and the board's change counter in one atomic step, so a
-- snapshot's seq always matches its entries; stale as top.lua.
-- Needs lib_rank.lua and lib_names.lua before it.
-- KEYS: 1 scores, 2 seq, 3 state, 4 names. ARGV: 1 order, 2 n, 3 expected gen.
-- Returns {-1} when stale, else {seq, total, member, score, name, ...}.
if (redis.call('HGET', KEYS[3], 'gen') or '0') ~= ARGV[3] then return {-1} end
local seq = tonumber(redis.call('GET', KEYS[2]) or '0')
local out = {seq, redis.call('ZCARD', KEYS[1])}
return withNames(out, KEYS[4], range(KEYS[1], ARGV[1], 0, tonumber(ARGV[2]) - 1))
