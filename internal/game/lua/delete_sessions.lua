-- Ends the listed sessions of a player: their keys and their index entries
-- go in one step. Sessions added since the caller read the index are
-- answered back for the caller to end in another round.
-- KEYS: 1 the player's session index, then the keys of the listed sessions.
-- ARGV: the listed ids.
-- Returns {ended, id of a session still in the index, ...}.
local ended = 0
for i = 2, #KEYS do
  ended = ended + redis.call('DEL', KEYS[i])
  redis.call('SREM', KEYS[1], ARGV[i - 1])
end
local out = {ended}
for _, id in ipairs(redis.call('SMEMBERS', KEYS[1])) do out[#out + 1] = id end
if #out == 1 then redis.call('DEL', KEYS[1]) end
return out
