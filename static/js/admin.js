// Django admin: names for the select2 boxes of autocomplete fields, and aria-sort on the
// sortable columns of change lists.

function nameAutocomplete(select) {
  const label = select.id && document.querySelector(`label[for="${select.id}"]`);
  const widget = select.nextElementSibling;
  if (!label || !widget || !widget.classList.contains("select2") || select.dataset.named) {
    return;
  }
  select.dataset.named = "yes";
  label.id ||= `${select.id}-label`;
  const name = label.textContent.trim().replace(/:$/, "");
  const apply = () => {
    // The box reads "<label> <current choice>"; the read-only text of the choice inside it
    // and the search field of a multiple choice read the label.
    const combobox = widget.querySelector(".select2-selection");
    const choice = widget.querySelector(".select2-selection__rendered");
    if (combobox) {
      combobox.setAttribute("aria-labelledby", choice?.id ? `${label.id} ${choice.id}` : label.id);
    }
    if (choice?.getAttribute("role") === "textbox") {
      choice.setAttribute("aria-label", name);
    }
    for (const field of widget.querySelectorAll(".select2-search__field")) {
      if (field.getAttribute("aria-label") !== name) {
        field.setAttribute("aria-label", name);
      }
    }
  };
  apply();
  // select2 redraws its parts on every choice.
  new MutationObserver(apply).observe(widget, { childList: true, subtree: true });
}

function markSortedColumns() {
  for (const header of document.querySelectorAll("#result_list thead th.sortable")) {
    let sort = "none";
    if (header.classList.contains("sorted")) {
      sort = header.classList.contains("descending") ? "descending" : "ascending";
    }
    header.setAttribute("aria-sort", sort);
  }
}

// Django starts select2 from a jQuery ready handler, which may run after the load event;
// the boxes are named as soon as select2 inserts them (an observer runs before any other task).
const nameAll = () => document.querySelectorAll("select.admin-autocomplete").forEach(nameAutocomplete);
new MutationObserver(nameAll).observe(document.documentElement, { childList: true, subtree: true });
document.addEventListener("DOMContentLoaded", () => {
  nameAll();
  markSortedColumns();
});
