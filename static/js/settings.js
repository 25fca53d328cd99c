// Settings page: the delete confirmation dialog. Buttons name the dialog
// they open with data-open-dialog; data-close-dialog closes its dialog.
(function () {
  "use strict";
  document.addEventListener("click", function (ev) {
    var t = ev.target;
    if (!(t instanceof Element)) return;
    var opener = t.closest("[data-open-dialog]");
    if (opener) {
      var dlg = document.getElementById(opener.getAttribute("data-open-dialog"));
      if (dlg && typeof dlg.showModal === "function") {
        dlg.showModal();
        var first = dlg.querySelector("input:not([type=hidden]):not([hidden])");
        if (first) first.focus();
      }
      return;
    }
    var closer = t.closest("[data-close-dialog]");
    if (closer) {
      var d = closer.closest("dialog");
      if (d) d.close();
    }
  });
})();
