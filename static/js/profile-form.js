// "Add another" for the profile formsets: clones the formset's <template> row with the
// next index and bumps TOTAL_FORMS. Without JavaScript each formset still offers one
// blank row per save, so the page works either way.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-formset]").forEach((fieldset) => {
    const prefix = fieldset.dataset.formset;
    const total = fieldset.querySelector(`input[name="${prefix}-TOTAL_FORMS"]`);
    const max = fieldset.querySelector(`input[name="${prefix}-MAX_NUM_FORMS"]`);
    const rows = fieldset.querySelector("[data-formset-rows]");
    const template = fieldset.querySelector("template[data-formset-template]");
    const add = fieldset.querySelector("[data-formset-add]");
    if (!total || !rows || !template || !add) return;
    add.hidden = false;
    add.addEventListener("click", () => {
      const index = Number(total.value);
      if (max && index >= Number(max.value)) return;
      const html = template.innerHTML.replaceAll("__prefix__", String(index));
      rows.insertAdjacentHTML("beforeend", html);
      total.value = String(index + 1);
      const first = rows.lastElementChild.querySelector("input, select, textarea");
      if (first) first.focus();
    });
  });
});
