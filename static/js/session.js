// Signed-in pages: when the server revokes this session (a ban, an admin
// ending every session), say so at once and show the signed-out header,
// without waiting for the next click to find out.
(function () {
  "use strict";
  var Ladder = window.Ladder;
  if (!Ladder || !Ladder.live) return;
  var shown = false;

  function signedOutHeader() {
    var account = document.querySelector("[data-testid=account]");
    if (!account) return;
    account.innerHTML =
      '<a class="btn btn-ghost btn-sm" href="/login" data-testid="login-link">Sign in</a>' +
      '<a class="btn btn-primary btn-sm" href="/register" data-testid="register-link">Create account</a>';
    document.querySelectorAll('meta[name="player-id"], meta[name="csrf-token"]').forEach(function (m) { m.remove(); });
    document.querySelectorAll('a[href="/admin"]').forEach(function (a) { a.remove(); });
  }

  function notice(reason) {
    var box = document.createElement("div");
    box.className = "signed-out";
    box.setAttribute("role", "alert");
    box.setAttribute("data-testid", "signed-out");
    var title = document.createElement("strong");
    title.textContent = "You have been signed out";
    var text = document.createElement("span");
    text.textContent = reason ? " — " + reason + ". " : ". ";
    var link = document.createElement("a");
    link.href = "/login";
    link.textContent = "Sign in again";
    box.appendChild(title);
    box.appendChild(text);
    box.appendChild(link);
    var main = document.querySelector("main") || document.body;
    main.parentNode.insertBefore(box, main);
    box.scrollIntoView({ block: "nearest" });
  }

  Ladder.live.on("session.revoked", function (msg) {
    if (shown) return;
    shown = true;
    signedOutHeader();
    notice(msg && msg.reason);
    document.body.classList.add("is-signed-out");
  });
})();
