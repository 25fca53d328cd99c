-- Writes one player's share of a settlement, once.
-- KEYS: 1 player hash, 2 player history. ARGV: 1 match id, 2 end ms,
-- 3 mode, 4 rating, 5 rd, 6 vol, 7 counter ("wins", "losses", "draws", or
-- "" for history only), 8 history entries kept, 9 drop entries that ended
-- before this unix ms (their matches have expired).
-- Returns 1 when applied, 0 when applied before, -1 when the player is gone.
if redis.call('ZSCORE', KEYS[2], ARGV[1]) then return 0 end
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
if ARGV[7] ~= '' then
  redis.call('HSET', KEYS[1], ARGV[3]..':rating', ARGV[4], ARGV[3]..':rd', ARGV[5], ARGV[3]..':vol', ARGV[6])
  redis.call('HINCRBY', KEYS[1], ARGV[3]..':games', 1)
  redis.call('HINCRBY', KEYS[1], ARGV[3]..':'..ARGV[7], 1)
end
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', '(' .. ARGV[9])
redis.call('ZREMRANGEBYRANK', KEYS[2], 0, -tonumber(ARGV[8]) - 1)
return 1
