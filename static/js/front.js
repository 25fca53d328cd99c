// The live front door: lists of matches in play (topic "matches", message
// matches.live), board podiums (topics "leaderboard:<id>") and, on the home
// page, a feed of the scores and climbs those podiums show. Everything is
// rendered with DOM calls (no markup from data) under the strict CSP.
(function () {
  "use strict";
  var live = window.Ladder && window.Ladder.live;
  if (!live) return;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function num(n) { return Number(n).toLocaleString("en-US"); }
  function moves(n) { return n === 0 ? "no moves yet" : n === 1 ? "1 move" : num(n) + " moves"; }
  function watching(n) { return n === 0 ? "no one watching yet" : num(n) + " watching"; }
  function totalText(n) {
    return n === 0 ? "" : n === 1 ? "1 match being played" : num(n) + " matches being played";
  }

  // matchRow builds what the server renders for one match (liveMatchRow).
  function matchRow(m) {
    var li = el("li", "live-row");
    li.setAttribute("data-testid", "live-match");
    li.setAttribute("data-match-id", m.id);
    var players = el("div", "live-players");
    (m.players || []).forEach(function (p, i) {
      if (i > 0) players.appendChild(el("span", "live-vs muted", "vs"));
      var a = el("a", "live-player");
      a.href = "/players/" + encodeURIComponent(p.id);
      a.appendChild(el("span", "live-name", p.display_name));
      a.appendChild(el("span", "live-rating num muted", String(p.rating)));
      players.appendChild(a);
    });
    li.appendChild(players);
    var meta = el("div", "live-meta muted");
    var mv = el("span", "", moves(m.moves));
    mv.setAttribute("data-testid", "live-moves");
    var sp = el("span", "", watching(m.spectators));
    sp.setAttribute("data-testid", "live-spectators");
    var dot = el("span", "", "·");
    dot.setAttribute("aria-hidden", "true");
    meta.appendChild(mv);
    meta.appendChild(dot);
    meta.appendChild(sp);
    li.appendChild(meta);
    var watch = el("a", "btn btn-primary btn-sm live-watch", "Watch");
    watch.href = "/matches/" + encodeURIComponent(m.id);
    watch.setAttribute("data-testid", "watch");
    li.appendChild(watch);
    return li;
  }

  function paintMatches(box, msg) {
    var limit = Number(box.getAttribute("data-limit")) || 50;
    var list = (msg.matches || []).slice(0, limit);
    var rows = box.querySelector("[data-live-rows]");
    rows.replaceChildren.apply(rows, list.map(matchRow));
    var total = box.querySelector("[data-live-total]");
    total.textContent = totalText(msg.total || 0);
    // With nothing in play the empty note alone speaks.
    total.hidden = !msg.total;
    box.querySelector("[data-live-empty]").hidden = list.length > 0;
  }

  var boxes = document.querySelectorAll("[data-live-matches]");
  if (boxes.length) {
    live.subscribe("matches", function (msg) {
      if (msg.type !== "matches.live") return;
      boxes.forEach(function (box) { paintMatches(box, msg); });
    });
  }

  // Podiums: the first three entries of each board's live top.
  var me = window.Ladder.playerId ? window.Ladder.playerId() : "";
  function podium(card, entries) {
    var list = card.querySelector(".lb-mini");
    var empty = card.querySelector(".lb-empty-small");
    var top = entries.slice(0, 3);
    if (!top.length) return;
    if (!list) {
      list = el("ol", "lb-mini");
      if (empty) empty.replaceWith(list); else card.appendChild(list);
    }
    list.replaceChildren.apply(list, top.map(function (e) {
      var cls = "lb-row";
      if (e.rank <= 3) cls += " lb-podium lb-podium-" + e.rank;
      if (me && e.player_id === me) cls += " me";
      var li = el("li", cls);
      li.appendChild(el("span", "lb-medal", String(e.rank)));
      li.appendChild(el("span", "lb-mini-name", e.display_name));
      li.appendChild(el("span", "num", num(e.score)));
      return li;
    }));
  }

  // The index cards' player counts follow the total each top carries.
  function count(card, total) {
    var n = card.querySelector("[data-card-total]");
    if (!n || typeof total !== "number") return;
    n.textContent = num(total);
    card.querySelector("[data-card-total-word]").textContent = total === 1 ? "player" : "players";
  }

  // The feed compares each board's top with the one before: a new or
  // better score is news, and so is a climb.
  var feed = document.querySelector("[data-activity]");
  var FEED_MAX = 8;
  function announce(text, kind) {
    if (!feed) return;
    var empty = feed.querySelector("[data-activity-empty]");
    if (empty) empty.remove();
    var li = el("li", "activity-item activity-" + kind, text);
    li.setAttribute("data-testid", "activity-item");
    feed.insertBefore(li, feed.firstChild);
    while (feed.children.length > FEED_MAX) feed.lastChild.remove();
  }
  function diff(title, before, after) {
    var old = {};
    before.forEach(function (e) { old[e.player_id] = e; });
    after.forEach(function (e) {
      var o = old[e.player_id];
      if (!o || o.score !== e.score) {
        announce(e.display_name + " scored " + num(e.score) + " on " + title + " — #" + e.rank, "score");
      } else if (e.rank < o.rank) {
        announce(e.display_name + " moved up to #" + e.rank + " on " + title, "climb");
      }
    });
  }

  var byBoard = {};
  document.querySelectorAll("[data-testid=board-card][data-board]").forEach(function (card) {
    var id = card.getAttribute("data-board");
    (byBoard[id] = byBoard[id] || []).push(card);
  });
  Object.keys(byBoard).forEach(function (id) {
    var cards = byBoard[id];
    var title = cards[0].getAttribute("data-title") || id;
    var last = null;
    live.subscribe("leaderboard:" + id, function (msg) {
      if (msg.type !== "leaderboard.top" || !msg.entries) return;
      cards.forEach(function (card) { podium(card, msg.entries); count(card, msg.total); });
      // The first snapshot (and one after a reconnect) is the baseline.
      if (last && !msg.resync) diff(title, last, msg.entries);
      last = msg.entries;
    });
  });
})();
