-- Moves a player's entry in the username prefix index from the old name to
-- the new one, so a search never sees both or neither.
-- KEYS: 1 the username index.
-- ARGV: 1 old member ("lowername:id"), 2 new member.
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('ZADD', KEYS[1], 0, ARGV[2])
return 1
