-- Turns a rematch offer into a claimed pair atomically.
-- KEYS: 1 offer, 2 busy of the offerer, 3 busy of the accepter, 4 pending,
-- 5 offerer's ticket, 6 accepter's ticket, 7 offerer's pointer,
-- 8 accepter's pointer.
-- ARGV: 1 offerer id, 2 accepter id, 3 new match id, 4 pending JSON.
-- Returns "ok", "gone" (no such offer for the accepter), "busy" (a seat is
-- taken) or "queued" (one of the two is waiting in the queue).
if redis.call('GET', KEYS[1]) ~= ARGV[1] .. '|' .. ARGV[2] then return 'gone' end
if redis.call('EXISTS', KEYS[2]) == 1 or redis.call('EXISTS', KEYS[3]) == 1 then return 'busy' end
if redis.call('EXISTS', KEYS[5]) == 1 or redis.call('EXISTS', KEYS[6]) == 1 then return 'queued' end
redis.call('SET', KEYS[2], ARGV[3])
redis.call('SET', KEYS[3], ARGV[3])
redis.call('HSET', KEYS[4], ARGV[3], ARGV[4])
redis.call('DEL', KEYS[1], KEYS[7], KEYS[8])
return 'ok'
