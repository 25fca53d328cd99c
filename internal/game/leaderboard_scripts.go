package game

import "github.com/redis/go-redis/v9"

// Sorted-set layout. The score is the real score. The member is
// "<15-digit order>:<player id>", where order is the board's change counter
// (BoardSeq) at the moment the player reached their current score —
// inverted (999999999999999 - seq) on desc boards so that, among equal
// scores, ZREVRANGE lists whoever got there first first, and plain on asc
// boards where ZRANGE does the same. Ties are therefore exact (no clock is
// involved) for the first 10^15 changes of a board. BoardMembers maps a
// player to their member so a lookup never scans.

// luaRank is shared Lua: the 0-based rank of a member in board order.
const luaRank = `
local function rank(z, order, m)
  if order == 'asc' then return redis.call('ZRANK', z, m) end
  return redis.call('ZREVRANK', z, m)
end
local function range(z, order, a, b)
  if order == 'asc' then return redis.call('ZRANGE', z, a, b, 'WITHSCORES') end
  return redis.call('ZREVRANGE', z, a, b, 'WITHSCORES')
end
local function members(z, order, a, b)
  if order == 'asc' then return redis.call('ZRANGE', z, a, b) end
  return redis.call('ZREVRANGE', z, a, b)
end
`

// luaNames is shared Lua for the board's display-name map (BoardNames):
// withNames appends {member, score, name} triples of a WITHSCORES range to
// out, names read with one HMGET (false where the map has none);
// setName stores "<version>|<name>" unless a newer version is there, so a
// write carrying a name from before a rename never wins over the rename.
const luaNames = `
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
`

// submitScript applies one score with the board's operator.
//
// KEYS: 1 state, 2 scores, 3 members, 4 seq, 5 banned, 6 periods, 7 names.
// ARGV: 1 player, 2 score, 3 operator, 4 order, 5 max_score, 6 expected gen,
// 7 expire-at unix seconds (0 = never), 8 period id, 9 how many top ranks
// get rank.changed notifications, 10 the player's name version, 11 their
// display name ("" = leave the name map alone).
// Returns {status, improved, score, rank, previous rank (0 = new), changed,
// rank of the first passed player, {passed member, ...}}; status is "ok",
// "stale" (a reset moved the board on: reload and retry), "banned" or
// "over" (an incr would pass max_score). A score that changes nothing (the
// common case on best boards) only reads the player's rank.
var submitScript = redis.NewScript(luaRank + luaNames + `
local player, op, order = ARGV[1], ARGV[3], ARGV[4]
local score, max = tonumber(ARGV[2]), tonumber(ARGV[5])
local gen = redis.call('HGET', KEYS[1], 'gen') or '0'
if gen ~= ARGV[6] then return {'stale'} end
if redis.call('SISMEMBER', KEYS[5], player) == 1 then return {'banned'} end
local renamed = 0
if ARGV[11] ~= '' then renamed = setName(KEYS[7], player, ARGV[10], ARGV[11]) end
local old = redis.call('HGET', KEYS[3], player)
local oldScore
if old then oldScore = tonumber(redis.call('ZSCORE', KEYS[2], old)) end
if not oldScore then old = nil end
local function better(a, b)
  if order == 'asc' then return a < b end
  return a > b
end
local new = score
if op == 'incr' and oldScore then
  new = oldScore + score
  if new > max then return {'over'} end
elseif op == 'best' and oldScore and not better(score, oldScore) then
  new = oldScore
end
if oldScore and new == oldScore then
  -- Cached pages show names: a name that changed is a change of the board.
  if renamed == 1 then redis.call('INCR', KEYS[4]) end
  local r = rank(KEYS[2], order, old) + 1
  return {'ok', 0, string.format('%.0f', oldScore), r, r, 0}
end
local oldRank
if old then
  oldRank = rank(KEYS[2], order, old)
  redis.call('ZREM', KEYS[2], old)
end
local seq = redis.call('INCR', KEYS[4])
local ord = seq
if order ~= 'asc' then ord = 999999999999999 - seq end
local member = string.format('%015d', ord) .. ':' .. player
redis.call('ZADD', KEYS[2], new, member)
redis.call('HSET', KEYS[3], player, member)
if not old then redis.call('SADD', KEYS[6], ARGV[8]) end
local exp = tonumber(ARGV[7])
if exp > 0 then
  redis.call('EXPIREAT', KEYS[2], exp)
  redis.call('EXPIREAT', KEYS[3], exp)
end
local newRank = rank(KEYS[2], order, member)
local improved = 0
if (not oldScore) or better(new, oldScore) then improved = 1 end
local prev = 0
if oldRank then prev = oldRank + 1 end
-- Everyone between the old and the new place moved by one. Only the top
-- ranks (ARGV[9]) are told, which bounds the work of one submission; the
-- range is read in one call and handed back as it is.
local limit = tonumber(ARGV[9])
local lo, hi
if not oldRank then lo, hi = newRank + 1, limit - 1
elseif newRank < oldRank then lo, hi = newRank + 1, oldRank
else lo, hi = oldRank, newRank - 1 end
if hi > limit - 1 then hi = limit - 1 end
local passed = {}
if lo <= hi then passed = members(KEYS[2], order, lo, hi) end
return {'ok', improved, string.format('%.0f', new), newRank + 1, prev, 1, lo + 1, passed}
`)

// topScript reads a page of a board with its size, display names and the
// board's change counter, unless the board was reset since the caller read
// its state (the caller's period ids would then be wrong: it reloads and
// retries) or the counter still has the value of the caller's cached copy.
// The counter comes with the board's epoch, a value made the first time a
// page is read after the board's state was created: should Redis lose its
// data, the counter starts again from zero but the epoch differs, so an old
// copy cannot pass for a new one with the same counter.
// KEYS: 1 state, 2 scores, 3 names, 4 seq. ARGV: 1 order, 2 offset,
// 3 limit, 4 expected gen, 5 seq of the cached copy (-1 = none), 6 its
// epoch.
// Returns {-1} when stale, {-2} when unchanged, else
// {total, seq, epoch, member, score, name, ...}.
var topScript = redis.NewScript(luaRank + luaNames + `
local st = redis.call('HMGET', KEYS[1], 'gen', 'epoch')
if (st[1] or '0') ~= ARGV[4] then return {-1} end
local epoch = st[2]
if not epoch then
  local t = redis.call('TIME')
  epoch = t[1] .. string.format('%06d', tonumber(t[2]))
  redis.call('HSET', KEYS[1], 'epoch', epoch)
end
local seq = tonumber(redis.call('GET', KEYS[4]) or '0')
if seq == tonumber(ARGV[5]) and epoch == ARGV[6] then return {-2} end
local total = redis.call('ZCARD', KEYS[2])
local out = {total, seq, epoch}
local a = tonumber(ARGV[2])
local n = tonumber(ARGV[3])
if n > 0 and a < total then
  withNames(out, KEYS[3], range(KEYS[2], ARGV[1], a, a + n - 1))
end
return out
`)

// liveTopScript reads the top and the board's change counter in one atomic
// step, so a snapshot's seq always matches its entries; stale as topScript.
// KEYS: 1 scores, 2 seq, 3 state, 4 names. ARGV: 1 order, 2 n, 3 expected gen.
// Returns {-1} when stale, else {seq, total, member, score, name, ...}.
var liveTopScript = redis.NewScript(luaRank + luaNames + `
if (redis.call('HGET', KEYS[3], 'gen') or '0') ~= ARGV[3] then return {-1} end
local seq = tonumber(redis.call('GET', KEYS[2]) or '0')
local out = {seq, redis.call('ZCARD', KEYS[1])}
return withNames(out, KEYS[4], range(KEYS[1], ARGV[1], 0, tonumber(ARGV[2]) - 1))
`)

// aroundScript reads the entries around one player.
// KEYS: 1 scores, 2 members, 3 names. ARGV: 1 player, 2 order, 3 radius.
// Returns {} when the player has no entry, else {total, rank of the first
// entry (1-based), player's rank, member, score, name, ...}.
var aroundScript = redis.NewScript(luaRank + luaNames + `
local m = redis.call('HGET', KEYS[2], ARGV[1])
if not m then return {} end
local r = rank(KEYS[1], ARGV[2], m)
if not r then return {} end
local radius = tonumber(ARGV[3])
local a = r - radius
if a < 0 then a = 0 end
local out = {redis.call('ZCARD', KEYS[1]), a + 1, r + 1}
return withNames(out, KEYS[3], range(KEYS[1], ARGV[2], a, r + radius))
`)

// setNameScript records a player's display name on one board (a rename)
// and, when that changed the map, counts a change of the board so cached
// pages showing the old name are read afresh.
// KEYS: 1 names, 2 seq. ARGV: 1 player, 2 name version, 3 name.
var setNameScript = redis.NewScript(luaNames + `
local n = setName(KEYS[1], ARGV[1], ARGV[2], ARGV[3])
if n == 1 then redis.call('INCR', KEYS[2]) end
return n
`)

// standingScript reads one player's rank, score and the board's size.
// KEYS: 1 scores, 2 members. ARGV: 1 player, 2 order.
// Returns {} when absent, else {rank (1-based), score, total}.
var standingScript = redis.NewScript(luaRank + `
local m = redis.call('HGET', KEYS[2], ARGV[1])
if not m then return {} end
local r = rank(KEYS[1], ARGV[2], m)
if not r then return {} end
return {r + 1, redis.call('ZSCORE', KEYS[1], m), redis.call('ZCARD', KEYS[1])}
`)

// hideScript moves a player's entries aside (a ban) and marks them banned
// on the board, so that a submission racing with the ban is refused.
// KEYS: 1 banned, 2 seq, 3 names, then (scores, members, hidden) per period.
// ARGV: 1 player. Returns how many entries were hidden.
var hideScript = redis.NewScript(`
local p = ARGV[1]
local n = 0
for i = 4, #KEYS, 3 do
  local z, mem, hid = KEYS[i], KEYS[i + 1], KEYS[i + 2]
  local m = redis.call('HGET', mem, p)
  if m then
    local s = redis.call('ZSCORE', z, m)
    if s then
      redis.call('HSET', hid, p, m .. '|' .. s)
      local ttl = redis.call('PTTL', z)
      if ttl > 0 then redis.call('PEXPIRE', hid, ttl) end
      redis.call('ZREM', z, m)
      n = n + 1
    end
    redis.call('HDEL', mem, p)
  end
end
redis.call('SADD', KEYS[1], p)
if n > 0 then redis.call('INCR', KEYS[2]) end
return n
`)

// restoreScript puts a player's hidden entries back (an unban) with the
// place in tie order they had.
// KEYS and ARGV as hideScript. Returns how many entries came back.
var restoreScript = redis.NewScript(`
local p = ARGV[1]
local n = 0
for i = 4, #KEYS, 3 do
  local z, mem, hid = KEYS[i], KEYS[i + 1], KEYS[i + 2]
  local h = redis.call('HGET', hid, p)
  if h then
    local bar = string.find(h, '|', 1, true)
    local m, s = string.sub(h, 1, bar - 1), string.sub(h, bar + 1)
    local ttl = redis.call('PTTL', hid)
    redis.call('ZADD', z, s, m)
    redis.call('HSET', mem, p, m)
    if ttl > 0 then
      redis.call('PEXPIRE', z, ttl)
      redis.call('PEXPIRE', mem, ttl)
    end
    redis.call('HDEL', hid, p)
    n = n + 1
  end
end
redis.call('SREM', KEYS[1], p)
if n > 0 then redis.call('INCR', KEYS[2]) end
return n
`)

// removeScript deletes a player's entries, visible or hidden.
// KEYS as hideScript. ARGV: 1 player, 2 "1" to also forget a ban (the
// player is deleted for good), 3 "1" to also forget the display name (no
// period of the board keeps an entry). Returns how many entries went.
var removeScript = redis.NewScript(`
local p = ARGV[1]
local n = 0
for i = 4, #KEYS, 3 do
  local z, mem, hid = KEYS[i], KEYS[i + 1], KEYS[i + 2]
  local m = redis.call('HGET', mem, p)
  if m then
    n = n + redis.call('ZREM', z, m)
    redis.call('HDEL', mem, p)
  end
  n = n + redis.call('HDEL', hid, p)
end
if ARGV[2] == '1' then redis.call('SREM', KEYS[1], p) end
if ARGV[3] == '1' then redis.call('HDEL', KEYS[3], p) end
if n > 0 then redis.call('INCR', KEYS[2]) end
return n
`)

// resetScript starts a new generation: what was current becomes previous.
// KEYS: 1 state, 2 seq, then keys to delete (what stops being readable).
// ARGV: 1 expected gen, 2 natural period now.
// Returns the new gen, or -1 when the gen moved meanwhile (retry).
var resetScript = redis.NewScript(`
local gen = tonumber(redis.call('HGET', KEYS[1], 'gen') or '0')
if gen ~= tonumber(ARGV[1]) then return -1 end
redis.call('HSET', KEYS[1], 'gen', gen + 1, 'gen_period', ARGV[2])
redis.call('INCR', KEYS[2])
for i = 3, #KEYS do redis.call('DEL', KEYS[i]) end
return gen + 1
`)
