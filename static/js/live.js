// Ladder.live: one WebSocket per page to /ws, shared by everything on it.
//
//   var off = Ladder.live.subscribe("leaderboard:target-rush", function (msg) { ... });
//   var off2 = Ladder.live.on("match.found", function (msg) { ... });
//   Ladder.live.onStatus(function (s) { ... });   // "connecting" | "open" | "closed"
//
// The socket reconnects by itself (exponential backoff with jitter, at most
// ~10 s) and subscribes again, so handlers get a fresh snapshot after any
// outage. Elements with data-live-indicator show whether the page is live.
//
// Leaderboard topics are subscribed with "delta": true: the server sends one
// leaderboard.top, then leaderboard.delta messages that this file applies to
// its copy of the top, so handlers still see whole leaderboard.top messages.
// A delta whose base_seq is not the seq held means one went missing: the
// topic is subscribed again and a fresh snapshot (marked resync) follows.
(function () {
  "use strict";
  var Ladder = (window.Ladder = window.Ladder || {});
  if (Ladder.live) return;

  var topics = {}; // topic -> [handler]
  var types = {}; // message type -> [handler]
  var statusFns = [];
  var ws = null;
  var state = "closed";
  var attempt = 0;
  var timer = null;
  var stopped = false; // the session was revoked: stay down
  var everOpen = false;
  var revokedSeen = false;
  var tops = {}; // delta topic -> the last leaderboard.top, rebuilt

  function deltaTopic(t) { return t.indexOf("leaderboard:") === 0; }

  function subscribeMsg(t) {
    var m = { type: "subscribe", topic: t };
    if (deltaTopic(t)) m.delta = true;
    return m;
  }

  // applyDelta turns the held top into the newer one, or returns null when
  // the delta does not follow it.
  function applyDelta(msg) {
    var top = tops[msg.topic];
    if (!top || msg.base_seq !== top.seq) return null;
    var rows = {};
    (top.entries || []).forEach(function (e) { rows[e.player_id] = e; });
    (msg.removed || []).forEach(function (id) { delete rows[id]; });
    (msg.changes || []).forEach(function (e) { rows[e.player_id] = e; });
    var entries = Object.keys(rows).map(function (id) { return rows[id]; });
    entries.sort(function (a, b) { return a.rank - b.rank; });
    var next = {};
    Object.keys(top).forEach(function (k) { next[k] = top[k]; });
    delete next.resync;
    next.seq = msg.seq;
    next.total = msg.total;
    next.entries = entries;
    return next;
  }

  function socketURL() {
    return (location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/ws";
  }

  function call(list, arg) {
    (list || []).slice().forEach(function (fn) {
      try { fn(arg); } catch (e) { setTimeout(function () { throw e; }); }
    });
  }

  function setStatus(s) {
    state = s;
    call(statusFns, s);
    paintIndicators();
  }

  function send(msg) {
    if (ws && ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(msg));
  }

  function wanted() {
    return Object.keys(topics).length > 0 || Object.keys(types).length > 0;
  }

  function connect() {
    timer = null;
    if (stopped || ws || !wanted()) return;
    setStatus("connecting");
    var sock = new WebSocket(socketURL());
    ws = sock;
    sock.onopen = function () {
      attempt = 0;
      everOpen = true;
      setStatus("open");
      tops = {};
      Object.keys(topics).forEach(function (t) { send(subscribeMsg(t)); });
    };
    sock.onmessage = function (ev) {
      var msg;
      try { msg = JSON.parse(ev.data); } catch (e) { return; }
      if (!msg || typeof msg !== "object") return;
      if (msg.type === "session.revoked") revokedSeen = true;
      if (msg.type === "leaderboard.delta") {
        var next = applyDelta(msg);
        if (!next) {
          delete tops[msg.topic];
          if (topics[msg.topic]) send(subscribeMsg(msg.topic));
          return;
        }
        if (types[msg.type]) call(types[msg.type], msg);
        msg = next;
      }
      if (msg.type === "leaderboard.top" && deltaTopic(msg.topic || "")) tops[msg.topic] = msg;
      if (msg.topic && topics[msg.topic]) call(topics[msg.topic], msg);
      if (msg.type && types[msg.type]) call(types[msg.type], msg);
    };
    sock.onclose = function (ev) {
      if (ws !== sock) return;
      ws = null;
      if (ev.code === 1008 && ev.reason === "session revoked") {
        stopped = true;
        setStatus("closed");
        // The close can outrun a dropped message: listeners still hear it.
        if (!revokedSeen) call(types["session.revoked"], { type: "session.revoked" });
        // Whoever listens for session.revoked has shown it; otherwise the
        // page reloads as the signed-out visitor it now is.
        if (!(types["session.revoked"] || []).length) location.reload();
        return;
      }
      if (ev.code === 1008) {
        // Replaced by a newer socket of the same player (too many tabs):
        // reconnecting would only push out another one.
        stopped = true;
        setStatus("closed");
        return;
      }
      setStatus("closed");
      reconnectLater();
    };
  }

  function reconnectLater() {
    if (timer || stopped || !wanted()) return;
    var ceiling = Math.min(10000, 500 * Math.pow(2, attempt));
    attempt++;
    // Full jitter above half the ceiling: instances restarting together
    // do not get every client back in the same instant.
    timer = setTimeout(connect, ceiling / 2 + Math.random() * ceiling / 2);
  }

  function ensure() {
    if (!ws && !timer) connect();
  }

  function subscribe(topic, handler) {
    var list = topics[topic] || (topics[topic] = []);
    list.push(handler);
    if (list.length === 1) send(subscribeMsg(topic));
    ensure();
    // An indicator the subscriber added after the socket opened shows too.
    paintIndicators();
    return function unsubscribe() {
      var l = topics[topic];
      if (!l) return;
      var i = l.indexOf(handler);
      if (i >= 0) l.splice(i, 1);
      if (l.length === 0) {
        delete topics[topic];
        delete tops[topic];
        send({ type: "unsubscribe", topic: topic });
      }
    };
  }

  function on(type, handler) {
    var list = types[type] || (types[type] = []);
    list.push(handler);
    ensure();
    return function off() {
      var l = types[type];
      if (!l) return;
      var i = l.indexOf(handler);
      if (i >= 0) l.splice(i, 1);
      if (l.length === 0) delete types[type];
    };
  }

  function onStatus(fn) {
    statusFns.push(fn);
    fn(state);
    return function () {
      var i = statusFns.indexOf(fn);
      if (i >= 0) statusFns.splice(i, 1);
    };
  }

  function paintIndicators() {
    var live = state === "open";
    var text = live ? "Live" : (stopped ? "Offline" : (everOpen ? "Reconnecting…" : "Connecting…"));
    document.querySelectorAll("[data-live-indicator]").forEach(function (el) {
      el.classList.add("live-indicator");
      el.setAttribute("data-state", live ? "live" : (stopped ? "offline" : "reconnecting"));
      el.setAttribute("role", "status");
      el.textContent = text;
    });
  }

  // Back online: try now rather than wait out the backoff.
  window.addEventListener("online", function () {
    if (timer) { clearTimeout(timer); timer = null; }
    attempt = 0;
    ensure();
  });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", paintIndicators);
  } else {
    paintIndicators();
  }

  Ladder.live = {
    subscribe: subscribe,
    on: on,
    onStatus: onStatus,
    // send passes a request (a rematch offer) to the server; false when the
    // socket is not open.
    send: function (msg) { var open = ws && ws.readyState === WebSocket.OPEN; send(msg); return !!open; },
    status: function () { return state; },
  };
})();
