// Linkage run progress: polls the run's JSON status and reloads the page when it is finished.
// A static file because the Content-Security-Policy allows scripts from 'self' only.
(function () {
  "use strict";
  function start() {
    var box = document.getElementById("linkage-progress");
    if (!box || box.dataset.running !== "1") { return; }
    var url = box.dataset.statusUrl;
    var bar = box.querySelector("[data-field=bar]");
    var done = box.querySelector("[data-field=done]");
    var status = box.querySelector("[data-field=status]");
    function poll() {
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { return r.json(); })
        .then(function (s) {
          if (!s.running) { window.location.reload(); return; }
          status.textContent = s.phase;
          if (s.total) { bar.max = s.total; bar.value = s.done; }
          done.textContent = s.total ? s.done.toLocaleString() + " / " + s.total.toLocaleString() : "";
          window.setTimeout(poll, 1500);
        })
        .catch(function () { window.setTimeout(poll, 4000); });
    }
    poll();
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
