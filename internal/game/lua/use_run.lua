-- Spends a Target Rush run on one board, once.
-- KEYS: 1 run. ARGV: 1 board.
-- Returns {'ok'}, {'unknown'} or {'used'}.
if redis.call('EXISTS', KEYS[1]) == 0 then return {'unknown'} end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
if redis.call('HSETNX', KEYS[1], 'used:' .. ARGV[1], now) == 0 then return {'used'} end
return {'ok'}
