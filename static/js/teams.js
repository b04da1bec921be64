/* Create a team: suggests the team's address from its name while the address is
 * untouched (the server checks it and suggests a free one if it is taken). */
(function () {
  "use strict";
  var source = document.querySelector("[data-slug-source]");
  var target = document.querySelector("[data-slug-target]");
  if (!source || !target) return;
  var edited = target.value !== "";
  function slugify(text) {
    return text
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 76);
  }
  target.addEventListener("input", function () {
    edited = target.value !== "";
  });
  function suggest() {
    if (!edited) target.value = slugify(source.value);
  }
  source.addEventListener("input", suggest);
  // A name typed before this script ran (a slow page) still gets its suggestion.
  suggest();
})();
