-- Stamps a Target Rush run with the Redis clock, which every instance
-- shares, stores the seed of its targets and indexes it under the player.
-- KEYS: 1 run, 2 player's runs. ARGV: 1 ttl ms, 2 run id, 3 seed.
-- Returns the start time in ms.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('HSET', KEYS[1], 'started', now, 'seed', ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[1])
redis.call('SADD', KEYS[2], ARGV[2])
redis.call('PEXPIRE', KEYS[2], ARGV[1])
return now
