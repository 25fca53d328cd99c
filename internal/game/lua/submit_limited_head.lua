-- Opens the function submit_limited.lua calls: submit.lua follows as its
-- body, and submit_limited.lua's first line closes it.
local function applyScore()
