// Ward dashboard: the only script (no inline code; the pages work without it). Print button and filter auto-submit.
document.addEventListener("DOMContentLoaded", () => {
  const print = document.getElementById("print-report");
  if (print) print.addEventListener("click", () => window.print());
  for (const id of ["filter", "sort"]) {
    const el = document.getElementById(id);
    if (el?.form) el.addEventListener("change", () => el.form.submit());
  }
});
