// The role form's lists: add a row, remove one, move a responsibility up or down.
// Without JavaScript the same form works with its plain fields: position numbers,
// "Remove" checkboxes and blank rows for adding.
(function () {
  "use strict";

  function visibleRows(list) {
    return Array.from(list.querySelectorAll(":scope > [data-row]")).filter((row) => !row.hidden);
  }

  function renumber(list) {
    visibleRows(list).forEach((row, index) => {
      const position = row.querySelector("input[name$='-position']");
      if (position) position.value = index + 1;
    });
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
    renumber(list);
    const first = row.querySelector("input:not([type=hidden]):not([type=number]), select, textarea");
    if (first) first.focus();
  }

  function removeRow(row) {
    const list = row.parentElement;
    const remove = row.querySelector("input[name$='-DELETE']");
    if (remove) remove.checked = true;
    row.hidden = true;
    renumber(list);
  }

  function moveRow(row, direction) {
    const list = row.parentElement;
    const rows = visibleRows(list);
    const at = rows.indexOf(row);
    const other = rows[at + direction];
    if (!other) return;
    if (direction < 0) list.insertBefore(row, other);
    else list.insertBefore(other, row);
    renumber(list);
    row.querySelector(`[data-action="${direction < 0 ? "up" : "down"}"]`).focus();
  }

  function enhance(form) {
    form.classList.add("js");
    // A "Remove" button replaces each checkbox (the checkbox still carries the value).
    form.querySelectorAll("[data-row]").forEach(addRemoveButton);
    form.addEventListener("click", (event) => {
      const button = event.target.closest("button[data-action]");
      if (!button) return;
      const row = button.closest("[data-row]");
      switch (button.dataset.action) {
        case "add":
          addRow(form, button.dataset.listTarget);
          form.querySelectorAll("[data-row]:not([data-enhanced])").forEach(addRemoveButton);
          break;
        case "remove":
          removeRow(row);
          break;
        case "up":
          moveRow(row, -1);
          break;
        case "down":
          moveRow(row, 1);
          break;
      }
    });
  }

  function addRemoveButton(row) {
    row.dataset.enhanced = "";
    const actions = row.querySelector(".list-row__actions");
    if (!actions) return;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "button button--ghost button--small list-row__remove";
    button.dataset.action = "remove";
    button.textContent = "Remove";
    actions.appendChild(button);
  }

  function start() {
    document.querySelectorAll("form[data-role-form]").forEach(enhance);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
