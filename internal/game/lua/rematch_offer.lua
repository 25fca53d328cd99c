-- Records a rematch offer, replacing any older offer of either player.
-- KEYS: 1 offer, 2 offerer's pointer, 3 opponent's pointer, 4 busy of the
-- offerer, 5 busy of the opponent.
-- ARGV: 1 "from|to", 2 match id, 3 ttl ms, 4 offer key prefix.
-- Returns "ok" or "busy" (one of the two is in a live match).
if redis.call('EXISTS', KEYS[4]) == 1 or redis.call('EXISTS', KEYS[5]) == 1 then return 'busy' end
for i = 2, 3 do
  local old = redis.call('GET', KEYS[i])
  if old and old ~= ARGV[2] then redis.call('DEL', ARGV[4] .. old) end
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[3])
redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[3])
redis.call('SET', KEYS[3], ARGV[2], 'PX', ARGV[3])
return 'ok'
