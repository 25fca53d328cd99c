-- Counts a player's open sockets across instances; when the last one closes
-- the player has left, and their rematch offer goes with them.
-- KEYS: 1 socket count, 2 the player's offer pointer.
-- ARGV: 1 delta (+1 or -1), 2 count ttl s, 3 offer key prefix.
-- Returns {match id, "from|to"} of the offer dropped, or an empty list.
-- Every key here, the offers included, carries the queue's hash tag.
local n = redis.call('INCRBY', KEYS[1], ARGV[1])
if n > 0 then
  redis.call('EXPIRE', KEYS[1], ARGV[2])
  return {}
end
redis.call('DEL', KEYS[1])
local mid = redis.call('GET', KEYS[2])
if not mid then return {} end
local offer = redis.call('GET', ARGV[3] .. mid)
redis.call('DEL', KEYS[2], ARGV[3] .. mid)
if offer then return {mid, offer} end
return {}
