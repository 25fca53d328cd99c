-- Takes a player's ticket out of the queue.
-- KEYS: 1 tickets, 2 player→ticket, 3 seen, 4 done.
-- ARGV: 1 ticket id, 2 player id, 3 final status ("" keeps no record),
-- 4 ttl s.
-- Returns 1 when removed, 0 when the ticket is not queued, -1 when it
-- belongs to someone else.
local rec = redis.call('HGET', KEYS[1], ARGV[1])
if not rec then return 0 end
if string.sub(rec, 1, #ARGV[2] + 1) ~= ARGV[2] .. '|' then return -1 end
redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('HDEL', KEYS[3], ARGV[1])
if redis.call('GET', KEYS[2]) == ARGV[1] then redis.call('DEL', KEYS[2]) end
if ARGV[3] ~= '' then
  redis.call('SET', KEYS[4], ARGV[3] .. '|' .. ARGV[2] .. '|', 'EX', ARGV[4])
end
return 1
