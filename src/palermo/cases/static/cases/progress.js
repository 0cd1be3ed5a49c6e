// Progress of a background job (a case import, a linkage run): polls the job's JSON status and
// reloads the page when it is finished. One script for every page with such a job: it follows each
// element marked data-progress whose data-running is "1", asking data-status-url every
// data-poll-ms milliseconds (1000 unless given; three times that after a failed request).
// A static file because the Content-Security-Policy allows scripts from 'self' only.
(function () {
  "use strict";
  function follow(box) {
    var url = box.dataset.statusUrl;
    var every = Number(box.dataset.pollMs) || 1000;
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
          // "done / total" when the total is known, else the count so far (nothing before the first)
          done.textContent = s.total ? s.done.toLocaleString() + " / " + s.total.toLocaleString()
            : (s.done ? s.done.toLocaleString() : "");
          window.setTimeout(poll, every);
        })
        .catch(function () { window.setTimeout(poll, every * 3); });
    }
    poll();
  }
  function start() {
    var boxes = document.querySelectorAll("[data-progress][data-running='1']");
    for (var i = 0; i < boxes.length; i++) { follow(boxes[i]); }
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
