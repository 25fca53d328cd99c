-- Starts a new generation of a board: what was current becomes previous.
-- KEYS: 1 state, 2 seq, then keys to delete (what stops being readable).
-- ARGV: 1 expected gen, 2 natural period now, 3 now (unix ms).
-- Returns the new gen, or -1 when the gen moved meanwhile (retry).
local gen = tonumber(redis.call('HGET', KEYS[1], 'gen') or '0')
if gen ~= tonumber(ARGV[1]) then return -1 end
redis.call('HSET', KEYS[1], 'gen', gen + 1, 'gen_period', ARGV[2], 'gen_at', ARGV[3])
redis.call('INCR', KEYS[2])
for i = 3, #KEYS do redis.call('DEL', KEYS[i]) end
return gen + 1
