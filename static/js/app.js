/* On every page. Confirms a destructive form before it is sent: <form data-confirm="…">.
 * (An inline onsubmit handler would need the CSP to allow inline script.) */
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target.closest("form[data-confirm]");
    if (form && !window.confirm(form.dataset.confirm)) event.preventDefault();
  });
})();

/* The sticky top bar's height as --topbar-height, so sticky table headers and action bars
 * sit just below it however the navigation wraps. */
(function () {
  "use strict";
  var bar = document.querySelector(".topbar");
  if (!bar) return;
  function measure() {
    document.documentElement.style.setProperty("--topbar-height", bar.offsetHeight + "px");
  }
  measure();
  if (window.ResizeObserver) new ResizeObserver(measure).observe(bar);
})();
