// Target Rush: a timed aim game on a canvas.
//
// The rules come first, on their own: they are those of the server's
// internal/game/targetrush, bit for bit, so the server can replay a round
// from its seed and click log and arrive at the score the page showed. The
// generator is mulberry32 (32-bit integers via Math.imul and >>> 0) and
// every position, size and time is an integer; the page only scales the
// fixed playfield to the canvas.
(function () {
  "use strict";
  var W = 1600, H = 1000, HUD = 90, RADIUS = 85, MARGIN = 12, SLOP = 9;
  var FIRST_GAP = 700, MIN_GAP = 350, LIFE_START = 1500, LIFE_END = 1000;
  var BASE = 50, SPEED = 50, COMBO_EVERY = 4, MAX_HALVES = 6, CLICKS_PER_SECOND = 20;

  // idiv is floor(a / b) for integers a >= 0, b > 0, exact even where the
  // float quotient rounds up to the next integer.
  function idiv(a, b) {
    var q = Math.floor(a / b);
    if (q * b > a) q--;
    else if ((q + 1) * b <= a) q++;
    return q;
  }

  function rng(seed) {
    var s = seed >>> 0;
    return function () {
      s = (s + 0x6D2B79F5) >>> 0;
      var t = s;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return (t ^ (t >>> 14)) >>> 0;
    };
  }

  function targets(seed, roundMs) {
    var next = rng(seed), pad = RADIUS + MARGIN, out = [];
    for (var at = 0; at < roundMs; at += FIRST_GAP - idiv((FIRST_GAP - MIN_GAP) * at, roundMs)) {
      var life = LIFE_START - idiv((LIFE_START - LIFE_END) * at, roundMs);
      var x = pad + next() % (W - 2 * pad + 1);
      var y = HUD + pad + next() % (H - HUD - 2 * pad + 1);
      out.push({ id: out.length, x: x, y: y, r: RADIUS, born: at, expires: at + life });
    }
    return out;
  }

  // round plays a round click by click: advance(t) expires the targets
  // left unhit by t (each breaks the streak); click(t, x, y) returns the
  // index of the target hit (the newest when they overlap) and its
  // points, or -1 for a miss, which breaks the streak too.
  function round(list) {
    var gone = list.map(function () { return false; });
    var r = { now: 0, streak: 0, score: 0, hits: 0, misses: 0, bestStreak: 0 };
    r.advance = function (t) {
      if (t < r.now) return;
      r.now = t;
      for (var i = 0; i < list.length && list[i].born <= t; i++) {
        if (!gone[i] && list[i].expires <= t) { gone[i] = true; r.streak = 0; }
      }
    };
    r.click = function (t, x, y) {
      r.advance(t);
      for (var i = list.length - 1; i >= 0; i--) {
        var tg = list[i];
        if (gone[i] || tg.born > t) continue;
        var life = tg.expires - tg.born, left = tg.expires - t;
        var dx = x - tg.x, dy = y - tg.y, reach = tg.r * left + SLOP * life;
        if ((dx * dx + dy * dy) * life * life > reach * reach) continue;
        var halves = Math.min(2 + idiv(r.streak, COMBO_EVERY), MAX_HALVES);
        var num = (BASE * life + SPEED * left) * halves, den = 2 * life;
        var points = idiv(2 * num + den, 2 * den);
        gone[i] = true;
        r.streak++; r.score += points; r.hits++;
        r.bestStreak = Math.max(r.bestStreak, r.streak);
        return { target: i, points: points };
      }
      r.streak = 0; r.misses++;
      return { target: -1, points: 0 };
    };
    // live lists the targets on the field at t: born, not hit, not expired.
    r.live = function (t) {
      var out = [];
      for (var i = 0; i < list.length && list[i].born <= t; i++) {
        if (!gone[i] && list[i].expires > t) out.push(list[i]);
      }
      return out;
    };
    r.result = function () { return { score: r.score, hits: r.hits, misses: r.misses, best_streak: r.bestStreak }; };
    return r;
  }

  function replay(list, clicks) {
    var r = round(list);
    clicks.forEach(function (c) { r.click(c.t, c.x, c.y); });
    return r.result();
  }

  window.TargetRushRules = {
    W: W, H: H, RADIUS: RADIUS,
    rng: rng, targets: targets, round: round, replay: replay,
    // The multiplier for a streak, as the page shows it (×1 to ×3).
    mult: function (streak) { return Math.min(2 + idiv(streak, COMBO_EVERY), MAX_HALVES) / 2; },
    maxClicks: function (roundMs) { return idiv(roundMs * CLICKS_PER_SECOND, 1000); }
  };
})();

// The game: the rules above, drawn on a canvas and played live.
(function () {
  "use strict";
  var stage = document.getElementById("tr-stage");
  if (!stage) return;
  var canvas = document.getElementById("tr-canvas");
  var ctx = canvas.getContext("2d");
  var $ = function (id) { return document.getElementById(id); };

  var Rules = window.TargetRushRules;
  var COLORS = ["#ff5d73", "#22d3a6", "#8b7fff", "#ffd166", "#4cc9f0"];

  var roundMs = Number(stage.dataset.roundMs) || 30000;
  var state = "idle"; // idle, countdown, playing, submitting, over
  var run = null, t0 = 0, list = [], game = null, clicks = [], maxClicks = 0;
  var targets = [], particles = [], floaters = [], ripples = [];
  var score = 0, streak = 0, bestStreak = 0, hits = 0;
  var w = 0, h = 0, dpr = 1, shake = 0;
  // The playfield (Rules.W × Rules.H) is drawn at scale k from (ox, oy). On
  // a portrait stage it is turned a quarter (its x runs down the screen)
  // and sits below the HUD, as its own HUD band then lies along a side.
  var k = 1, ox = 0, oy = 0, portrait = false, HUD_STRIP = 60;

  function resize() {
    var r = stage.getBoundingClientRect();
    dpr = Math.min(window.devicePixelRatio || 1, 2);
    w = r.width; h = r.height;
    canvas.width = Math.round(w * dpr); canvas.height = Math.round(h * dpr);
    canvas.style.width = w + "px"; canvas.style.height = h + "px";
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    portrait = h > w;
    if (portrait) {
      k = Math.min(w / Rules.H, (h - HUD_STRIP) / Rules.W);
      ox = (w - Rules.H * k) / 2; oy = HUD_STRIP + (h - HUD_STRIP - Rules.W * k) / 2;
    } else {
      k = Math.min(w / Rules.W, h / Rules.H);
      ox = (w - Rules.W * k) / 2; oy = (h - Rules.H * k) / 2;
    }
  }
  // toScreen maps a playfield point to canvas pixels; toField goes back,
  // to whole playfield units inside the field.
  function toScreen(x, y) {
    return portrait ? { x: ox + (Rules.H - y) * k, y: oy + x * k } : { x: ox + x * k, y: oy + y * k };
  }
  function toField(px, py) {
    var x = portrait ? (py - oy) / k : (px - ox) / k;
    var y = portrait ? Rules.H - (px - ox) / k : (py - oy) / k;
    return {
      x: Math.min(Math.max(Math.round(x), 0), Rules.W),
      y: Math.min(Math.max(Math.round(y), 0), Rules.H)
    };
  }
  window.addEventListener("resize", resize);
  resize();

  function now() { return performance.now(); }
  function mult() { return Rules.mult(streak); }
  function radius() { return Rules.RADIUS * k; }
  // The round's clock in whole ms, the unit of the click log.
  function tick() { return Math.floor(now() - t0); }
  function show(id, on) { $(id).classList.toggle("tr-hidden", !on); }
  function fmt(n) { return Number(n).toLocaleString("en-US"); }

  // sync takes the round's state (targets on the field, streak) at t.
  function sync(t) {
    game.advance(t);
    targets = game.live(t);
    if (streak !== game.streak) { streak = game.streak; updateHud(); }
  }

  function burst(x, y, color, n) {
    for (var i = 0; i < n; i++) {
      var a = Math.random() * Math.PI * 2, s = 80 + Math.random() * 260;
      particles.push({ x: x, y: y, vx: Math.cos(a) * s, vy: Math.sin(a) * s, life: 1, color: color, size: 2 + Math.random() * 3 });
    }
  }

  // hit plays a click at canvas pixel (px, py): it goes into the log the
  // server replays, and through the same rules here.
  function hit(px, py) {
    if (state !== "playing") return;
    var t = tick();
    if (t >= roundMs || clicks.length >= maxClicks) return;
    var p = toField(px, py);
    clicks.push({ t: t, x: p.x, y: p.y });
    var res = game.click(t, p.x, p.y);
    score = game.score; streak = game.streak; hits = game.hits; bestStreak = game.bestStreak;
    targets = game.live(t);
    if (res.target >= 0) {
      var tg = list[res.target], at = toScreen(tg.x, tg.y), pts = res.points;
      var frac = (tg.expires - t) / (tg.expires - tg.born), color = COLORS[tg.id % COLORS.length];
      burst(at.x, at.y, color, 18 + Math.min(streak, 20));
      floaters.push({ x: at.x, y: at.y, text: "+" + pts, life: 1, color: frac > 0.66 ? "#ffd166" : "#fff" });
      sfx("hit");
      if (streak > 0 && streak % 4 === 0 && mult() > 1) {
        sfx("combo");
        floaters.push({ x: at.x, y: at.y - 30, text: "×" + mult() + " combo!", life: 1.3, color: "#22d3a6" });
        shake = 6;
      }
    } else {
      ripples.push({ x: px, y: py, life: 1 });
    }
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
      sync(Math.min(tick(), roundMs - 1));
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
      var frac = (tg.expires - el) / (tg.expires - tg.born);
      if (frac <= 0) return;
      var grow = Math.min(1, (el - tg.born) / 90);
      var at = toScreen(tg.x, tg.y);
      drawTarget(at.x, at.y, tg.r * k * frac * grow, COLORS[tg.id % COLORS.length], frac);
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

  // sfx plays a sound of the shared sound module, when it is loaded.
  function sfx(name) { if (window.Ladder && Ladder.sound) Ladder.sound.play(name); }

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
    list = Rules.targets(run.seed, roundMs);
    game = Rules.round(list); clicks = []; maxClicks = Rules.maxClicks(roundMs);
    state = "countdown";
    show("tr-start", false); show("tr-end", false); show("tr-count", true);
    targets = []; particles = []; floaters = []; ripples = [];
    score = 0; streak = 0; bestStreak = 0; hits = 0;
    updateHud();
    $("tr-time").textContent = (roundMs / 1000).toFixed(1);
    var n = 3;
    (function tick() {
      var el = $("tr-count-n");
      el.textContent = n > 0 ? String(n) : "Go!";
      el.classList.remove("pop"); void el.offsetWidth; el.classList.add("pop");
      sfx(n > 0 ? "tick" : "go");
      if (n-- > 0) { setTimeout(tick, 650); return; }
      setTimeout(function () {
        show("tr-count", false);
        state = "playing"; t0 = now();
      }, 350);
    })();
  }

  async function submitTo(board) {
    try {
      return await Ladder.api("POST", "/leaderboards/" + board + "/scores", { score: score, run_id: run.run_id, hits: clicks });
    } catch (e) { return { error: e }; }
  }

  // movedParts names the place that moved on each board this round fed,
  // from the rank the board answered and the one just before it:
  // "▲ All time #5 → #3 · This week new at #1".
  function movedParts(boards) {
    var parts = [];
    boards.forEach(function (b) {
      var r = b[1];
      if (r.error || !r.improved || r.rank === r.previous_rank) return;
      parts.push(b[0] + (r.previous_rank ? " #" + fmt(r.previous_rank) + " → #" + fmt(r.rank) : " new at #" + fmt(r.rank)));
    });
    if (parts.length) parts[0] = "▲ " + parts[0];
    return parts;
  }

  // setParts fills el with one unbreakable span per board, " · " between.
  function setParts(el, parts) {
    el.replaceChildren();
    parts.forEach(function (text, i) {
      if (i > 0) el.appendChild(document.createTextNode(" · "));
      var span = document.createElement("span");
      span.className = "tr-part";
      span.textContent = text;
      el.appendChild(span);
    });
  }

  // roundPlace shows where this round alone would rank all time, and how
  // many points the player's best needs to pass the next player up; it
  // runs again whenever the all-time rank moves live.
  async function roundPlace(roundScore, all) {
    try {
      var place = await Ladder.api("GET", "/leaderboards/target-rush/place?score=" + roundScore);
      $("tr-place").textContent = "#" + fmt(place.rank);
    } catch (e) { $("tr-place").textContent = "—"; }
    nextLine(all.rank, all.score);
  }

  // nextLine says how many points the player's best needs to pass the
  // next player up all time.
  async function nextLine(rank, best) {
    if (rank <= 1) { $("tr-next").textContent = "You are top of the all-time board."; return; }
    try {
      var around = await Ladder.api("GET", "/leaderboards/target-rush/around/" + encodeURIComponent(Ladder.playerId()) + "?radius=1");
      var above = (around.entries || []).filter(function (e) { return e.rank === rank - 1; })[0];
      if (above) {
        var need = above.score - best + 1;
        $("tr-next").textContent = fmt(need) + (need === 1 ? " point" : " points") + " more to pass " + above.display_name + " (#" + fmt(above.rank) + ").";
      }
    } catch (e) { /* the rest of the end screen stands */ }
  }

  async function finish() {
    state = "submitting";
    targets = [];
    $("tr-final").textContent = "0";
    $("tr-rank").textContent = "…"; $("tr-wrank").textContent = "…";
    $("tr-hits").textContent = fmt(hits); $("tr-streak").textContent = fmt(bestStreak);
    $("tr-place").textContent = "…"; $("tr-next").textContent = ""; $("tr-moved").textContent = "";
    // Accuracy: the share of clicks that hit a target.
    $("tr-accuracy").textContent = clicks.length ? Math.round(100 * hits / clicks.length) + "%" : "—";
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
      bestAll = all.score;
      ranks["target-rush-weekly"] = wk.error ? 0 : wk.rank;
      $("tr-rank").textContent = "#" + fmt(all.rank);
      $("tr-wrank").textContent = wk.error ? "—" : "#" + fmt(wk.rank);
      $("tr-best").textContent = fmt(all.score);
      if (!wk.error) $("tr-weekly").textContent = fmt(wk.score);
      var weekBest = !wk.error && wk.improved;
      $("tr-pb").textContent = all.improved ? "New personal best!" :
        weekBest ? "New best this week · personal best " + fmt(all.score) : "Personal best: " + fmt(all.score);
      $("tr-pb").classList.toggle("new", !!all.improved || weekBest);
      setParts($("tr-moved"), movedParts([["All time", all], ["This week", wk]]));
      if (all.improved) burst(w / 2, h / 2, "#ffd166", 60);
      roundPlace(score, all);
    }
    state = "over";
  }

  // Live rank: while the end screen shows, others passing the player (or
  // falling behind) move the rank shown, with a word on what happened.
  // When both boards move, the note names each: the latest word per board.
  var ranks = {}, notes = {}, bestAll = 0;
  var rankEls = { "target-rush": "tr-rank", "target-rush-weekly": "tr-wrank" };
  var boardWords = { "target-rush": " all time", "target-rush-weekly": " this week" };
  function liveRank(board, rank, previous) {
    var note = $("tr-live-rank");
    note.className = "tr-live-rank";
    if (!board) { notes = {}; note.textContent = ""; return; }
    var down = rank > previous;
    notes[board] = (down ? "▼ You dropped to #" : "▲ You climbed to #") + fmt(rank) + boardWords[board];
    setParts(note, Object.keys(rankEls).filter(function (b) { return notes[b]; }).map(function (b) { return notes[b]; }));
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
      if (m.board === "target-rush") roundPlace(score, { rank: m.rank, score: bestAll });
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
  // in page coordinates, the state, the score, the seed and click log.
  window.__targetRush = {
    state: function () { return state; },
    score: function () { return score; },
    seed: function () { return run ? run.seed : 0; },
    clicks: function () { return clicks.slice(); },
    targets: function () {
      var r = canvas.getBoundingClientRect(), el = now() - t0;
      return targets.filter(function (t) { return (el - t.born) < (t.expires - t.born) * 0.8; }).map(function (t) {
        var at = toScreen(t.x, t.y);
        return { x: r.left + window.scrollX + at.x, y: r.top + window.scrollY + at.y, vx: r.left + at.x, vy: r.top + at.y };
      });
    }
  };
  requestAnimationFrame(frame);
})();
