// Renders the OpenAPI document named by #swagger-ui's data-spec-url with the
// vendored Swagger UI. Kept out of the page so the strict CSP holds.
(function () {
  "use strict";
  var el = document.getElementById("swagger-ui");
  if (!el || typeof window.SwaggerUIBundle !== "function") return;
  window.ui = window.SwaggerUIBundle({
    url: el.getAttribute("data-spec-url"),
    domNode: el,
    deepLinking: true,
    // No calls out to a validator service: the page talks to this site only.
    validatorUrl: null,
    // Cookie-authenticated "Try it out" requests need the CSRF header.
    requestInterceptor: function (req) {
      var meta = document.querySelector('meta[name="csrf-token"]');
      if (meta && meta.content && req.method && req.method !== "GET") {
        req.headers["X-CSRF-Token"] = meta.content;
      }
      return req;
    },
  });
})();
