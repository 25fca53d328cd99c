-- Turns a rematch offer into a claimed pair atomically; a player still
-- waiting in the queue leaves it, their ticket ending as matched.
-- KEYS: 1 offer, 2 busy of the offerer, 3 busy of the accepter, 4 pending,
-- 5 offerer's ticket, 6 accepter's ticket, 7 offerer's pointer,
-- 8 accepter's pointer, 9 tickets, 10 seen.
-- ARGV: 1 offerer id, 2 accepter id, 3 new match id, 4 pending JSON,
-- 5 prefix of the tickets' done keys, 6 done ttl s.
-- Returns "ok", "gone" (no such offer for the accepter) or "busy" (a seat
-- is taken). Every key, the done keys included, carries the queue's tag.
if redis.call('GET', KEYS[1]) ~= ARGV[1] .. '|' .. ARGV[2] then return 'gone' end
if redis.call('EXISTS', KEYS[2]) == 1 or redis.call('EXISTS', KEYS[3]) == 1 then return 'busy' end
for i = 5, 6 do
  local tid = redis.call('GET', KEYS[i])
  if tid then
    redis.call('HDEL', KEYS[9], tid)
    redis.call('HDEL', KEYS[10], tid)
    redis.call('DEL', KEYS[i])
    redis.call('SET', ARGV[5] .. tid, 'matched|' .. ARGV[i - 4] .. '|' .. ARGV[3], 'EX', ARGV[6])
  end
end
redis.call('SET', KEYS[2], ARGV[3])
redis.call('SET', KEYS[3], ARGV[3])
redis.call('HSET', KEYS[4], ARGV[3], ARGV[4])
redis.call('DEL', KEYS[1], KEYS[7], KEYS[8])
return 'ok'
