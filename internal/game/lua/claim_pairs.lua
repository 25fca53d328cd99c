-- Takes pairs of tickets out of the queue atomically.
-- KEYS: 1 tickets, 2 seen, 3 pending, 4 quality, then per pair: ticket of
-- A, ticket of B, busy A, busy B, done A, done B (player-keyed markers).
-- ARGV: 1 ticket ttl s, 2 pair count, 3 busy marker ttl ms (a backstop:
-- settlement clears them), then per pair: ticket A, ticket B,
-- player A, player B, match id, pending JSON, quality sample.
-- Returns the 0-based indices of the pairs claimed.
local function owns(rec, p) return rec and string.sub(rec, 1, #p + 1) == p .. '|' end
local claimed = {}
local n = tonumber(ARGV[2])
for i = 0, n - 1 do
  local k, a = 4 + i * 6, 3 + i * 7
  local tA, tB, pA, pB, mid = ARGV[a+1], ARGV[a+2], ARGV[a+3], ARGV[a+4], ARGV[a+5]
  if pA ~= pB and owns(redis.call('HGET', KEYS[1], tA), pA) and owns(redis.call('HGET', KEYS[1], tB), pB)
     and redis.call('EXISTS', KEYS[k+3]) == 0 and redis.call('EXISTS', KEYS[k+4]) == 0 then
    redis.call('HDEL', KEYS[1], tA, tB)
    redis.call('HDEL', KEYS[2], tA, tB)
    if redis.call('GET', KEYS[k+1]) == tA then redis.call('DEL', KEYS[k+1]) end
    if redis.call('GET', KEYS[k+2]) == tB then redis.call('DEL', KEYS[k+2]) end
    redis.call('SET', KEYS[k+3], mid, 'PX', ARGV[3])
    redis.call('SET', KEYS[k+4], mid, 'PX', ARGV[3])
    redis.call('SET', KEYS[k+5], 'matched|' .. pA .. '|' .. mid, 'EX', ARGV[1])
    redis.call('SET', KEYS[k+6], 'matched|' .. pB .. '|' .. mid, 'EX', ARGV[1])
    redis.call('HSET', KEYS[3], mid, ARGV[a+6])
    redis.call('LPUSH', KEYS[4], ARGV[a+7])
    claimed[#claimed + 1] = i
  end
end
redis.call('LTRIM', KEYS[4], 0, 499)
return claimed
