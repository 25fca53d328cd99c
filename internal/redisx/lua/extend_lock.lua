-- Pushes a lock's expiry on only if the caller still owns it.
-- KEYS: 1 the lock. ARGV: 1 owner token, 2 new ttl ms.
-- Returns 1 when extended, 0 when the lock is no longer ours.
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
