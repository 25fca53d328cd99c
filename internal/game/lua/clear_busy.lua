-- Frees players for the next match, but only from this match.
-- KEYS: the players' busy markers. ARGV: 1 match id. Returns 1.
for i, k in ipairs(KEYS) do
  if redis.call('GET', k) == ARGV[1] then redis.call('DEL', k) end
end
return 1
