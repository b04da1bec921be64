// The rubric builder: add a criterion, remove one, move it up or down, and show each
// weight's share of the score as it changes. Without JavaScript the same form works with
// its plain fields: order numbers, "Remove" checkboxes and blank rows for adding.
(function () {
  "use strict";

  function visibleRows(list) {
    return Array.from(list.querySelectorAll(":scope > [data-row]")).filter((row) => !row.hidden);
  }

  function isFilled(row) {
    return Array.from(row.querySelectorAll("input[name$='-name'], textarea")).some(
      (field) => field.value.trim() !== ""
    );
  }

  function renumber(list) {
    visibleRows(list).forEach((row, index) => {
      const position = row.querySelector("input[name$='-position']");
      if (position) position.value = index + 1;
    });
  }

  function showShares(form) {
    const list = form.querySelector("[data-list]");
    const rows = visibleRows(list).filter(isFilled);
    const weightOf = (row) => {
      const value = Number.parseFloat(row.querySelector("input[name$='-weight']").value);
      return Number.isFinite(value) && value > 0 ? value : 0;
    };
    const total = rows.reduce((sum, row) => sum + weightOf(row), 0);
    visibleRows(list).forEach((row) => {
      const share = row.querySelector("[data-share]");
      if (!share) return;
      share.textContent =
        rows.includes(row) && total > 0
          ? `${Math.round((weightOf(row) / total) * 100)}% of the score`
          : "Relative to the other criteria.";
    });
    const summary = form.querySelector("[data-total-weight]");
    if (summary) {
      summary.textContent = rows.length
        ? `${rows.length} criteri${rows.length === 1 ? "on" : "a"}, total weight ${+total.toFixed(2)}.`
        : "";
    }
  }

  function updateAddButton(form, prefix) {
    const total = form.querySelector(`input[name="${prefix}-TOTAL_FORMS"]`);
    const max = form.querySelector(`input[name="${prefix}-MAX_NUM_FORMS"]`);
    const button = form.querySelector(`button[data-action="add"][data-list-target="${prefix}"]`);
    if (button && max) button.disabled = Number(total.value) >= Number(max.value);
  }

  function addRow(form, prefix) {
    const list = form.querySelector(`[data-list="${prefix}"]`);
    const template = form.querySelector(`template[data-template-for="${prefix}"]`);
    const total = form.querySelector(`input[name="${prefix}-TOTAL_FORMS"]`);
    const index = Number(total.value);
    const holder = document.createElement("div");
    holder.innerHTML = template.innerHTML.replaceAll("__prefix__", String(index));
    const row = holder.firstElementChild;
    list.appendChild(row);
    total.value = String(index + 1);
    addRemoveButton(row);
    renumber(list);
    updateAddButton(form, prefix);
    const name = row.querySelector("input[name$='-name']");
    if (name) name.focus();
  }

  function removeRow(form, row) {
    const list = row.parentElement;
    const remove = row.querySelector("input[name$='-DELETE']");
    if (remove) remove.checked = true;
    row.hidden = true;
    renumber(list);
    showShares(form);
    const next = visibleRows(list)[0];
    const focus = next ? next.querySelector("input[name$='-name']") : null;
    if (focus) focus.focus();
  }

  function moveRow(row, direction) {
    const list = row.parentElement;
    const rows = visibleRows(list);
    const other = rows[rows.indexOf(row) + direction];
    if (!other) return;
    if (direction < 0) list.insertBefore(row, other);
    else list.insertBefore(other, row);
    renumber(list);
    row.querySelector(`[data-action="${direction < 0 ? "up" : "down"}"]`).focus();
  }

  function addRemoveButton(row) {
    if (row.hasAttribute("data-enhanced")) return;
    row.setAttribute("data-enhanced", "");
    const actions = row.querySelector(".list-row__actions");
    if (!actions) return;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "button button--ghost button--small list-row__remove";
    button.dataset.action = "remove";
    button.textContent = "Remove";
    actions.appendChild(button);
  }

  function enhance(form) {
    form.classList.add("js");
    form.querySelectorAll("[data-list] > [data-row]").forEach(addRemoveButton);
    form.querySelectorAll("button[data-action='add']").forEach((button) =>
      updateAddButton(form, button.dataset.listTarget)
    );
    form.addEventListener("click", (event) => {
      const button = event.target.closest("button[data-action]");
      if (!button) return;
      const row = button.closest("[data-row]");
      switch (button.dataset.action) {
        case "add":
          addRow(form, button.dataset.listTarget);
          break;
        case "remove":
          removeRow(form, row);
          break;
        case "up":
          moveRow(row, -1);
          break;
        case "down":
          moveRow(row, 1);
          break;
      }
    });
    form.addEventListener("input", (event) => {
      if (event.target.matches("input[name$='-weight'], input[name$='-name'], textarea")) {
        showShares(form);
      }
    });
    showShares(form);
  }

  function start() {
    document.querySelectorAll("form[data-rubric-form]").forEach(enhance);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
