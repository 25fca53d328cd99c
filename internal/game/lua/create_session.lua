-- Writes a session unless its player is gone or banned, in one atomic step
-- with that check, so a login racing with a ban cannot leave a live
-- session behind.
-- KEYS: 1 session, 2 player, 3 the player's session index.
-- ARGV: 1 session id, 2 idle ms, 3 index lifetime s, then field, value, ...
-- Returns 'ok', 'gone' or 'banned'.
local p = redis.call('HMGET', KEYS[2], 'id', 'banned')
if not p[1] then return 'gone' end
if p[2] == '1' then return 'banned' end
local f = {}
for i = 4, #ARGV do f[#f + 1] = ARGV[i] end
redis.call('HSET', KEYS[1], unpack(f))
redis.call('PEXPIRE', KEYS[1], ARGV[2])
redis.call('SADD', KEYS[3], ARGV[1])
redis.call('EXPIRE', KEYS[3], ARGV[3])
return 'ok'
