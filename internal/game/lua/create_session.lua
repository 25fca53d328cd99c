-- Writes a session unless its player is gone or banned, in one atomic step
-- with that check. When the player then holds more than the allowed
-- sessions, the oldest of those the caller listed are ended (a session
-- created since the caller read the index is younger than the new one).
-- KEYS: 1 session, 2 player, 3 the player's session index, then the keys
-- of the listed sessions.
-- ARGV: 1 session id, 2 idle ms, 3 index lifetime s, 4 most sessions,
-- 5 n listed, then the n listed ids, then field, value, ...
-- Returns {'ok', ended id, ...}, {'gone'} or {'banned'}.
local p = redis.call('HMGET', KEYS[2], 'id', 'banned')
if not p[1] then return {'gone'} end
if p[2] == '1' then return {'banned'} end
local listed = tonumber(ARGV[5])
local f = {}
for i = 6 + listed, #ARGV do f[#f + 1] = ARGV[i] end
redis.call('HSET', KEYS[1], unpack(f))
redis.call('PEXPIRE', KEYS[1], ARGV[2])
redis.call('SADD', KEYS[3], ARGV[1])
redis.call('EXPIRE', KEYS[3], ARGV[3])
local out = {'ok'}
local n = redis.call('SCARD', KEYS[3])
local most = tonumber(ARGV[4])
if n <= most then return out end
local live = {}
for i = 1, listed do
  local id, key = ARGV[5 + i], KEYS[3 + i]
  local created = redis.call('HGET', key, 'created_at')
  if created then
    live[#live + 1] = {tonumber(created), id, key}
  elseif redis.call('SREM', KEYS[3], id) == 1 then
    n = n - 1
  end
end
table.sort(live, function(a, b) return a[1] < b[1] end)
for _, s in ipairs(live) do
  if n <= most then break end
  redis.call('DEL', s[3])
  redis.call('SREM', KEYS[3], s[2])
  out[#out + 1] = s[2]
  n = n - 1
end
return out
