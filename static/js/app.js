// Ladder's shared browser helpers: CSRF-aware fetch for our own JSON API.
(function () {
  "use strict";
  function csrfToken() {
    var m = document.querySelector('meta[name="csrf-token"]');
    return m ? m.getAttribute("content") : "";
  }
  // api calls /api/v1 with JSON in and out and throws {status, code, message}.
  async function api(method, path, body) {
    var opts = { method: method, headers: { "Accept": "application/json" }, credentials: "same-origin" };
    if (method !== "GET" && method !== "HEAD") opts.headers["X-CSRF-Token"] = csrfToken();
    if (body !== undefined) {
      opts.headers["Content-Type"] = "application/json";
      opts.body = JSON.stringify(body);
    }
    var res = await fetch("/api/v1" + path, opts);
    if (res.status === 204) return null;
    var data = null;
    try { data = await res.json(); } catch (e) { /* empty body */ }
    if (!res.ok) {
      var err = (data && data.error) || { code: "http_" + res.status, message: res.statusText };
      throw { status: res.status, code: err.code, message: err.message,
        retryAfter: Number(res.headers.get("Retry-After") || 0) };
    }
    return data;
  }
  function playerId() {
    var m = document.querySelector('meta[name="player-id"]');
    return m ? m.getAttribute("content") : "";
  }
  window.Ladder = { api: api, csrfToken: csrfToken, playerId: playerId };
})();

// Forms that need a second thought: data-confirm asks before sending;
// data-prompt asks for a value (cancel keeps the form from sending) and puts
// it in the field named by data-prompt-field. Kept here rather than in
// inline handlers, which the Content-Security-Policy forbids.
document.addEventListener("submit", function (ev) {
  "use strict";
  var form = ev.target;
  if (!(form instanceof HTMLFormElement)) return;
  var question = form.getAttribute("data-confirm");
  if (question && !window.confirm(question)) {
    ev.preventDefault();
    return;
  }
  var ask = form.getAttribute("data-prompt");
  if (ask) {
    var answer = window.prompt(ask, "");
    if (answer === null) {
      ev.preventDefault();
      return;
    }
    var field = form.elements.namedItem(form.getAttribute("data-prompt-field") || "");
    if (field) field.value = answer;
  }
});
