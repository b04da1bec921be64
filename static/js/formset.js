// One script for every Django formset on our pages (the role form's lists, the rubric
// builder, the candidate profile): add a row, remove one, move one up or down. Without
// JavaScript each form still works with its plain fields: position numbers, "Remove"
// checkboxes and blank rows for adding.
//
// The markup configures it:
//   <form data-formset-form>                   the form whose formsets are enhanced
//   [data-list="prefix"] > [data-row]          a formset's rows
//   <template data-template-for="prefix">      the empty form, "__prefix__" for its index
//   <button data-action="add" data-list-target="prefix">   shown (if hidden), disabled at
//                                              the formset's MAX_NUM_FORMS
//   [data-row] .list-row__actions              rows with this get a "Remove" button and
//                                              may hold data-action="up" / "down" buttons
//   [data-list][data-focus-first-after-remove] after a removal the first row's field has
//                                              the focus (otherwise it stays where it was)
//   input[name$='-position']                   renumbered 1, 2, 3 … after every change
//   [data-share] / [data-total-weight data-one data-many]   optional: each row's
//                                              input[name$='-weight'] as a share of the whole
//                                              (the share's own text shows while it has none)
(function () {
  "use strict";

  // What gets the focus in a row that was just added, or left first after a removal.
  const FIELD = "input:not([type=hidden]):not([type=number]):not([type=checkbox]), select, textarea";

  function visibleRows(list) {
    return Array.from(list.querySelectorAll(":scope > [data-row]")).filter((row) => !row.hidden);
  }

  function focusField(row) {
    const field = row ? row.querySelector(FIELD) : null;
    if (field) field.focus();
  }

  function renumber(list) {
    visibleRows(list).forEach((row, index) => {
      const position = row.querySelector("input[name$='-position']");
      if (position) position.value = index + 1;
    });
  }

  function management(form, prefix, name) {
    return form.querySelector(`input[name="${prefix}-${name}"]`);
  }

  function updateAddButton(form, prefix) {
    const total = management(form, prefix, "TOTAL_FORMS");
    const max = management(form, prefix, "MAX_NUM_FORMS");
    const button = form.querySelector(`button[data-action="add"][data-list-target="${prefix}"]`);
    if (button && total && max) button.disabled = Number(total.value) >= Number(max.value);
  }

  // --- Weights as shares of the whole (the rubric builder) -----------------------------------

  function isFilled(row) {
    return Array.from(row.querySelectorAll("input[name$='-name'], textarea")).some(
      (field) => field.value.trim() !== ""
    );
  }

  function weightOf(row) {
    const field = row.querySelector("input[name$='-weight']");
    const value = field ? Number.parseFloat(field.value) : Number.NaN;
    return Number.isFinite(value) && value > 0 ? value : 0;
  }

  function showShares(form) {
    const summary = form.querySelector("[data-total-weight]");
    if (!summary && !form.querySelector("[data-share]")) return;
    form.querySelectorAll("[data-list]").forEach((list) => {
      const rows = visibleRows(list).filter(isFilled);
      const total = rows.reduce((sum, row) => sum + weightOf(row), 0);
      visibleRows(list).forEach((row) => {
        const share = row.querySelector("[data-share]");
        if (!share) return;
        if (share.dataset.hint === undefined) share.dataset.hint = share.textContent;
        share.textContent =
          rows.includes(row) && total > 0
            ? `${Math.round((weightOf(row) / total) * 100)}% of the score`
            : share.dataset.hint;
      });
      if (summary) {
        const noun = rows.length === 1 ? summary.dataset.one : summary.dataset.many;
        summary.textContent = rows.length
          ? `${rows.length} ${noun}, total weight ${+total.toFixed(2)}.`
          : "";
      }
    });
  }

  // --- Rows ----------------------------------------------------------------------------------

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

  function addRow(form, prefix) {
    const list = form.querySelector(`[data-list="${prefix}"]`);
    const template = form.querySelector(`template[data-template-for="${prefix}"]`);
    const total = management(form, prefix, "TOTAL_FORMS");
    const max = management(form, prefix, "MAX_NUM_FORMS");
    if (!list || !template || !total) return;
    const index = Number(total.value);
    if (max && index >= Number(max.value)) return;
    const holder = document.createElement("div");
    holder.innerHTML = template.innerHTML.replaceAll("__prefix__", String(index));
    const row = holder.firstElementChild;
    list.appendChild(row);
    total.value = String(index + 1);
    addRemoveButton(row);
    renumber(list);
    updateAddButton(form, prefix);
    focusField(row);
  }

  function removeRow(form, row) {
    const list = row.parentElement;
    const remove = row.querySelector("input[name$='-DELETE']");
    if (remove) remove.checked = true;
    row.hidden = true;
    renumber(list);
    showShares(form);
    if (list.hasAttribute("data-focus-first-after-remove")) focusField(visibleRows(list)[0]);
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

  const ACTIONS = {
    add: (form, button) => addRow(form, button.dataset.listTarget),
    remove: (form, button) => removeRow(form, button.closest("[data-row]")),
    up: (form, button) => moveRow(button.closest("[data-row]"), -1),
    down: (form, button) => moveRow(button.closest("[data-row]"), 1),
  };

  function enhance(form) {
    form.classList.add("js");
    form.querySelectorAll("[data-list] > [data-row]").forEach(addRemoveButton);
    form.querySelectorAll("button[data-action='add']").forEach((button) => {
      button.hidden = false;
      updateAddButton(form, button.dataset.listTarget);
    });
    form.addEventListener("click", (event) => {
      const button = event.target.closest("button[data-action]");
      const action = button ? ACTIONS[button.dataset.action] : undefined;
      if (action) action(form, button);
    });
    form.addEventListener("input", (event) => {
      if (event.target.matches("input[name$='-weight'], input[name$='-name'], textarea")) {
        showShares(form);
      }
    });
    showShares(form);
  }

  function start() {
    document.querySelectorAll("form[data-formset-form]").forEach(enhance);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
