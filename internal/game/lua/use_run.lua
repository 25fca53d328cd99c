-- Spends a Target Rush run on one board, once, after its round has run.
-- KEYS: 1 run. ARGV: 1 board, 2 round ms.
-- Returns {'ok'}, {'unknown'}, {'early', ms left} or {'used'}.
local started = redis.call('HGET', KEYS[1], 'started')
if not started then return {'unknown'} end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local left = tonumber(started) + tonumber(ARGV[2]) - now
if left > 0 then return {'early', left} end
if redis.call('HSETNX', KEYS[1], 'used:' .. ARGV[1], now) == 0 then return {'used'} end
return {'ok'}
