// Admin pages: in-page dialogs for every confirmation, times in the
// viewer's zone, the collapsing menu, and the live parts of the dashboard
// (figures over the "stats" topic, charts redrawn every minute) and of the
// matches page (each match in play followed over its topic, clocks ticking).
(function () {
  "use strict";
  var Ladder = window.Ladder || {};
  var locale = undefined; // the browser's own

  // ---- Times: <time datetime> shown in the viewer's zone and locale.
  var fmts = {
    date: new Intl.DateTimeFormat(locale, { day: "numeric", month: "short", year: "numeric" }),
    datetime: new Intl.DateTimeFormat(locale, { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", timeZoneName: "short" }),
    "datetime-seconds": new Intl.DateTimeFormat(locale, { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", second: "2-digit", timeZoneName: "short" }),
    clock: new Intl.DateTimeFormat(locale, { hour: "2-digit", minute: "2-digit" }),
  };
  var rel = window.Intl && Intl.RelativeTimeFormat ? new Intl.RelativeTimeFormat(locale, { numeric: "auto" }) : null;

  function relative(d) {
    var s = (d.getTime() - Date.now()) / 1000;
    var a = Math.abs(s);
    if (!rel) return fmts.datetime.format(d);
    if (a < 45) return rel.format(0, "second");
    if (a < 3600) return rel.format(Math.round(s / 60), "minute");
    if (a < 86400) return rel.format(Math.round(s / 3600), "hour");
    if (a < 30 * 86400) return rel.format(Math.round(s / 86400), "day");
    return fmts.date.format(d);
  }

  function paintTimes(root) {
    (root || document).querySelectorAll("time[datetime][data-format]").forEach(function (el) {
      var d = new Date(el.getAttribute("datetime"));
      if (isNaN(d)) return;
      var kind = el.getAttribute("data-format");
      el.textContent = kind === "relative" ? relative(d) : (fmts[kind] || fmts.datetime).format(d);
      el.title = fmts.datetime.format(d);
    });
  }
  paintTimes();
  setInterval(function () { paintTimes(); }, 30000);
  Ladder.paintTimes = paintTimes;

  // ---- The admin menu collapses into a button on narrow screens.
  document.querySelectorAll("[data-admin-nav]").forEach(function (nav) {
    var btn = nav.querySelector(".admin-nav-toggle");
    if (!btn) return;
    btn.addEventListener("click", function () {
      var open = nav.classList.toggle("open");
      btn.setAttribute("aria-expanded", open ? "true" : "false");
    });
  });

  // ---- Dialogs. A button with data-dialog-open opens that <dialog>; a
  // form with data-dialog-title is held back and asked about in the shared
  // confirmation dialog, then sent (form.submit() does not fire "submit"
  // again, so nothing asks twice).
  document.addEventListener("click", function (ev) {
    var opener = ev.target.closest && ev.target.closest("[data-dialog-open]");
    if (!opener) return;
    var dlg = document.getElementById(opener.getAttribute("data-dialog-open"));
    if (dlg && dlg.showModal) {
      ev.preventDefault();
      dlg.showModal();
      var first = dlg.querySelector("input:not([type=hidden]), select");
      if (first) first.focus();
    }
  });

  document.querySelectorAll("select[data-custom-toggle]").forEach(function (sel) {
    var box = document.getElementById(sel.getAttribute("data-custom-toggle"));
    function sync() {
      if (!box) return;
      var custom = sel.value === "custom";
      box.hidden = !custom;
      var input = box.querySelector("input");
      if (input) input.required = custom;
    }
    sel.addEventListener("change", sync);
    sync();
  });

  var confirmDlg = document.getElementById("admin-confirm");
  var pending = null;
  document.addEventListener("submit", function (ev) {
    var form = ev.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-dialog-title")) return;
    if (!confirmDlg || !confirmDlg.showModal) return; // no dialog support: send as is
    ev.preventDefault();
    ev.stopImmediatePropagation();
    pending = form;
    confirmDlg.querySelector("[data-dialog-title]").textContent = form.getAttribute("data-dialog-title");
    confirmDlg.querySelector("[data-dialog-text]").textContent = form.getAttribute("data-dialog-text") || "";
    confirmDlg.querySelector("[data-dialog-confirm]").textContent = form.getAttribute("data-dialog-confirm") || "Confirm";
    var row = confirmDlg.querySelector("[data-dialog-reason-row]");
    var input = row.querySelector("input");
    var wantReason = form.hasAttribute("data-dialog-reason");
    row.hidden = !wantReason;
    input.value = "";
    row.querySelector("[data-dialog-reason-label]").textContent = form.getAttribute("data-dialog-reason-label") || "Reason";
    confirmDlg.returnValue = "";
    confirmDlg.showModal();
    (wantReason ? input : confirmDlg.querySelector("[data-dialog-confirm]")).focus();
  }, true);

  if (confirmDlg) {
    confirmDlg.addEventListener("close", function () {
      var form = pending;
      pending = null;
      if (!form || confirmDlg.returnValue !== "ok") return;
      var field = form.getAttribute("data-dialog-reason");
      if (field && form.elements.namedItem(field)) {
        form.elements.namedItem(field).value = confirmDlg.querySelector("[data-dialog-reason-row] input").value;
      }
      form.submit();
    });
  }

  // ---- The matches page: every match in play follows its topic; clocks
  // tick locally from the remaining time each update carries (so the
  // viewer's clock being off does not matter); the table is refreshed
  // every 10 s to pick up matches that started since.
  var liveTable = null;
  var followed = {}; // match id -> unsubscribe
  var deadlines = {}; // match id -> local ms when the clock runs out

  function clockText(ms) { return Math.ceil(Math.max(0, ms) / 1000) + " s"; }

  function followRows() {
    liveTable = document.getElementById("admin-live-matches");
    if (!liveTable) return;
    var seen = {};
    liveTable.querySelectorAll("tr[data-match]").forEach(function (tr) {
      var id = tr.getAttribute("data-match");
      seen[id] = true;
      var clock = tr.querySelector("[data-cell=clock]");
      if (!(id in deadlines) && clock) {
        deadlines[id] = Date.now() + Number(clock.getAttribute("data-remaining-ms") || 0);
      }
      if (followed[id] || !Ladder.live) return;
      followed[id] = Ladder.live.subscribe("match:" + id, function (msg) { onMatch(id, msg); });
    });
    Object.keys(followed).forEach(function (id) {
      if (!seen[id]) { followed[id](); delete followed[id]; delete deadlines[id]; }
    });
  }

  function row(id) {
    return liveTable && liveTable.querySelector('tr[data-match="' + id + '"]');
  }

  function onMatch(id, msg) {
    var tr = row(id);
    if (!tr) return;
    if (msg.type === "match.state") {
      if (msg.moves) tr.querySelector("[data-cell=moves]").textContent = String(msg.moves.length);
      if (msg.player_info && msg.turn) {
        msg.player_info.forEach(function (p) {
          if (p.id === msg.turn) tr.querySelector("[data-cell=turn]").textContent = p.display_name;
        });
      }
      if (typeof msg.remaining_ms === "number") deadlines[id] = Date.now() + msg.remaining_ms;
      if (msg.status && msg.status !== "playing") finished(tr, id);
    } else if (msg.type === "match.ended") {
      finished(tr, id);
    }
  }

  function finished(tr, id) {
    delete deadlines[id];
    tr.classList.add("row-ended");
    var clock = tr.querySelector("[data-cell=clock]");
    if (clock) clock.textContent = "ended";
  }

  function tick() {
    Object.keys(deadlines).forEach(function (id) {
      var tr = row(id);
      var clock = tr && tr.querySelector("[data-cell=clock]");
      if (clock) clock.textContent = clockText(deadlines[id] - Date.now());
    });
  }

  function refreshLive() {
    fetch("/admin/matches?part=live", { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
      .then(function (html) {
        var tmp = document.createElement("div");
        tmp.innerHTML = html;
        var fresh = tmp.querySelector("#admin-live-matches");
        var box = document.getElementById("admin-live-matches");
        if (!box || !fresh) return;
        box.replaceWith(fresh);
        fresh.querySelectorAll("tr[data-match]").forEach(function (tr) {
          var id = tr.getAttribute("data-match");
          var clock = tr.querySelector("[data-cell=clock]");
          if (clock) deadlines[id] = Date.now() + Number(clock.getAttribute("data-remaining-ms") || 0);
        });
        paintTimes(fresh);
        followRows();
      })
      .catch(function () { /* the next round tries again */ });
  }

  if (document.getElementById("admin-live-matches")) {
    followRows();
    setInterval(tick, 250);
    setInterval(refreshLive, 10000);
  }

  // ---- The dashboard: figures follow the "stats" topic.
  var nf = new Intl.NumberFormat(locale);
  var nf1 = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  var formats = {
    int: function (n) { return nf.format(Math.round(n)); },
    ms: function (n) { return nf1.format(n / 1000) + " s"; },
    float: function (n) { return nf.format(Math.round(n)); },
  };

  if (document.querySelector("[data-stat]") && Ladder.live) {
    Ladder.live.subscribe("stats", function (msg) {
      if (msg.type !== "stats") return;
      document.querySelectorAll("[data-stat]").forEach(function (el) {
        var key = el.getAttribute("data-stat");
        if (!(key in msg)) return;
        var text = (formats[el.getAttribute("data-format")] || formats.int)(msg[key]);
        if (el.textContent === text) return;
        el.textContent = text;
        el.classList.remove("stat-changed");
        void el.offsetWidth; // restart the highlight
        el.classList.add("stat-changed");
      });
    });
  }

  // ---- Charts: local times on the axis, a readout of the value under the
  // pointer (or finger), redrawn by the server every minute.
  function wireCharts(root) {
    root.querySelectorAll("figure[data-chart]").forEach(function (fig) {
      fig.querySelectorAll("[data-axis-time]").forEach(function (el) {
        var d = new Date(el.getAttribute("data-axis-time"));
        if (!isNaN(d)) el.textContent = fmts.clock.format(d);
      });
      var svg = fig.querySelector("svg");
      var readout = fig.querySelector("[data-chart-readout]");
      var cursor = fig.querySelector(".chart-cursor");
      var points = [];
      fig.querySelectorAll("[data-point]").forEach(function (el) {
        points.push({ t: el.getAttribute("data-t"), v: el.getAttribute("data-v"), x: Number(el.getAttribute("data-x")) });
      });
      if (!svg || !readout || points.length === 0) return;
      var unit = fig.getAttribute("data-unit") || "";
      var idle = readout.textContent;
      function show(ev) {
        var box = svg.getBoundingClientRect();
        var vb = svg.viewBox.baseVal;
        var x = ((ev.clientX - box.left) / box.width) * vb.width + vb.x;
        var best = points[0];
        points.forEach(function (p) { if (Math.abs(p.x - x) < Math.abs(best.x - x)) best = p; });
        var when = fmts.clock.format(new Date(best.t));
        readout.textContent = when + " · " + (best.v === "" ? "no sample" : nf1.format(Number(best.v)) + unit);
        if (cursor) {
          cursor.setAttribute("x1", best.x);
          cursor.setAttribute("x2", best.x);
          cursor.classList.add("on");
        }
      }
      function hide() {
        readout.textContent = idle;
        if (cursor) cursor.classList.remove("on");
      }
      svg.addEventListener("pointermove", show);
      svg.addEventListener("pointerdown", show);
      svg.addEventListener("pointerleave", hide);
    });
  }

  var charts = document.getElementById("admin-charts");
  if (charts) {
    wireCharts(charts);
    setInterval(function () {
      fetch("/admin?part=charts", { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
        .then(function (html) {
          var box = document.getElementById("admin-charts");
          var tmp = document.createElement("div");
          tmp.innerHTML = html;
          var fresh = tmp.querySelector("#admin-charts");
          if (box && fresh) {
            box.replaceWith(fresh);
            wireCharts(fresh);
          }
        })
        .catch(function () { /* the next round tries again */ });
    }, 60000);
  }
})();
