/* On every page. Confirms a destructive form before it is sent: <form data-confirm="…">.
 * (An inline onsubmit handler would need the CSP to allow inline script.) */
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target.closest("form[data-confirm]");
    if (form && !window.confirm(form.dataset.confirm)) event.preventDefault();
  });
})();
