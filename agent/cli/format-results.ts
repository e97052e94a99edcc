// Renders check results as the readable table `ward check` prints: control, status word and symbol, summary, how to fix.
import { controlTitle } from "../../shared/controls/index.js";
import type { CheckResult } from "../../shared/schemas/check-result.js";
import type { CheckStatus } from "../../shared/schemas/control.js";

const STATUS_LABEL: Record<CheckStatus, string> = {
  pass: "✔ PASS",
  fail: "✘ FAIL",
  unknown: "? UNKNOWN",
  not_applicable: "– N/A",
};

export function formatResultsTable(results: readonly CheckResult[], width = 100): string {
  // The control's title ("Disk encryption"), the words the dashboard and the DSFM's emails use, not its id.
  const controlWidth = Math.max(7, ...results.map((r) => controlTitle(r.control).length));
  const statusWidth = 9;
  const summaryWidth = Math.max(30, width - controlWidth - statusWidth - 4);
  const lines = [`${"CONTROL".padEnd(controlWidth)}  ${"STATUS".padEnd(statusWidth)}  SUMMARY`];
  lines.push(`${"-".repeat(controlWidth)}  ${"-".repeat(statusWidth)}  ${"-".repeat(Math.min(summaryWidth, 60))}`);
  for (const r of results) {
    const wrapped = wrap(r.summary, summaryWidth);
    lines.push(
      `${controlTitle(r.control).padEnd(controlWidth)}  ${STATUS_LABEL[r.status].padEnd(statusWidth)}  ${wrapped[0] ?? ""}`,
    );
    for (const more of wrapped.slice(1)) lines.push(`${" ".repeat(controlWidth + statusWidth + 4)}${more}`);
  }
  const failing = results.filter((r) => r.status === "fail" && r.remediation.length > 0);
  for (const r of failing) {
    lines.push("", `How to fix ${controlTitle(r.control)}${r.clause ? ` (${r.clause})` : ""}:`);
    r.remediation.forEach((step, i) => {
      lines.push(...wrap(step, width - 6).map((l, j) => (j === 0 ? `  ${i + 1}. ${l}` : `     ${l}`)));
    });
  }
  const counts = countBy(results);
  lines.push(
    "",
    `Results: ${counts.pass} pass, ${counts.fail} fail, ${counts.unknown} unknown, ${counts.not_applicable} not applicable.`,
  );
  return `${lines.join("\n")}\n`;
}

function countBy(results: readonly CheckResult[]): Record<CheckStatus, number> {
  const c: Record<CheckStatus, number> = { pass: 0, fail: 0, unknown: 0, not_applicable: 0 };
  for (const r of results) c[r.status]++;
  return c;
}

function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/)) {
    if (line && line.length + word.length + 1 > width) {
      out.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(line);
  return out;
}
