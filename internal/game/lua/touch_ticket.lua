-- Records that the owner of a queued ticket is still there.
-- KEYS: 1 tickets, 2 seen. ARGV: 1 ticket id, 2 now ms. Returns 1.
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then redis.call('HSET', KEYS[2], ARGV[1], ARGV[2]) end
return 1
