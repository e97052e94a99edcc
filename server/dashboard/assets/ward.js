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
});
