// Target Rush: a timed aim game on a canvas. The rules that bound a round's
// score are mirrored on the server (internal/game/target_rush.go): targets
// appear on a timer only, at least MIN_SPAWN ms apart, and one hit scores
// at most 100 points times a streak multiplier of at most 3.
(function () {
  "use strict";
  var stage = document.getElementById("tr-stage");
  if (!stage) return;
  var canvas = document.getElementById("tr-canvas");
  var ctx = canvas.getContext("2d");
  var $ = function (id) { return document.getElementById(id); };

  var MIN_SPAWN = 350, FIRST_SPAWN = 700;
  var LIFE_START = 1500, LIFE_END = 1000;
  var BASE = 50, SPEED_BONUS = 50, MAX_MULT = 3;
  var COLORS = ["#ff5d73", "#22d3a6", "#8b7fff", "#ffd166", "#4cc9f0"];

  var roundMs = Number(stage.dataset.roundMs) || 30000;
  var state = "idle"; // idle, countdown, playing, submitting, over
  var run = null, t0 = 0, nextSpawn = 0, spawned = 0;
  var targets = [], particles = [], floaters = [], ripples = [];
  var score = 0, streak = 0, bestStreak = 0, hits = 0, misses = 0;
  var w = 0, h = 0, dpr = 1, shake = 0;

  function resize() {
    var r = stage.getBoundingClientRect();
    dpr = Math.min(window.devicePixelRatio || 1, 2);
    w = r.width; h = r.height;
    canvas.width = Math.round(w * dpr); canvas.height = Math.round(h * dpr);
    canvas.style.width = w + "px"; canvas.style.height = h + "px";
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  }
  window.addEventListener("resize", resize);
  resize();

  function now() { return performance.now(); }
  function mult() { return Math.min(1 + 0.5 * Math.floor(streak / 4), MAX_MULT); }
  function radius() { return Math.max(26, Math.min(w, h) * 0.085); }
  function show(id, on) { $(id).classList.toggle("tr-hidden", !on); }
  function fmt(n) { return Number(n).toLocaleString("en-US"); }

  function spawn(at) {
    var r = radius(), pad = r + 8, top = 64;
    targets.push({
      x: pad + Math.random() * Math.max(1, w - 2 * pad),
      y: top + pad + Math.random() * Math.max(1, h - top - 2 * pad),
      r0: r, born: at, life: LIFE_START + (LIFE_END - LIFE_START) * Math.min(1, at / roundMs),
      color: COLORS[spawned % COLORS.length], id: spawned
    });
    spawned++;
  }

  function burst(x, y, color, n) {
    for (var i = 0; i < n; i++) {
      var a = Math.random() * Math.PI * 2, s = 80 + Math.random() * 260;
      particles.push({ x: x, y: y, vx: Math.cos(a) * s, vy: Math.sin(a) * s, life: 1, color: color, size: 2 + Math.random() * 3 });
    }
  }

  function hit(px, py) {
    if (state !== "playing") return;
    var el = now() - t0;
    for (var i = targets.length - 1; i >= 0; i--) {
      var t = targets[i], frac = 1 - (el - t.born) / t.life;
      var r = t.r0 * Math.max(frac, 0);
      var dx = px - t.x, dy = py - t.y;
      if (frac > 0 && dx * dx + dy * dy <= (r + 6) * (r + 6)) {
        var pts = Math.round((BASE + SPEED_BONUS * frac) * mult());
        score += pts; hits++; streak++; bestStreak = Math.max(bestStreak, streak);
        targets.splice(i, 1);
        burst(t.x, t.y, t.color, 18 + Math.min(streak, 20));
        floaters.push({ x: t.x, y: t.y, text: "+" + pts, life: 1, color: frac > 0.66 ? "#ffd166" : "#fff" });
        if (streak > 0 && streak % 4 === 0 && mult() > 1) {
          floaters.push({ x: t.x, y: t.y - 30, text: "×" + mult() + " combo!", life: 1.3, color: "#22d3a6" });
          shake = 6;
        }
        updateHud();
        return;
      }
    }
    misses++; streak = 0;
    ripples.push({ x: px, y: py, life: 1 });
    updateHud();
  }

  canvas.addEventListener("pointerdown", function (ev) {
    ev.preventDefault();
    var r = canvas.getBoundingClientRect();
    hit(ev.clientX - r.left, ev.clientY - r.top);
  });

  function updateHud() {
    $("tr-score").textContent = fmt(score);
    $("tr-combo").textContent = "×" + mult();
    $("tr-combo-box").classList.toggle("hot", mult() > 1);
  }

  function frame() {
    var el = now() - t0;
    if (state === "playing") {
      while (nextSpawn <= el && nextSpawn < roundMs) {
        spawn(nextSpawn);
        var p = Math.min(1, nextSpawn / roundMs);
        nextSpawn += Math.max(MIN_SPAWN, FIRST_SPAWN - (FIRST_SPAWN - MIN_SPAWN) * p);
      }
      for (var i = targets.length - 1; i >= 0; i--) {
        if (el - targets[i].born >= targets[i].life) { targets.splice(i, 1); streak = 0; updateHud(); }
      }
      var left = Math.max(0, roundMs - el);
      $("tr-time").textContent = (left / 1000).toFixed(1);
      $("tr-time").parentNode.classList.toggle("urgent", left < 5000);
      if (el >= roundMs) finish();
    }
    draw(el);
    requestAnimationFrame(frame);
  }

  var last = now();
  function draw(el) {
    var t = now(), dt = Math.min(0.05, (t - last) / 1000); last = t;
    ctx.save();
    ctx.clearRect(0, 0, w, h);
    if (shake > 0) { ctx.translate((Math.random() - 0.5) * shake, (Math.random() - 0.5) * shake); shake *= 0.85; if (shake < 0.5) shake = 0; }
    // Field: a faint grid.
    ctx.strokeStyle = "rgba(139,127,255,0.07)"; ctx.lineWidth = 1;
    for (var gx = 0; gx < w; gx += 40) { ctx.beginPath(); ctx.moveTo(gx, 0); ctx.lineTo(gx, h); ctx.stroke(); }
    for (var gy = 0; gy < h; gy += 40) { ctx.beginPath(); ctx.moveTo(0, gy); ctx.lineTo(w, gy); ctx.stroke(); }
    if (state === "idle" || state === "countdown") drawDemo(t);
    targets.forEach(function (tg) {
      var frac = 1 - (el - tg.born) / tg.life;
      if (frac <= 0) return;
      var grow = Math.min(1, (el - tg.born) / 90);
      var r = tg.r0 * frac * grow;
      drawTarget(tg.x, tg.y, r, tg.color, frac);
    });
    particles = particles.filter(function (p) {
      p.life -= dt * 1.6; p.x += p.vx * dt; p.y += p.vy * dt; p.vx *= 0.94; p.vy = p.vy * 0.94 + 300 * dt;
      if (p.life <= 0) return false;
      ctx.globalAlpha = p.life; ctx.fillStyle = p.color;
      ctx.shadowColor = p.color; ctx.shadowBlur = 10;
      ctx.beginPath(); ctx.arc(p.x, p.y, p.size, 0, Math.PI * 2); ctx.fill();
      return true;
    });
    ctx.shadowBlur = 0;
    ripples = ripples.filter(function (rp) {
      rp.life -= dt * 2.5; if (rp.life <= 0) return false;
      ctx.globalAlpha = rp.life; ctx.strokeStyle = "#ff5d73"; ctx.lineWidth = 2;
      ctx.beginPath(); ctx.arc(rp.x, rp.y, 24 * (1 - rp.life) + 6, 0, Math.PI * 2); ctx.stroke();
      return true;
    });
    floaters = floaters.filter(function (f) {
      f.life -= dt * 1.2; f.y -= 50 * dt; if (f.life <= 0) return false;
      ctx.globalAlpha = Math.min(1, f.life * 1.5); ctx.fillStyle = f.color;
      ctx.font = "800 " + (f.text.charAt(0) === "+" ? 22 : 18) + "px Inter, system-ui, sans-serif";
      ctx.textAlign = "center"; ctx.fillText(f.text, f.x, f.y);
      return true;
    });
    ctx.globalAlpha = 1;
    ctx.restore();
  }

  function drawTarget(x, y, r, color, frac) {
    if (r <= 0.5) return;
    ctx.save();
    ctx.shadowColor = color; ctx.shadowBlur = 24;
    ctx.fillStyle = color;
    ctx.beginPath(); ctx.arc(x, y, r, 0, Math.PI * 2); ctx.fill();
    ctx.shadowBlur = 0;
    ctx.fillStyle = "#fff"; ctx.beginPath(); ctx.arc(x, y, r * 0.68, 0, Math.PI * 2); ctx.fill();
    ctx.fillStyle = color; ctx.beginPath(); ctx.arc(x, y, r * 0.42, 0, Math.PI * 2); ctx.fill();
    ctx.fillStyle = "#fff"; ctx.beginPath(); ctx.arc(x, y, r * 0.16, 0, Math.PI * 2); ctx.fill();
    // Life ring: how much time (and speed bonus) is left.
    ctx.strokeStyle = "rgba(255,255,255,0.85)"; ctx.lineWidth = 3;
    ctx.beginPath(); ctx.arc(x, y, r + 7, -Math.PI / 2, -Math.PI / 2 + Math.PI * 2 * frac); ctx.stroke();
    ctx.restore();
  }

  function drawDemo(t) {
    var k = (t / 1000) % 1;
    var r = radius() * (0.9 + 0.1 * Math.sin(t / 300));
    ctx.globalAlpha = 0.22;
    drawTarget(w * 0.22, h * 0.35, r * 0.8, "#ff5d73", 1 - k * 0.6);
    drawTarget(w * 0.78, h * 0.66, r, "#22d3a6", 0.4 + k * 0.6);
    drawTarget(w * 0.62, h * 0.24, r * 0.6, "#8b7fff", 0.7);
    ctx.globalAlpha = 1;
  }

  function message(text, isError) {
    var m = $("tr-msg"); m.textContent = text || ""; m.classList.toggle("error", !!isError);
  }

  async function start() {
    if (state === "countdown" || state === "playing" || state === "submitting") return;
    message("");
    var btns = [$("tr-start-btn"), $("tr-again")];
    btns.forEach(function (b) { if (b) b.disabled = true; });
    try {
      run = await Ladder.api("POST", "/games/target-rush/runs");
    } catch (e) {
      btns.forEach(function (b) { if (b) b.disabled = false; });
      show("tr-start", false); show("tr-end", true);
      message(e.status === 401 ? "Your session ended — sign in again to play." : (e.message || "Could not start a round."), true);
      return;
    }
    btns.forEach(function (b) { if (b) b.disabled = false; });
    roundMs = run.duration_ms;
    state = "countdown";
    show("tr-start", false); show("tr-end", false); show("tr-count", true);
    targets = []; particles = []; floaters = []; ripples = [];
    score = 0; streak = 0; bestStreak = 0; hits = 0; misses = 0; spawned = 0; nextSpawn = 0;
    updateHud();
    $("tr-time").textContent = (roundMs / 1000).toFixed(1);
    var n = 3;
    (function tick() {
      var el = $("tr-count-n");
      el.textContent = n > 0 ? String(n) : "Go!";
      el.classList.remove("pop"); void el.offsetWidth; el.classList.add("pop");
      if (n-- > 0) { setTimeout(tick, 650); return; }
      setTimeout(function () {
        show("tr-count", false);
        state = "playing"; t0 = now();
      }, 350);
    })();
  }

  async function submitTo(board) {
    try {
      return await Ladder.api("POST", "/leaderboards/" + board + "/scores", { score: score, run_id: run.run_id });
    } catch (e) { return { error: e }; }
  }

  async function finish() {
    state = "submitting";
    targets = [];
    $("tr-final").textContent = "0";
    $("tr-rank").textContent = "…"; $("tr-wrank").textContent = "…";
    $("tr-hits").textContent = fmt(hits); $("tr-streak").textContent = fmt(bestStreak);
    $("tr-pb").textContent = ""; message("Saving your score…");
    ranks = {}; liveRank("", 0, 0);
    show("tr-end", true);
    countUp($("tr-final"), score);
    var res = await Promise.all([submitTo("target-rush"), submitTo("target-rush-weekly")]);
    var all = res[0], wk = res[1];
    if (all.error) {
      var e = all.error;
      message(e.status === 429 ? "Too many scores in a short time — try again in " + e.retryAfter + " s." : (e.message || "Your score could not be saved."), true);
      $("tr-rank").textContent = "—"; $("tr-wrank").textContent = "—";
    } else {
      message("");
      ranks["target-rush"] = all.rank;
      ranks["target-rush-weekly"] = wk.error ? 0 : wk.rank;
      $("tr-rank").textContent = "#" + fmt(all.rank);
      $("tr-wrank").textContent = wk.error ? "—" : "#" + fmt(wk.rank);
      $("tr-best").textContent = fmt(all.score);
      if (!wk.error) $("tr-weekly").textContent = fmt(wk.score);
      $("tr-pb").textContent = all.improved ? "New personal best!" : "Personal best: " + fmt(all.score);
      $("tr-pb").classList.toggle("new", !!all.improved);
      if (all.improved) burst(w / 2, h / 2, "#ffd166", 60);
    }
    state = "over";
  }

  // Live rank: while the end screen shows, others passing the player (or
  // falling behind) move the rank shown, with a word on what happened.
  var ranks = {};
  var rankEls = { "target-rush": "tr-rank", "target-rush-weekly": "tr-wrank" };
  function liveRank(board, rank, previous) {
    var note = $("tr-live-rank");
    note.className = "tr-live-rank";
    if (!board) { note.textContent = ""; return; }
    var weekly = board === "target-rush-weekly" ? " this week" : "";
    var down = rank > previous;
    note.textContent = (down ? "▼ You dropped to #" : "▲ You climbed to #") + fmt(rank) + weekly;
    void note.offsetWidth;
    note.className = "tr-live-rank show " + (down ? "down" : "up");
    var el = $(rankEls[board]);
    el.textContent = "#" + fmt(rank);
    el.classList.remove("tr-rank-down", "tr-rank-up");
    void el.offsetWidth;
    el.classList.add(down ? "tr-rank-down" : "tr-rank-up");
  }
  if (window.Ladder && Ladder.live && Ladder.playerId()) {
    Ladder.live.on("rank.changed", function (m) {
      if (state !== "over" || !rankEls[m.board] || !ranks[m.board] || m.rank === ranks[m.board]) return;
      var previous = ranks[m.board];
      ranks[m.board] = m.rank;
      liveRank(m.board, m.rank, previous);
    });
  }

  function countUp(el, target) {
    var start = now(), dur = 700;
    (function step() {
      var k = Math.min(1, (now() - start) / dur);
      el.textContent = fmt(Math.round(target * (1 - Math.pow(1 - k, 3))));
      if (k < 1) requestAnimationFrame(step);
    })();
  }

  if ($("tr-start-btn")) $("tr-start-btn").addEventListener("click", start);
  $("tr-again").addEventListener("click", start);
  document.addEventListener("keydown", function (ev) {
    if ((ev.key === " " || ev.key === "Enter") && (state === "idle" || state === "over") && $("tr-start-btn")) { ev.preventDefault(); start(); }
  });

  // A read-only view of the game for automated tests: the targets on screen
  // in page coordinates, the state and the score.
  window.__targetRush = {
    state: function () { return state; },
    score: function () { return score; },
    targets: function () {
      var r = canvas.getBoundingClientRect(), el = now() - t0;
      return targets.filter(function (t) { return (el - t.born) < t.life * 0.8; }).map(function (t) {
        return { x: r.left + window.scrollX + t.x, y: r.top + window.scrollY + t.y, vx: r.left + t.x, vy: r.top + t.y };
      });
    }
  };
  requestAnimationFrame(frame);
})();
