// Ranked Connect Four: lobby, queue, board and result (/play/connect4), and
// the read-only board of /matches/{id}. Live updates come over the shared
// socket (Ladder.live) when it is there; while it is not open the page polls
// the API, so it never goes stale.
(function () {
  "use strict";
  var root = document.getElementById("c4");
  if (!root) return;
  var ROWS = 6, COLS = 7;
  var mode = root.dataset.mode;
  var me = root.dataset.me || (window.Ladder && Ladder.playerId()) || "";
  var $ = function (id) { return document.getElementById(id); };
  var live = window.Ladder && Ladder.live;

  var socketOpen = false;
  if (live && live.onStatus) {
    live.onStatus(function (s) {
      socketOpen = s === "open" || s === true || (s && s.open === true) || (s && s.status === "open");
    });
  }

  // ---------- formatting ----------
  function clock(ms) {
    var s = Math.max(0, Math.floor(ms / 1000));
    return Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
  }
  // A clock or wait in words a glance reads: "42s" under a minute, else "9:26".
  function seconds(ms) {
    var s = Math.max(0, Math.ceil(ms / 1000));
    if (s < 60) return s + "s";
    var rest = s % 60;
    return Math.floor(s / 60) + ":" + (rest < 10 ? "0" : "") + rest;
  }
  function signed(n) { return n > 0 ? "+" + n : String(n); }
  function show(el, on) { if (el) el.hidden = !on; }

  // ---------- board ----------
  var boardEl = $("c4-board");
  var cells = [];
  var cursor = 3;
  var state = null;       // the latest match state
  var sending = false;

  function buildBoard() {
    boardEl.innerHTML = "";
    for (var c = 0; c < COLS; c++) {
      var col = document.createElement("div");
      col.className = "c4-col";
      col.dataset.col = c;
      col.setAttribute("role", "button");
      col.setAttribute("aria-label", "Column " + (c + 1));
      col.setAttribute("data-testid", "col-" + c);
      cells[c] = [];
      for (var r = 0; r < ROWS; r++) {
        var cell = document.createElement("div");
        cell.className = "c4-cell";
        cell.appendChild(document.createElement("span"));
        col.appendChild(cell);
        cells[c][r] = cell;
      }
      boardEl.appendChild(col);
    }
  }

  function myTurn() {
    return mode === "play" && state && state.status === "playing" && state.turn === me;
  }

  function setCursor(c) {
    cursor = (c + COLS) % COLS;
    Array.prototype.forEach.call(boardEl.children, function (el, i) {
      el.classList.toggle("cursor", i === cursor && myTurn());
    });
  }

  // boardAt is the grid after the first k moves (row 0 at the top; the
  // first player's discs are 1).
  function boardAt(moves, k) {
    var b = [];
    for (var r = 0; r < ROWS; r++) b.push([0, 0, 0, 0, 0, 0, 0]);
    for (var i = 0; i < k && i < moves.length; i++) {
      for (var rr = ROWS - 1; rr >= 0; rr--) {
        if (b[rr][moves[i]] === 0) { b[rr][moves[i]] = i % 2 === 0 ? 1 : 2; break; }
      }
    }
    return b;
  }

  // markLast rings the disc of the k-th move.
  function markLast(board, moves, k) {
    boardEl.querySelectorAll(".c4-cell.last").forEach(function (el) { el.classList.remove("last"); });
    if (!k) return;
    var col = moves[k - 1], row = 0;
    while (row < ROWS && board[row][col] === 0) row++;
    if (row < ROWS) cells[col][row].classList.add("last");
  }

  function paint(board, animateFrom) {
    for (var c = 0; c < COLS; c++) {
      for (var r = 0; r < ROWS; r++) {
        var v = board[r][c];
        var disc = cells[c][r].firstChild;
        var cls = v === 1 ? "disc p1" : v === 2 ? "disc p2" : "";
        if (disc.className !== cls) {
          disc.className = cls;
          if (cls && animateFrom) {
            disc.style.setProperty("--drop", (r + 1) * 100 + "%");
            disc.classList.add("dropping");
          }
        }
        cells[c][r].classList.remove("win");
      }
    }
  }

  function markWin(board, moves) {
    if (!moves || !moves.length) return;
    // Find the four through the last move.
    var col = moves[moves.length - 1], row = 0;
    while (row < ROWS && board[row][col] === 0) row++;
    var piece = board[row][col];
    [[0, 1], [1, 0], [1, 1], [1, -1]].forEach(function (d) {
      var line = [[row, col]];
      [1, -1].forEach(function (sgn) {
        var r = row + d[0] * sgn, c = col + d[1] * sgn;
        while (r >= 0 && r < ROWS && c >= 0 && c < COLS && board[r][c] === piece) {
          line.push([r, c]); r += d[0] * sgn; c += d[1] * sgn;
        }
      });
      if (line.length >= 4) line.forEach(function (p) { cells[p[1]][p[0]].classList.add("win"); });
    });
  }

  // ---------- match state ----------
  var deadlineAt = 0;     // local ms when the current move's time runs out
  var resultShown = false;
  var ratingChanges = null;
  var view = -1;          // moves shown while replaying; -1 follows the game
  var focused = false;    // the board took the focus for this match
  var endSounded = false;
  var sfx = function (name) { if (window.Ladder && Ladder.sound) Ladder.sound.play(name); };
  var attention = function (text, sound) { if (window.Ladder && Ladder.sound) Ladder.sound.attention(text, sound); };

  function isPlayer() { return !!(state && me && state.players.indexOf(me) >= 0); }

  // who names a player for a sentence: "You" for the viewer.
  function who(id, info) {
    if (id === me) return "You";
    for (var i = 0; i < info.length; i++) if (info[i].id === id) return info[i].display_name;
    return "Someone";
  }

  function reasonText(res, info) {
    var loser = res.winner ? who(res.winner === info[0].id ? info[1].id : info[0].id, info) : "";
    switch (res.reason) {
      case "four": return "Four in a row — " + who(res.winner, info) + " connected four.";
      case "draw": return "Draw — the board is full.";
      case "timeout": return "Ran out of time — " + loser + " ran out of time.";
      case "resign": return "Resigned — " + loser + " resigned.";
      case "cancelled": return "Cancelled — an administrator cancelled the match.";
    }
    return "";
  }

  // moverOf is the player who made move i (0-based).
  function moverOf(s, i) { return (s.player_info || [])[i % 2] || { id: "", display_name: "Someone" }; }

  function renderMoves(s) {
    var list = $("c4-movelist");
    if (!list) return;
    var moves = s.moves || [];
    while (list.children.length > moves.length) list.removeChild(list.lastChild);
    for (var i = list.children.length; i < moves.length; i++) {
      var li = document.createElement("li");
      var d = document.createElement("span");
      d.className = "disc " + (i % 2 === 0 ? "p1" : "p2");
      d.setAttribute("aria-hidden", "true");
      li.appendChild(d);
      li.appendChild(document.createTextNode(" " + moverOf(s, i).display_name + " · column " + (moves[i] + 1)));
      li.dataset.move = i + 1;
      list.appendChild(li);
    }
    var cur = view < 0 ? moves.length : view;
    Array.prototype.forEach.call(list.children, function (li, j) { li.classList.toggle("current", j === cur - 1); });
    var curEl = list.children[cur - 1];
    if (curEl && curEl.scrollIntoView && view >= 0) curEl.scrollIntoView({ block: "nearest" });
  }

  function announce(s, from) {
    var el = $("c4-announce");
    if (!el || !s.moves || s.moves.length <= from) return;
    var i = s.moves.length - 1, p = moverOf(s, i);
    el.textContent = (p.id === me ? "You" : p.display_name) + " dropped in column " + (s.moves[i] + 1);
  }

  function labels(s) {
    var over = s.status !== "playing";
    var liveEl = $("c4-live"), phase = $("c4-phase"), role = $("c4-role");
    if (liveEl) liveEl.hidden = over;
    var keys = document.querySelector(".c4-keys");
    if (keys) keys.hidden = over;
    if (phase) { phase.hidden = !over; phase.textContent = s.status === "cancelled" ? "Cancelled" : "Finished"; }
    if (role) role.textContent = isPlayer() ? (over ? "You played" : "Playing") : "Spectating";
    var eb = $("c4-eyebrow");
    if (eb) eb.textContent = "Ranked Connect Four · " + (over ? "Finished" : "Live") + " · " +
      (isPlayer() ? (over ? "you played" : "you are playing") : "spectating");
    var info = s.player_info || [];
    if (info.length === 2) document.title = info[0].display_name + " vs " + info[1].display_name + " · Connect Four · Ladder";
  }

  // showView paints the board after k moves of a finished match (replay),
  // or the final position when k is -1.
  function showView(k) {
    if (!state) return;
    var n = state.moves.length;
    view = k < 0 || k >= n ? -1 : Math.max(0, k);
    var shown = view < 0 ? n : view;
    var board = view < 0 ? state.board : boardAt(state.moves, shown);
    // Repaint only when the position changes, so a landing disc finishes.
    if (boardEl.dataset.shown !== String(shown)) paint(board, false);
    markLast(board, state.moves, shown);
    if (view < 0 && state.status !== "playing") markWin(state.board, state.moves);
    var pos = $("c4-rp-pos");
    if (pos) pos.textContent = "Move " + shown + " of " + n;
    $("c4-rp-first").disabled = $("c4-rp-prev").disabled = shown === 0;
    $("c4-rp-next").disabled = $("c4-rp-last").disabled = shown === n;
    boardEl.dataset.shown = shown;
    renderMoves(state);
  }
  function step(d) {
    if (!state || state.status === "playing") return;
    var n = state.moves.length, cur = view < 0 ? n : view;
    showView(Math.min(n, Math.max(0, cur + d)) === n ? -1 : Math.max(0, cur + d));
  }

  function render(s) {
    if (state && s.seq < state.seq) return;           // stale
    if (state && s.seq === state.seq && s.status === state.status && !(s.rating_changes && !ratingChanges)) {
      // Same position: only the clock may be fresher.
      if (s.remaining_ms !== undefined) deadlineAt = Date.now() + s.remaining_ms;
      return;
    }
    var animate = state && s.seq > state.seq;
    var before = state ? state.moves.length : -1;
    var wasMine = myTurn();
    state = s;
    view = -1;
    if (s.rating_changes && Object.keys(s.rating_changes).length) ratingChanges = s.rating_changes;
    show($("c4-lobby"), false);
    show($("c4-queue"), false);
    show($("c4-arena"), true);

    var info = s.player_info || [];
    for (var i = 0; i < 2; i++) {
      var el = $("c4-p" + i);
      var p = info[i] || { display_name: "—", rating: "" };
      el.querySelector(".c4-name").textContent = p.display_name + (p.id === me ? " (you)" : "");
      el.querySelector(".c4-rating").textContent = p.rating ? "Rating " + p.rating : "";
      el.classList.toggle("active", s.status === "playing" && s.turn === p.id);
      el.classList.toggle("winner", !!(s.result && s.result.winner === p.id));
    }
    show($("c4-resign"), s.status === "playing" && s.players.indexOf(me) >= 0);
    paint(s.board, animate);
    boardEl.dataset.shown = s.moves.length;
    markLast(s.board, s.moves, s.moves.length);
    renderMoves(s);
    labels(s);
    show($("c4-replay"), s.status !== "playing" && s.moves.length > 0);
    if (animate) {
      sfx("drop");
      if (before >= 0) announce(s, before);
    }
    if (!focused && s.status === "playing") {
      focused = true;
      // The arena has just been shown: take the keys to the board.
      setTimeout(function () { boardEl.focus({ preventScroll: false }); }, 0);
    }
    deadlineAt = s.status === "playing" ? Date.now() + (s.remaining_ms || 0) : 0;
    boardEl.classList.toggle("my-turn", myTurn());
    boardEl.setAttribute("aria-disabled", myTurn() ? "false" : "true");
    setCursor(cursor);
    var status = $("c4-status");
    if (s.status === "playing") {
      if (mode === "play") {
        status.textContent = myTurn() ? "Your turn — drop a disc" : "Waiting for " + nameOf(s.turn) + "…";
      } else {
        status.textContent = nameOf(s.turn) + " to move";
      }
      status.className = "c4-status" + (myTurn() ? " mine" : "");
      if (myTurn() && !wasMine) attention("Your turn", "turn");
    } else {
      markWin(s.board, s.moves);
      showView(-1);
      if (!endSounded && before >= 0) {
        endSounded = true;
        var res = s.result || {};
        if (isPlayer() && res.winner) { sfx(res.winner === me ? "win" : "loss"); if (window.Ladder && Ladder.sound) Ladder.sound.vibrate(res.winner === me ? [60, 40, 60] : 200); }
        else sfx("draw");
      }
      status.textContent = s.status === "cancelled" ? "Match cancelled" : "Match over";
      status.className = "c4-status";
      showResult();
    }
    tickClocks();
  }

  // refreshRecent swaps in the recent matches list of a fresh play page once
  // a match has been settled.
  var recentFor = "";
  function refreshRecent() {
    if (mode !== "play" || recentFor === matchId || !window.DOMParser) return;
    recentFor = matchId;
    fetch("/play/connect4", { credentials: "same-origin" }).then(function (r) { return r.text(); }).then(function (html) {
      var fresh = new DOMParser().parseFromString(html, "text/html").querySelector(".c4-recent");
      var old = document.querySelector(".c4-recent");
      if (!fresh) return;
      if (old) old.replaceWith(fresh);
      else root.appendChild(fresh);
    }).catch(function () { recentFor = ""; });
  }

  function nameOf(id) {
    var info = (state && state.player_info) || [];
    for (var i = 0; i < info.length; i++) if (info[i].id === id) return id === me ? "you" : info[i].display_name;
    return "opponent";
  }

  function showResult() {
    var s = state, res = s.result || {};
    var title;
    if (res.reason === "cancelled") title = "Match cancelled";
    else if (!res.winner) title = "It's a draw";
    else if (mode === "play" && s.players.indexOf(me) >= 0) title = res.winner === me ? "You won!" : "You lost";
    else title = nameOf(res.winner) + " wins";
    $("c4-result-title").textContent = title;
    var over = s.status !== "playing";
    show($("c4-rematch"), over && isPlayer() && res.reason !== "cancelled" && rematch.state !== "offered");
    show($("c4-again"), over && !!me && (mode === "play" || isPlayer()));
    $("c4-result").classList.toggle("won", res.winner === me);
    $("c4-result-reason").textContent = reasonText(res, s.player_info || []);
    var box = $("c4-result-rating");
    box.innerHTML = "";
    var ids = ratingChanges ? Object.keys(ratingChanges) : [];
    if (mode === "play" && ratingChanges && ratingChanges[me]) ids = [me];
    ids.forEach(function (id) {
      var rc = ratingChanges[id];
      var row = document.createElement("div");
      row.className = "c4-rc";
      var who = document.createElement("span");
      who.className = "muted";
      who.textContent = id === me ? "Your rating" : nameOf(id);
      var val = document.createElement("strong");
      val.className = "num";
      val.textContent = rc.before + " → " + rc.after + " ";
      var d = document.createElement("span");
      d.className = "num " + (rc.delta > 0 ? "c4-up" : rc.delta < 0 ? "c4-down" : "muted");
      d.textContent = "(" + signed(rc.delta) + ")";
      val.appendChild(d);
      row.appendChild(who); row.appendChild(val);
      box.appendChild(row);
    });
    if (!ids.length && res.reason !== "cancelled") box.textContent = "Updating ratings…";
    var mine = document.querySelector(".c4-myrating strong");
    if (ratingChanges && ratingChanges[me]) refreshRecent();
    if (mine && ratingChanges && ratingChanges[me] && mine.textContent !== String(ratingChanges[me].after)) {
      mine.textContent = ratingChanges[me].after;
      refreshMyRecord();
    }
    if (!resultShown || ids.length) show($("c4-result"), true);
    resultShown = true;
  }

  // refreshMyRecord rereads the player's deviation and win/loss record for
  // the header once a match has been settled.
  function refreshMyRecord() {
    var line = document.querySelector(".c4-myrating .muted.num");
    if (!line || !window.Ladder || !Ladder.api) return;
    Ladder.api("GET", "/me").then(function (p) {
      var r = p && p.ratings && p.ratings.connect4;
      if (!r) return;
      line.textContent = "± " + Math.round(r.rd) + " · " + r.wins + "W " + r.losses + "L " + r.draws + "D";
    }).catch(function () { /* the server-rendered line stays */ });
  }

  function tickClocks() {
    for (var i = 0; i < 2; i++) {
      var el = $("c4-p" + i).querySelector(".c4-clock");
      var active = state && state.status === "playing" && state.player_info && state.turn === state.player_info[i].id;
      if (active) {
        var left = deadlineAt - Date.now();
        el.textContent = seconds(left);
        el.classList.toggle("low", left < 10000);
      } else {
        el.textContent = "";
        el.classList.remove("low");
      }
    }
  }
  setInterval(function () { if (state) tickClocks(); }, 250);

  // ---------- following a match ----------
  var matchId = "";
  var unsubscribe = null;
  var pollTimer = null;

  function follow(id) {
    if (matchId === id) return;
    stopFollowing();
    matchId = id;
    state = null; ratingChanges = null; resultShown = false;
    view = -1; focused = false; endSounded = false;
    resetRematch("");
    show($("c4-result"), false);
    buildBoard();
    if (live && live.subscribe) {
      unsubscribe = live.subscribe("match:" + id, function (msg) {
        if (msg.type === "match.state") render(msg);
        if (msg.type === "match.ended") ended(msg);
      });
    }
    fetchMatch();
    pollTimer = setInterval(function () {
      // Poll while the socket is not open, and until the result carries
      // the rating changes.
      if (!socketOpen || (state && state.status !== "playing" && !ratingChanges)) fetchMatch();
    }, 1000);
    if (mode === "play" && history.replaceState) history.replaceState(null, "", "/play/connect4#" + id);
  }

  function stopFollowing() {
    if (unsubscribe) { unsubscribe(); unsubscribe = null; }
    if (pollTimer) { clearInterval(pollTimer); pollTimer = null; }
    matchId = "";
  }

  function ended(msg) {
    if (msg.match_id !== matchId) return;
    if (msg.rating_changes && Object.keys(msg.rating_changes).length) ratingChanges = msg.rating_changes;
    if (state && state.status !== "playing") showResult();
    else fetchMatch();
  }

  function fetchMatch() {
    var id = matchId;
    Ladder.api("GET", "/matches/" + id).then(function (s) {
      if (id !== matchId) return;
      s.match_id = s.id;
      render(s);
      if (s.status !== "playing" && ratingChanges) showResult();
    }).catch(function () { /* transient: the next poll retries */ });
  }

  function drop(c) {
    if (!myTurn() || sending) return;
    var colTop = state.board[0][c];
    if (colTop !== 0) { flash("That column is full."); return; }
    sending = true;
    Ladder.api("POST", "/matches/" + matchId + "/moves", { column: c }).then(function (s) {
      s.match_id = s.id;
      render(s);
    }).catch(function (e) {
      flash(e.message || "Move refused");
      fetchMatch();
    }).then(function () { sending = false; });
  }

  function flash(text) {
    var st = $("c4-status");
    st.textContent = text;
    st.className = "c4-status warn";
  }

  if (boardEl) {
    boardEl.addEventListener("click", function (ev) {
      var col = ev.target.closest(".c4-col");
      if (col) { setCursor(+col.dataset.col); drop(+col.dataset.col); }
    });
    boardEl.addEventListener("mousemove", function (ev) {
      var col = ev.target.closest(".c4-col");
      if (col && +col.dataset.col !== cursor) setCursor(+col.dataset.col);
    });
    boardEl.addEventListener("keydown", function (ev) {
      if (state && state.status !== "playing") {
        if (ev.key === "ArrowLeft") { step(-1); ev.preventDefault(); }
        else if (ev.key === "ArrowRight") { step(1); ev.preventDefault(); }
        else if (ev.key === "Home") { showView(0); ev.preventDefault(); }
        else if (ev.key === "End") { showView(-1); ev.preventDefault(); }
        return;
      }
      if (ev.key === "ArrowLeft") { setCursor(cursor - 1); ev.preventDefault(); }
      else if (ev.key === "ArrowRight") { setCursor(cursor + 1); ev.preventDefault(); }
      else if (ev.key === "Enter" || ev.key === " " || ev.key === "ArrowDown") { drop(cursor); ev.preventDefault(); }
      else if (/^[1-7]$/.test(ev.key)) { setCursor(+ev.key - 1); drop(+ev.key - 1); }
    });
    boardEl.addEventListener("animationend", function (ev) {
      ev.target.classList.remove("dropping");
    });
  }

  if (!boardEl) return; // signed out: the page only offers to sign in

  // ---------- replay ----------
  $("c4-rp-first").addEventListener("click", function () { showView(0); });
  $("c4-rp-prev").addEventListener("click", function () { step(-1); });
  $("c4-rp-next").addEventListener("click", function () { step(1); });
  $("c4-rp-last").addEventListener("click", function () { showView(-1); });
  $("c4-view").addEventListener("click", function () { showView(0); boardEl.focus({ preventScroll: true }); });
  $("c4-movelist").addEventListener("click", function (ev) {
    var li = ev.target.closest("li");
    if (li && state && state.status !== "playing") showView(+li.dataset.move);
  });

  // ---------- rematch ----------
  // rematch.state: "" (none), "offering" (sent, unconfirmed), "offered"
  // (waiting for the opponent), "received" (the opponent offers),
  // "accepting".
  var rematch = { state: "", timer: null, until: 0, match: "" };
  var offerEl = $("c4-offer"), acceptEl = $("c4-rematch-accept");
  function rematchMsg(text) {
    var el = $("c4-rematch-msg");
    if (el) el.textContent = text || "";
    show(offerEl, !!text);
  }
  function resetRematch(text) {
    if (rematch.timer) { clearInterval(rematch.timer); rematch.timer = null; }
    rematch.state = "";
    rematchMsg(text);
    show(acceptEl, false);
    var b = $("c4-rematch");
    if (b) b.disabled = false;
    if (state && state.status !== "playing") show(b, isPlayer() && (state.result || {}).reason !== "cancelled");
  }
  function countdown(ms, fmtText, lapsed) {
    if (rematch.timer) clearInterval(rematch.timer);
    rematch.until = Date.now() + ms;
    var tickR = function () {
      var left = rematch.until - Date.now();
      if (left <= 0) { resetRematch(lapsed); return; }
      rematchMsg(fmtText(Math.ceil(left / 1000)));
    };
    tickR();
    rematch.timer = setInterval(tickR, 500);
  }
  function opponentName() {
    var info = (state && state.player_info) || [];
    for (var i = 0; i < info.length; i++) if (info[i].id !== me) return info[i].display_name;
    return "Your opponent";
  }
  function sendRematch(type, id) {
    if (!live || !live.send || !live.send({ type: type, match_id: id })) {
      resetRematch("Not connected — try again in a moment.");
      return false;
    }
    return true;
  }
  $("c4-rematch").addEventListener("click", function () {
    if (!state || state.status === "playing") return;
    rematch.state = "offering";
    $("c4-rematch").disabled = true;
    rematchMsg("Offering a rematch…");
    sendRematch("rematch.offer", matchId);
  });
  if (acceptEl) acceptEl.addEventListener("click", function () {
    rematch.state = "accepting";
    acceptEl.disabled = true;
    rematchMsg("Starting the rematch…");
    var go = function () { sendRematch("rematch.accept", rematch.match); };
    // A player still in the queue leaves it first: one match at a time.
    if (typeof ticketId !== "undefined" && ticketId) {
      var id = ticketId;
      stopQueue();
      Ladder.api("DELETE", "/matchmaking/tickets/" + id).then(go, go);
    } else go();
  });
  if (live && live.on) {
    live.on("rematch.waiting", function (m) {
      if (m.match_id !== matchId) return;
      rematch.state = "offered";
      rematch.match = m.match_id;
      show($("c4-rematch"), false);
      var name = opponentName();
      countdown(m.expires_ms, function (s) { return "Waiting for " + name + " to accept… " + s + " s"; },
        name + " did not take the rematch.");
    });
    live.on("rematch.offered", function (m) {
      if (!acceptEl) return;
      rematch.state = "received";
      rematch.match = m.match_id;
      if (m.match_id === matchId) show($("c4-rematch"), false);
      show(acceptEl, true);
      acceptEl.disabled = false;
      var name = m.match_id === matchId ? opponentName() : "Your last opponent";
      attention(name + " wants a rematch", "found");
      sfx("found");
      countdown(m.expires_ms, function (s) { return name + " offers a rematch — " + s + " s to accept."; },
        "The rematch offer lapsed.");
    });
    live.on("rematch.cancelled", function (m) {
      if (m.match_id === rematch.match || m.match_id === matchId) resetRematch("Your opponent left; the rematch is off.");
    });
    live.on("error", function (m) {
      if (rematch.state === "offering" || rematch.state === "accepting") resetRematch(m.message || "The rematch could not start.");
    });
    live.on("match.found", function (m) {
      sfx("found");
      attention("Match found", "found");
      if (mode === "watch" && isPlayer() && state && state.status !== "playing") location.href = "/play/connect4";
    });
  }

  if (mode === "watch") {
    follow(root.dataset.match);
    return;
  }

  // ---------- lobby and queue ----------
  if (!$("c4-find")) return; // signed out: the page only offers to sign in
  var ticketId = "";
  var queuedAt = 0;
  var queueTimer = null;

  function lobby(message) {
    stopFollowing();
    stopQueue();
    show($("c4-arena"), false);
    show($("c4-queue"), false);
    show($("c4-lobby"), true);
    $("c4-lobby-msg").textContent = message || "";
    $("c4-find").disabled = false;
    if (history.replaceState) history.replaceState(null, "", "/play/connect4");
  }

  function queueStatus(st) {
    if (st.waited_ms !== undefined) queuedAt = Date.now() - st.waited_ms;
    if (st.range) $("c4-range").textContent = Math.round(st.range[0]) + " – " + Math.round(st.range[1]);
    if (st.estimate_ms !== undefined) $("c4-estimate").textContent = "~" + seconds(st.estimate_ms);
  }

  function queued(id, view) {
    stopQueue();
    ticketId = id;
    queuedAt = Date.now();
    show($("c4-lobby"), false);
    show($("c4-arena"), false);
    show($("c4-queue"), true);
    $("c4-cancel").disabled = false;
    if (view) queueStatus(view);
    queueTimer = setInterval(function () {
      $("c4-waited").textContent = clock(Date.now() - queuedAt);
    }, 250);
    pollTicket();
  }

  function stopQueue() {
    if (queueTimer) { clearInterval(queueTimer); queueTimer = null; }
    if (ticketTimer) { clearTimeout(ticketTimer); ticketTimer = null; }
    ticketId = "";
  }

  // The ticket is read once when queued and whenever the socket (re)opens,
  // to catch up on anything missed; while the socket is open, queue.status
  // and match.found arrive by themselves. Polling is only the fallback for
  // a socket that is down (and it tells the server we are still here).
  var ticketTimer = null;
  function pollTicket() {
    var id = ticketId;
    if (ticketTimer) { clearTimeout(ticketTimer); ticketTimer = null; }
    if (!id) return;
    Ladder.api("GET", "/matchmaking/tickets/" + id).then(function (t) {
      if (id !== ticketId) return;
      if (t.status === "waiting") { queueStatus(t); pollTicketLater(1000); return; }
      if (t.status === "matched") { stopQueue(); follow(t.match_id); return; }
      lobby(t.status === "timeout" ? "Nobody in your range turned up within 5 minutes. Try again?" :
        "You left the queue.");
    }).catch(function (e) {
      if (id !== ticketId) return;
      if (e.status === 404) { lobby("Your ticket is gone. Try again."); return; }
      pollTicketLater(2000);
    });
  }
  function pollTicketLater(ms) {
    if (socketOpen || ticketTimer || !ticketId) return;
    ticketTimer = setTimeout(pollTicket, ms);
  }
  if (live && live.onStatus) {
    live.onStatus(function (s) {
      if (!ticketId) return;
      if (s === "open") pollTicket(); else pollTicketLater(1000);
    });
  }

  $("c4-find").addEventListener("click", function () {
    $("c4-find").disabled = true;
    $("c4-lobby-msg").textContent = "";
    Ladder.api("POST", "/matchmaking/connect4/tickets").then(function (r) {
      queued(r.ticket_id);
    }).catch(function (e) {
      if (e.status === 409) { location.reload(); return; } // already queued or playing: resume
      $("c4-find").disabled = false;
      $("c4-lobby-msg").textContent = e.message || "Could not join the queue.";
    });
  });

  $("c4-cancel").addEventListener("click", function () {
    var id = ticketId;
    $("c4-cancel").disabled = true;
    Ladder.api("DELETE", "/matchmaking/tickets/" + id).then(function () {
      lobby("");
    }).catch(function (e) {
      if (e.status === 409) { pollTicket(); return; } // matched meanwhile
      lobby("");
    });
  });

  $("c4-again").addEventListener("click", function () {
    lobby("");
    $("c4-find").click();
  });
  $("c4-resign").addEventListener("click", function () {
    if (!state || state.status !== "playing") return;
    if (!confirm("Resign this match? It counts as a loss.")) return;
    Ladder.api("POST", "/matches/" + matchId + "/resign").then(function (s) { s.match_id = s.id; render(s); })
      .catch(function (e) { flash(e.message || "Could not resign"); });
  });

  if (live && live.on) {
    live.on("queue.status", function (m) { if (m.ticket_id === undefined || m.ticket_id === ticketId) queueStatus(m); });
    live.on("match.found", function (m) {
      if (ticketId || !matchId || (state && state.status !== "playing")) { stopQueue(); follow(m.match_id); }
    });
    live.on("queue.timeout", function (m) {
      if (ticketId && (!m.ticket_id || m.ticket_id === ticketId)) lobby("Nobody in your range turned up within 5 minutes. Try again?");
    });
    live.on("match.ended", ended);
  }

  // Pick up where the player was.
  if (root.dataset.match) follow(root.dataset.match);
  else if (root.dataset.ticket) queued(root.dataset.ticket);
  else if (/^#[0-9a-f-]{36}$/.test(location.hash)) {
    // A finished match we were looking at before a reload.
    follow(location.hash.slice(1));
  }
})();
