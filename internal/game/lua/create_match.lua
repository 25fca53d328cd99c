-- Writes a match hash only if the match does not exist yet, so a recovered
-- claim cannot overwrite a match already in progress.
-- KEYS: 1 match. ARGV: field, value, ...
-- Returns 1 when created, 0 when it existed.
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], unpack(ARGV))
return 1
