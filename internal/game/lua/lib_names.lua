-- Shared helpers for the board's display-name map (BoardNames), loaded
-- before a script that uses them; they take their keys as arguments and read
-- no KEYS or ARGV of their own.
-- withNames appends {member, score, name} triples of a WITHSCORES range to
-- out, names read with one HMGET (false where the map has none);
-- setName stores "<version>|<name>" unless a newer version is there, so a
-- write carrying a name from before a rename never wins over the rename.
local function withNames(out, names, ms)
  if #ms == 0 then return out end
  local ids = {}
  for i = 1, #ms, 2 do ids[#ids + 1] = string.sub(ms[i], 17) end
  local ns = redis.call('HMGET', names, unpack(ids))
  for i = 1, #ms, 2 do
    out[#out + 1] = ms[i]
    out[#out + 1] = ms[i + 1]
    out[#out + 1] = ns[(i + 1) / 2]
  end
  return out
end
local function setName(names, player, version, name)
  local want = version .. '|' .. name
  local cur = redis.call('HGET', names, player)
  if cur == want then return 0 end
  if cur then
    local cv = tonumber(string.match(cur, '^(%d+)|')) or -1
    if tonumber(version) < cv then return 0 end
  end
  redis.call('HSET', names, player, want)
  return 1
end
