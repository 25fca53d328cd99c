-- Queues a player's ticket unless they are in a match or already queued.
-- KEYS: 1 tickets, 2 player→ticket, 3 busy, 4 seen, 5 player's recent
-- tickets. ARGV: 1 ticket id, 2 record, 3 now ms, 4 index ttl s.
-- Returns 'ok', 'busy' or 'queued'.
if redis.call('EXISTS', KEYS[3]) == 1 then return 'busy' end
local t = redis.call('GET', KEYS[2])
if t and redis.call('HEXISTS', KEYS[1], t) == 1 then return 'queued' end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('SET', KEYS[2], ARGV[1])
redis.call('HSET', KEYS[4], ARGV[1], ARGV[3])
redis.call('SADD', KEYS[5], ARGV[1])
redis.call('EXPIRE', KEYS[5], ARGV[4])
return 'ok'
