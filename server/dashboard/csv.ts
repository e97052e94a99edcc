// CSV cells for spreadsheets: every cell quoted, and text that a spreadsheet would run as a formula made inert.
import { markBidi } from "../alerts/neutralise.js";

export function csvCell(value: string | number | null | undefined): string {
  // Bidi and invisible format characters shown as their codes: a spreadsheet would otherwise reorder the cell.
  let s = value === null || value === undefined ? "" : markBidi(String(value));
  // =, +, -, @, tab and CR start a formula in Excel and LibreOffice (CSV injection), and so does a formula after
  // leading whitespace (space, tab, CR, LF, no-break space), which a spreadsheet may trim: prefix a quote so it stays text.
  if (/^(?:[\t\r]|\s*[=+\-@])/.test(s)) s = `'${s}`;
  return `"${s.replace(/"/g, '""')}"`;
}

export function csvLine(cells: (string | number | null | undefined)[]): string {
  return `${cells.map(csvCell).join(",")}\r\n`;
}
