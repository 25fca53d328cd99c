-- Turns a guest into a registered player, in one step with the check that
-- it still is a guest, so two upgrades of one guest cannot both succeed.
-- KEYS: 1 the player hash.
-- ARGV: 1 username, 2 password hash.
-- Returns 'ok', 'gone' when the player does not exist, 'registered' when it
-- is no longer a guest, 'banned' when it is banned.
if redis.call('EXISTS', KEYS[1]) == 0 then return 'gone' end
if redis.call('HGET', KEYS[1], 'banned') == '1' then return 'banned' end
if redis.call('HGET', KEYS[1], 'guest') ~= '1' then return 'registered' end
redis.call('HSET', KEYS[1], 'username', ARGV[1], 'guest', '0', 'password', ARGV[2])
return 'ok'
