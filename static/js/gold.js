/* The item editor's gold widget: the candidate's own widget (rendered by the server from
 * assessments/attempt/_item_body.html, span marking by static/js/spans.js) writes the gold
 * into the "answer" field as the same JSON an author could type, so the server validates
 * one thing. "Edit the gold as JSON" shows that field; typing there re-renders the widget.
 *
 * Partial answers are written as they are (a ranking with a rank missing, a rating
 * without every criterion): saving then answers with the server's message.
 */
(function () {
  "use strict";

  var panel = document.querySelector("[data-gold-widget]");
  if (!panel) return;
  var answer = document.getElementById("id_answer");
  var field = document.querySelector("[data-gold-answer]");
  var toggle = panel.querySelector("[data-gold-json]");
  var status = panel.querySelector("[data-gold-status]");

  function readSpans(body) {
    var input = body.querySelector("[data-spans-input]");
    try {
      return JSON.parse(input.value || "[]");
    } catch (e) {
      return [];
    }
  }

  function readRanking(body) {
    var taken = {};
    var ranked = [];
    body.querySelectorAll("select[name^='rank_']").forEach(function (select, index) {
      var rank = Number(select.value);
      if (rank && !taken[rank]) {
        taken[rank] = true;
        ranked.push({ index: index, rank: rank });
      }
    });
    ranked.sort(function (a, b) {
      return a.rank - b.rank;
    });
    return ranked.map(function (entry) {
      return entry.index;
    });
  }

  function readRating(body) {
    var rated = {};
    body.querySelectorAll("table.rating tbody tr").forEach(function (row) {
      var checked = row.querySelector("input[type=radio]:checked");
      if (checked) rated[row.querySelector("th").textContent.trim()] = Number(checked.value);
    });
    return rated;
  }

  function readErrors(body) {
    return Array.from(body.querySelectorAll("fieldset.errid")).map(function (set) {
      var verdict = set.querySelector("input[type=radio]:checked");
      var hasError = verdict ? verdict.value === "yes" : null;
      var category = set.querySelector("select").value;
      return {
        has_error: hasError,
        category: hasError ? category || null : null,
        explanation: set.querySelector("textarea").value.trim(),
      };
    });
  }

  var READERS = {
    spans: readSpans,
    ranking: readRanking,
    rating: readRating,
    error_identification: readErrors,
  };

  function write() {
    var body = panel.querySelector(".item-body");
    var read = body && READERS[body.dataset.kind];
    if (!read) return;
    answer.value = JSON.stringify(read(body));
    status.textContent = "Gold answer set from the widget; it is kept when you save the item.";
  }

  function showJson(show) {
    if (field) field.hidden = !show;
    toggle.checked = show;
  }

  panel.hidden = false;
  // An answer the server refused stays in view with its message.
  showJson(Boolean(field && field.classList.contains("gold-answer--error")));
  toggle.addEventListener("change", function () {
    showJson(toggle.checked);
  });
  panel.addEventListener("change", function (event) {
    if (event.target !== toggle) write();
  });
  panel.addEventListener("input", function (event) {
    if (event.target.matches("textarea")) write();
  });
})();
