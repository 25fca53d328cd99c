// Admin dashboard: figures follow the "stats" topic live; the charts of the
// last hour are redrawn by the server and swapped in every minute.
(function () {
  "use strict";
  var Ladder = window.Ladder;
  if (!Ladder || !Ladder.live) return;

  var formats = {
    int: function (n) { return String(Math.round(n)); },
    ms: function (n) { return (n / 1000).toFixed(1) + " s"; },
    float: function (n) { return String(Math.round(n)); },
  };

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

  function refreshCharts() {
    fetch("/admin?part=charts", { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
      .then(function (html) {
        var box = document.getElementById("admin-charts");
        var tmp = document.createElement("div");
        tmp.innerHTML = html;
        var fresh = tmp.querySelector("#admin-charts");
        if (box && fresh) box.replaceWith(fresh);
      })
      .catch(function () { /* the next round tries again */ });
  }
  setInterval(refreshCharts, 60000);
})();
