// Leaderboard page: keeps the "resets in" countdown ticking and, on the
// current period, keeps the server-rendered table live. Page 1 is redrawn
// from the leaderboard.top snapshots of the shared socket; other pages are
// re-read through the API when the board changes (at most once a second).
// Rows move to their new rank with a FLIP animation, new rows slide in,
// changed scores flash; the signed-in player's row and "Your place" box
// follow along.
(function () {
  "use strict";

  // ---------- countdown ----------
  var box = document.querySelector("[data-reset]");
  if (box) {
    var out = box.querySelector("[data-countdown]");
    var at = Date.parse(box.getAttribute("data-reset"));
    var pad = function (n) { return n < 10 ? "0" + n : String(n); };
    var tick = function () {
      var s = Math.max(0, Math.floor((at - Date.now()) / 1000));
      var d = Math.floor(s / 86400), h = Math.floor(s / 3600) % 24, m = Math.floor(s / 60) % 60;
      out.textContent = (d > 0 ? d + "d " : "") + pad(h) + "h " + pad(m) + "m " + pad(s % 60) + "s";
      if (s === 0) { setTimeout(function () { location.reload(); }, 1500); return; }
      setTimeout(tick, 1000);
    };
    tick();
  }

  // ---------- live table ----------
  var table = document.querySelector("table[data-board]");
  var live = window.Ladder && Ladder.live;
  if (!table || !live || table.dataset.period !== "current") return;
  var board = table.dataset.board;
  var me = table.dataset.me || "";
  var offset = +table.dataset.offset || 0;
  var pageSize = 25;
  var tbody = document.getElementById("board-rows");
  var reduced = window.matchMedia && matchMedia("(prefers-reduced-motion: reduce)").matches;
  var lastSeq = null;
  var seen = false; // a snapshot arrived before (the page's own data is older)

  function fmt(n) { return Number(n).toLocaleString("en-US"); }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function percentText(p) {
    if (p >= 10 || p === Math.floor(p)) return "top " + Math.ceil(p - 0.001) + "%";
    return "top " + p.toFixed(1) + "%";
  }
  function podium(node, rank, mine) {
    node.classList.toggle("lb-podium", rank <= 3);
    [1, 2, 3].forEach(function (r) { node.classList.toggle("lb-podium-" + r, rank === r); });
    node.classList.toggle("me", mine);
  }

  // throttle runs fn at most once per wait ms, always once after the last call.
  function throttle(fn, wait) {
    var last = 0, timer = null;
    return function () {
      if (timer) return;
      var delay = Math.max(0, last + wait - Date.now());
      timer = setTimeout(function () { timer = null; last = Date.now(); fn(); }, delay);
    };
  }

  function newRow(e) {
    var tr = el("tr", "lb-row");
    tr.dataset.playerId = e.player_id;
    tr.setAttribute("data-testid", "board-row");
    var rank = el("td", "lb-rank-col");
    rank.appendChild(el("span", "lb-medal"));
    var name = el("td", "lb-name");
    var a = el("a");
    a.href = "/players/" + encodeURIComponent(e.player_id);
    name.appendChild(a);
    var score = el("td", "num lb-score");
    score.setAttribute("data-testid", "row-score");
    tr.appendChild(rank); tr.appendChild(name); tr.appendChild(score);
    return tr;
  }

  function fillRow(tr, e) {
    var mine = e.player_id === me;
    tr.dataset.rank = String(e.rank);
    podium(tr, e.rank, mine);
    tr.querySelector(".lb-medal").textContent = String(e.rank);
    var a = tr.querySelector(".lb-name a");
    if (a.textContent !== e.display_name) a.textContent = e.display_name;
    var badge = tr.querySelector(".badge-you");
    if (mine && !badge) { badge = el("span", "badge badge-you", "you"); tr.querySelector(".lb-name").appendChild(badge); }
    if (!mine && badge) badge.remove();
    var sc = tr.querySelector(".lb-score");
    var text = fmt(e.score);
    if (sc.textContent !== text) {
      var changed = sc.textContent !== "";
      sc.textContent = text;
      if (changed && !reduced) restart(tr, "lb-flash");
    }
  }

  // markMove keeps a ▲, ▼ or "new" beside a row's rank for a few seconds
  // after it moved, so a glance shows what changed.
  var MARK_MS = 4000;
  function markMove(tr, kind) {
    var cell = tr.querySelector(".lb-rank-col");
    var mark = cell.querySelector(".lb-move");
    if (!mark) { mark = el("span"); mark.setAttribute("data-testid", "row-move"); cell.appendChild(mark); }
    mark.className = "lb-move lb-move-" + kind;
    mark.textContent = kind === "up" ? "▲" : kind === "down" ? "▼" : "new";
    mark.title = kind === "up" ? "Moved up" : kind === "down" ? "Moved down" : "New on the board";
    clearTimeout(tr._markTimer);
    tr._markTimer = setTimeout(function () { mark.remove(); }, MARK_MS);
  }

  function restart(node, cls) {
    node.classList.remove(cls);
    void node.offsetWidth; // restart the animation
    node.classList.add(cls);
  }

  // draw makes tbody show entries (one page), animating what moved.
  function draw(entries) {
    var old = {};
    Array.prototype.forEach.call(tbody.children, function (tr) {
      old[tr.dataset.playerId] = { node: tr, top: tr.getBoundingClientRect().top };
    });
    var keep = {};
    var added = [];
    entries.forEach(function (e, i) {
      var o = old[e.player_id];
      var tr = o ? o.node : newRow(e);
      if (!o) added.push(tr);
      keep[e.player_id] = true;
      var was = o ? Number(tr.dataset.rank) : 0;
      fillRow(tr, e);
      if (!o) markMove(tr, "new");
      else if (e.rank < was) markMove(tr, "up");
      else if (e.rank > was) markMove(tr, "down");
      if (tbody.children[i] !== tr) tbody.insertBefore(tr, tbody.children[i] || null);
    });
    Object.keys(old).forEach(function (id) { if (!keep[id]) old[id].node.remove(); });
    if (reduced) return;
    // FLIP: start each moved row where it was, then let it glide home.
    var moved = [];
    entries.forEach(function (e) {
      var o = old[e.player_id];
      if (!o) return;
      var dy = o.top - o.node.getBoundingClientRect().top;
      if (Math.abs(dy) < 1) return;
      o.node.style.transition = "none";
      o.node.style.transform = "translateY(" + dy + "px)";
      o.node.classList.add("lb-moving");
      moved.push(o.node);
    });
    added.forEach(function (tr) { restart(tr, "lb-enter"); });
    if (!moved.length) return;
    void tbody.offsetWidth;
    moved.forEach(function (tr) {
      tr.style.transition = "";
      tr.style.transform = "";
      setTimeout(function () { tr.classList.remove("lb-moving"); }, 600);
    });
  }

  function setTotal(total) {
    var t = document.querySelector('[data-testid="board-total"]');
    if (t) t.textContent = fmt(total);
    var w = document.querySelector("[data-total-word]");
    if (w) w.textContent = total === 1 ? "player" : "players";
  }

  function setEmpty(empty) {
    var e = document.querySelector('[data-testid="board-empty"]');
    if (e && offset === 0) e.hidden = !empty;
  }

  // Other pages: read the visible page again.
  var refetchPage = throttle(function () {
    Ladder.api("GET", "/leaderboards/" + encodeURIComponent(board) + "?offset=" + offset + "&limit=" + pageSize)
      .then(function (p) { setTotal(p.total); draw(p.entries || []); })
      .catch(function () { /* the next change tries again */ });
  }, 1000);

  // "Your place": the signed-in player's rank, percentile and neighbours.
  var refetchMe = throttle(function () {
    if (!me) return;
    var base = "/leaderboards/" + encodeURIComponent(board);
    Promise.all([
      Ladder.api("GET", base + "/players/" + encodeURIComponent(me)),
      Ladder.api("GET", base + "/around/" + encodeURIComponent(me) + "?radius=2"),
    ]).then(function (r) { drawMe(r[0], r[1]); })
      .catch(function () { /* not on the board yet, or a blip */ });
  }, 1000);

  function drawMe(st, around) {
    var panel = document.querySelector('[data-testid="around-me"]');
    if (!panel) return;
    var rankEl = panel.querySelector('[data-testid="my-rank"]');
    var before = rankEl ? rankEl.textContent : "";
    var h = panel.querySelector("h2");
    panel.textContent = "";
    panel.appendChild(h || el("h2", "", "Your place"));
    var stats = el("div", "lb-me-stats");
    var cell = function (label, value, id) {
      var d = el("div");
      d.appendChild(el("span", "lb-stat-label", label));
      var s = el("strong", "num", value);
      s.setAttribute("data-testid", id);
      d.appendChild(s);
      stats.appendChild(d);
      return s;
    };
    var r = cell("Rank", "#" + st.rank, "my-rank");
    var label = document.querySelector('[data-testid="score-label"]');
    cell(label ? label.textContent : "Score", fmt(st.score), "my-score");
    panel.appendChild(stats);
    if (before && before !== r.textContent && !reduced) restart(r, "lb-flash-text");
    var pct = el("p", "lb-percentile");
    pct.setAttribute("data-testid", "my-percentile");
    pct.appendChild(document.createTextNode("You are in the "));
    pct.appendChild(el("strong", st.percentile <= 10 ? "lb-pct lb-pct-top" : "lb-pct", percentText(st.percentile)));
    pct.appendChild(document.createTextNode(" of " + fmt(st.total) + (st.total === 1 ? " player." : " players.")));
    panel.appendChild(pct);
    var list = el("ol", "lb-mini lb-around");
    (around.entries || []).forEach(function (e) {
      var li = el("li", "lb-row");
      podium(li, e.rank, e.player_id === me);
      li.appendChild(el("span", "lb-medal", String(e.rank)));
      li.appendChild(el("span", "lb-mini-name", e.display_name));
      li.appendChild(el("span", "num", fmt(e.score)));
      list.appendChild(li);
    });
    if (list.children.length) panel.appendChild(list);
  }

  live.subscribe("leaderboard:" + board, function (msg) {
    if (msg.type === "subscribed") { lastSeq = null; return; } // a fresh snapshot follows
    if (msg.type !== "leaderboard.top") return;
    // Messages arrive in order; a lower seq only comes as a resync after
    // the server lost its data, anything else older is stale.
    if (lastSeq !== null && msg.seq <= lastSeq && !msg.resync) return;
    var first = !seen;
    seen = true;
    lastSeq = msg.seq;
    if (offset === 0) {
      setTotal(msg.total);
      draw((msg.entries || []).slice(0, pageSize));
      setEmpty(!(msg.entries || []).length);
    } else if (!first) {
      refetchPage();
    }
    if (!first) refetchMe();
  });
})();
