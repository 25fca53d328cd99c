-- Reads the ranks and scores of several players on one board period, for
-- a search by name. Needs lib_rank.lua before it.
-- KEYS: 1 scores, 2 members. ARGV: 1 order, 2.. player ids.
-- Returns {total, id, rank (1-based), score, ...} for the players with an
-- entry, in the order given.
local out = {redis.call('ZCARD', KEYS[1])}
for i = 2, #ARGV do
  local m = redis.call('HGET', KEYS[2], ARGV[i])
  if m then
    local r = rank(KEYS[1], ARGV[1], m)
    if r then
      out[#out + 1] = ARGV[i]
      out[#out + 1] = r + 1
      out[#out + 1] = redis.call('ZSCORE', KEYS[1], m)
    end
  end
end
return out
