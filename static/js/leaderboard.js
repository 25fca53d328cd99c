// Leaderboard page: keeps the "resets in" countdown ticking. The table
// itself is server-rendered; the realtime script updates #board-rows.
(function () {
  "use strict";
  var box = document.querySelector("[data-reset]");
  if (!box) return;
  var out = box.querySelector("[data-countdown]");
  var at = Date.parse(box.getAttribute("data-reset"));
  function pad(n) { return n < 10 ? "0" + n : String(n); }
  function tick() {
    var s = Math.max(0, Math.floor((at - Date.now()) / 1000));
    var d = Math.floor(s / 86400), h = Math.floor(s / 3600) % 24, m = Math.floor(s / 60) % 60;
    out.textContent = (d > 0 ? d + "d " : "") + pad(h) + "h " + pad(m) + "m " + pad(s % 60) + "s";
    if (s === 0) { setTimeout(function () { location.reload(); }, 1500); return; }
    setTimeout(tick, 1000);
  }
  tick();
})();
