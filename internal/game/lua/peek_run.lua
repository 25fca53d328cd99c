-- Reads a Target Rush run before its score is checked: the round must
-- have run its full length.
-- KEYS: 1 run. ARGV: 1 round ms.
-- Returns {'ok', seed}, {'unknown'} or {'early', ms left}.
local run = redis.call('HMGET', KEYS[1], 'started', 'seed')
if not run[1] then return {'unknown'} end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local left = tonumber(run[1]) + tonumber(ARGV[1]) - now
if left > 0 then return {'early', left} end
return {'ok', run[2] or '0'}
