-- Deletes a username claim only if it belongs to the given id.
-- KEYS: 1 usernames. ARGV: 1 lower-case username, 2 player id.
-- Returns 1 when released, else 0.
if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then return redis.call('HDEL', KEYS[1], ARGV[1]) end
return 0
