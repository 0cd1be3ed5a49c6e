/* Palermo's progressive enhancements. The pages work without this file; the CSP allows only
   same-origin scripts, so behaviour is wired from data- attributes, never inline handlers. */
(function () {
  "use strict";

  var lang = document.documentElement.lang || "en";
  var numberFormat = new Intl.NumberFormat(lang);

  /* The party map: a year slider and previous/next buttons restyle the shapes and the text
     alternative (the list of parties and the live count) without reloading the page. */
  function setupMap(figure) {
    var input = figure.querySelector("[data-year-input]");
    var output = figure.querySelector("[data-year-output]");
    var count = figure.querySelector("[data-map-count]");
    var template = figure.getAttribute("data-count-template") || "";
    var shapes = figure.querySelectorAll("path[data-m49]");
    var items = figure.querySelectorAll("[data-party-list] li[data-year]");
    if (!input) { return; }
    var min = parseInt(input.min, 10);
    var max = parseInt(input.max, 10);

    function show(year) {
      year = Math.max(min, Math.min(max, year));
      input.value = String(year);
      figure.setAttribute("data-year", String(year));
      if (output) { output.textContent = String(year); }
      var parties = 0;
      items.forEach(function (li) {
        var party = parseInt(li.getAttribute("data-year"), 10) <= year;
        li.hidden = !party;
        if (party) { parties += 1; }
      });
      shapes.forEach(function (path) {
        var since = path.getAttribute("data-year");
        path.classList.toggle("party", since !== null && parseInt(since, 10) <= year);
      });
      if (count && template) {
        count.textContent = template.replace("{year}", String(year))
          .replace("{number}", numberFormat.format(parties));
      }
      figure.querySelectorAll("[data-step]").forEach(function (button) {
        var step = parseInt(button.getAttribute("data-step"), 10);
        button.disabled = (year + step < min) || (year + step > max);
      });
    }

    input.addEventListener("input", function () { show(parseInt(input.value, 10)); });
    figure.querySelectorAll("[data-step]").forEach(function (button) {
      button.addEventListener("click", function (event) {
        event.preventDefault();
        show(parseInt(input.value, 10) + parseInt(button.getAttribute("data-step"), 10));
      });
    });
    figure.querySelectorAll(".no-js-only").forEach(function (el) { el.hidden = true; });
    show(parseInt(input.value, 10));
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-world-map]").forEach(setupMap);
  });
})();
