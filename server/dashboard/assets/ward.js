// Ward dashboard: the only script (no inline code; the pages work without it). Print button, filter auto-submit, Copy buttons.
document.addEventListener("DOMContentLoaded", () => {
  const print = document.getElementById("print-report");
  if (print) print.addEventListener("click", () => window.print());
  for (const id of ["filter", "sort"]) {
    const el = document.getElementById(id);
    if (el?.form) el.addEventListener("change", () => el.form.submit());
  }
  // Copy buttons beside commands: the command's text as shown, to the clipboard; the button says it was copied.
  for (const button of document.querySelectorAll("button[data-copy]")) {
    button.addEventListener("click", () => {
      const source = document.getElementById(button.dataset.copy);
      if (!source || !navigator.clipboard) return;
      navigator.clipboard.writeText(source.textContent).then(
        () => {
          button.textContent = "Copied";
        },
        () => {
          button.textContent = "Select and copy by hand";
        },
      );
    });
  }
  // On a phone a table reads as cards (phone.css): each cell is labelled with its column heading, unless the page
  // labelled it; a heading only for screen readers ("Action") labels nothing.
  for (const table of document.querySelectorAll("main table")) {
    const heads = [...table.querySelectorAll("thead tr:last-child th")].flatMap((th) => {
      const hidden = th.querySelector(".sr-only");
      const text = hidden && hidden.textContent === th.textContent ? "" : th.textContent.trim();
      return Array(th.colSpan || 1).fill(text);
    });
    if (!heads.length) continue;
    for (const row of table.querySelectorAll("tbody tr")) {
      let column = 0;
      for (const cell of row.children) {
        if (cell.tagName === "TD" && !cell.hasAttribute("data-label"))
          cell.setAttribute("data-label", heads[column] ?? "");
        column += cell.colSpan || 1;
      }
    }
  }
});
