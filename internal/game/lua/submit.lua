-- Applies one score with the board's operator. Needs lib_rank.lua and
-- lib_names.lua before it.
-- KEYS: 1 state, 2 scores, 3 members, 4 seq, 5 banned, 6 periods, 7 names,
-- 8 times.
-- ARGV: 1 player, 2 score, 3 operator, 4 order, 5 max_score, 6 expected gen,
-- 7 expire-at unix seconds (0 = never), 8 period id, 9 how many top ranks
-- get rank.changed notifications, 10 the player's name version, 11 their
-- display name ("" = leave the name map alone), 12 now (unix ms), kept in
-- times as when the player reached the new score.
-- Returns {status, improved, score, rank, previous rank (0 = new), changed,
-- rank of the first passed player, {passed member, ...}}; status is "ok",
-- "stale" (a reset moved the board on: reload and retry), "banned" or
-- "over" (an incr would pass max_score). A score that changes nothing (the
-- common case on best boards) only reads the player's rank.
local player, op, order = ARGV[1], ARGV[3], ARGV[4]
local score, max = tonumber(ARGV[2]), tonumber(ARGV[5])
local gen = redis.call('HGET', KEYS[1], 'gen') or '0'
if gen ~= ARGV[6] then return {'stale'} end
if redis.call('SISMEMBER', KEYS[5], player) == 1 then return {'banned'} end
local renamed = 0
if ARGV[11] ~= '' then renamed = setName(KEYS[7], player, ARGV[10], ARGV[11]) end
local old = redis.call('HGET', KEYS[3], player)
local oldScore
if old then oldScore = tonumber(redis.call('ZSCORE', KEYS[2], old)) end
if not oldScore then old = nil end
local function better(a, b)
  if order == 'asc' then return a < b end
  return a > b
end
local new = score
if op == 'incr' and oldScore then
  new = oldScore + score
  if new > max then return {'over'} end
elseif op == 'best' and oldScore and not better(score, oldScore) then
  new = oldScore
end
if oldScore and new == oldScore then
  -- Cached pages show names: a name that changed is a change of the board.
  if renamed == 1 then redis.call('INCR', KEYS[4]) end
  local r = rank(KEYS[2], order, old) + 1
  return {'ok', 0, string.format('%.0f', oldScore), r, r, 0}
end
local oldRank
if old then
  oldRank = rank(KEYS[2], order, old)
  redis.call('ZREM', KEYS[2], old)
end
local seq = redis.call('INCR', KEYS[4])
local ord = seq
if order ~= 'asc' then ord = 999999999999999 - seq end
local member = string.format('%015d', ord) .. ':' .. player
redis.call('ZADD', KEYS[2], new, member)
redis.call('HSET', KEYS[3], player, member)
redis.call('HSET', KEYS[8], player, ARGV[12])
if not old then redis.call('SADD', KEYS[6], ARGV[8]) end
local exp = tonumber(ARGV[7])
if exp > 0 then
  redis.call('EXPIREAT', KEYS[2], exp)
  redis.call('EXPIREAT', KEYS[3], exp)
  redis.call('EXPIREAT', KEYS[8], exp)
end
local newRank = rank(KEYS[2], order, member)
local improved = 0
if (not oldScore) or better(new, oldScore) then improved = 1 end
local prev = 0
if oldRank then prev = oldRank + 1 end
-- Everyone between the old and the new place moved by one. Only the top
-- ranks (ARGV[9]) are told, which bounds the work of one submission; the
-- range is read in one call and handed back as it is.
local limit = tonumber(ARGV[9])
local lo, hi
if not oldRank then lo, hi = newRank + 1, limit - 1
elseif newRank < oldRank then lo, hi = newRank + 1, oldRank
else lo, hi = oldRank, newRank - 1 end
if hi > limit - 1 then hi = limit - 1 end
local passed = {}
if lo <= hi then passed = members(KEYS[2], order, lo, hi) end
return {'ok', improved, string.format('%.0f', new), newRank + 1, prev, 1, lo + 1, passed}
