-- Shared by the sliding-window scripts; reads no KEYS or ARGV of its own.
-- The clock is the server's, in microseconds, so every app instance agrees.

-- trimmed drops the log's entries older than the window and answers the
-- current time.
local function trimmed(log, window)
  local t = redis.call('TIME')
  local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
  redis.call('ZREMRANGEBYSCORE', log, '-inf', now - window)
  return now
end

-- record adds one entry made now and keeps the log only as long as the
-- window needs it; it answers the entry.
local function record(log, now, window, id)
  local member = string.format('%d', now) .. '-' .. id
  redis.call('ZADD', log, now, member)
  redis.call('PEXPIRE', log, math.ceil(window / 1000))
  return member
end

-- retryAfter is how long until the entry that keeps the log full, the
-- one at rank (n - limit), leaves the window; at least 1 µs.
local function retryAfter(log, now, window, n, limit)
  local oldest = redis.call('ZRANGE', log, n - limit, n - limit, 'WITHSCORES')
  local retry = 1
  if oldest[2] then retry = tonumber(oldest[2]) + window - now end
  if retry < 1 then retry = 1 end
  return retry
end
