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
  function seconds(ms) { return Math.max(0, Math.ceil(ms / 1000)) + "s"; }
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

  function reasonText(res, info) {
    var name = function (id) {
      for (var i = 0; i < info.length; i++) if (info[i].id === id) return info[i].display_name;
      return "Someone";
    };
    var loser = res.winner ? name(res.winner === info[0].id ? info[1].id : info[0].id) : "";
    switch (res.reason) {
      case "four": return name(res.winner) + " connected four.";
      case "draw": return "The board is full.";
      case "timeout": return loser + " ran out of time.";
      case "resign": return loser + " resigned.";
      case "cancelled": return "The match was cancelled by an administrator.";
    }
    return "";
  }

  function render(s) {
    if (state && s.seq < state.seq) return;           // stale
    if (state && s.seq === state.seq && s.status === state.status && !(s.rating_changes && !ratingChanges)) {
      // Same position: only the clock may be fresher.
      if (s.remaining_ms !== undefined) deadlineAt = Date.now() + s.remaining_ms;
      return;
    }
    var animate = state && s.seq > state.seq;
    state = s;
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
    } else {
      markWin(s.board, s.moves);
      status.textContent = s.status === "cancelled" ? "Match cancelled" : "Match over";
      status.className = "c4-status";
      showResult();
    }
    tickClocks();
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
    boardEl.focus({ preventScroll: true });
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
      if (ev.key === "ArrowLeft") { setCursor(cursor - 1); ev.preventDefault(); }
      else if (ev.key === "ArrowRight") { setCursor(cursor + 1); ev.preventDefault(); }
      else if (ev.key === "Enter" || ev.key === " " || ev.key === "ArrowDown") { drop(cursor); ev.preventDefault(); }
      else if (/^[1-7]$/.test(ev.key)) { setCursor(+ev.key - 1); drop(+ev.key - 1); }
    });
    boardEl.addEventListener("animationend", function (ev) {
      ev.target.classList.remove("dropping");
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
  $("c4-view").addEventListener("click", function () { show($("c4-result"), false); });
  $("c4-resign").addEventListener("click", function () {
    if (!state || state.status !== "playing") return;
    if (!confirm("Resign this match? It counts as a loss.")) return;
    Ladder.api("POST", "/matches/" + matchId + "/resign").then(function (s) { s.match_id = s.id; render(s); })
      .catch(function (e) { flash(e.message || "Could not resign"); });
  });

  if (live && live.on) {
    live.on("queue.status", function (m) { if (m.ticket_id === undefined || m.ticket_id === ticketId) queueStatus(m); });
    live.on("match.found", function (m) { if (ticketId || !matchId) { stopQueue(); follow(m.match_id); } });
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
