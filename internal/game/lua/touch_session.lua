-- Reads a session and the player it belongs to, and slides the session's
-- idle expiry, never past its absolute lifetime. A session past that
-- lifetime, of a deleted player or of a banned one is deleted on the spot:
-- the ban check rides on every request at no extra cost. Time comes from
-- Redis so every instance agrees.
-- The writes are best effort (redis.pcall): a server refusing writes (out of
-- memory, a replica) still answers who is signed in, and the reply says
-- 'stale' instead of 'ok' so the caller can note it. The player's seen_at
-- (what guest retention counts as activity) is stamped at most once a
-- minute.
-- KEYS: 1 session, 2 player, 3 the player's session index.
-- ARGV: 1 idle ms, 2 max lifetime ms, 3 session id.
-- Returns false (no live session), {'gone'}, {'banned'} or
-- {'ok'|'stale', player_id, created_at, csrf, addr, user_agent, now, field,
-- value, ...} with the player's hash fields (without the password hash).
local v = redis.call('HMGET', KEYS[1], 'player_id', 'created_at', 'csrf', 'addr', 'user_agent')
if not v[1] then return false end
local function drop()
  redis.pcall('DEL', KEYS[1])
  redis.pcall('SREM', KEYS[3], ARGV[3])
end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local left = tonumber(v[2]) + tonumber(ARGV[2]) - now
if left <= 0 then
  drop()
  return false
end
local h = redis.call('HGETALL', KEYS[2])
if #h == 0 then
  drop()
  return {'gone'}
end
local out = {'ok', v[1], v[2], v[3], v[4], v[5], tostring(now)}
local seen = 0
for i = 1, #h, 2 do
  if h[i] == 'seen_at' then seen = tonumber(h[i + 1]) or 0 end
  if h[i] == 'banned' and h[i + 1] == '1' then
    drop()
    return {'banned'}
  end
  if h[i] ~= 'password' then
    out[#out + 1] = h[i]
    out[#out + 1] = h[i + 1]
  end
end
local function failed(r) return type(r) == 'table' and r.err ~= nil end
if failed(redis.pcall('HSET', KEYS[1], 'last_seen', now)) then out[1] = 'stale' end
if failed(redis.pcall('PEXPIRE', KEYS[1], math.min(tonumber(ARGV[1]), left))) then out[1] = 'stale' end
if now - seen >= 60000 and failed(redis.pcall('HSET', KEYS[2], 'seen_at', now)) then out[1] = 'stale' end
return out
