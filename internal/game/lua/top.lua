-- Reads a page of a board with its size, display names and the board's
-- change counter, unless the board was reset since the caller read its
-- state (the caller's period ids would then be wrong: it reloads and
-- retries) or the counter still has the value of the caller's cached copy.
-- The counter comes with the board's epoch, a value made the first time a
-- page is read after the board's state was created: should Redis lose its
-- data, the counter starts again from zero but the epoch differs, so an old
-- copy cannot pass for a new one with the same counter.
-- Needs lib_rank.lua and lib_names.lua before it.
-- KEYS: 1 state, 2 scores, 3 names, 4 seq. ARGV: 1 order, 2 offset,
-- 3 limit, 4 expected gen, 5 seq of the cached copy (-1 = none), 6 its
-- epoch.
-- Returns {-1} when stale, {-2} when unchanged, else
-- {total, seq, epoch, member, score, name, ...}.
local st = redis.call('HMGET', KEYS[1], 'gen', 'epoch')
if (st[1] or '0') ~= ARGV[4] then return {-1} end
local epoch = st[2]
if not epoch then
  local t = redis.call('TIME')
  epoch = t[1] .. string.format('%06d', tonumber(t[2]))
  -- Best effort: a server refusing writes still serves the page, and an
  -- epoch it could not store never matches a cached copy.
  redis.pcall('HSET', KEYS[1], 'epoch', epoch)
end
local seq = tonumber(redis.call('GET', KEYS[4]) or '0')
if seq == tonumber(ARGV[5]) and epoch == ARGV[6] then return {-2} end
local total = redis.call('ZCARD', KEYS[2])
local out = {total, seq, epoch}
local a = tonumber(ARGV[2])
local n = tonumber(ARGV[3])
if n > 0 and a < total then
  withNames(out, KEYS[3], range(KEYS[2], ARGV[1], a, a + n - 1))
end
return out
