-- Decides, atomically with the player's sessions, whether a guest has been
-- inactive long enough to be deleted, and if so bars it (banned, retiring)
-- so that no session or score gets in while it is cleaned away.
-- KEYS: 1 player, 2 the player's session index, 3.. its session keys.
-- ARGV: 1 cutoff unix ms (activity before it is too old), 2 last presence
-- unix ms (0 if none).
-- Returns {'gone'}, {'member'} (not a guest), {'changed'} (the session index
-- moved under us), {'active', last activity ms} or {'retire'}.
local h = redis.call('HMGET', KEYS[1], 'guest', 'created_at', 'seen_at', 'retiring')
if not h[1] then return {'gone'} end
if h[4] == '1' then return {'retire'} end
if h[1] ~= '1' then return {'member'} end
if redis.call('SCARD', KEYS[2]) ~= #KEYS - 2 then return {'changed'} end
local last = math.max(tonumber(h[2]) or 0, tonumber(h[3]) or 0, tonumber(ARGV[2]) or 0)
for i = 3, #KEYS do
  if redis.call('EXISTS', KEYS[i]) == 1 then return {'active', tostring(last)} end
end
if last >= tonumber(ARGV[1]) then return {'active', tostring(last)} end
redis.call('HSET', KEYS[1], 'banned', '1', 'retiring', '1')
return {'retire'}
