// The bench's result rows: each figure against a limit (the target) and/or a baseline measured in the same run.
export type Verdict = "met" | "missed" | "info" | "not measured";

export interface Reference {
  label: string;
  value: number;
  unit: string;
}

export interface Figure {
  section: string;
  name: string;
  /** The measured value, in `unit`; null when not measured. */
  value: number | null;
  unit: string;
  /** A baseline measured in this run (bare node, one core's verify rate…) and value / baseline. */
  baseline: (Reference & { ratio: number | null }) | null;
  /** The target: value must be below it, or at least it; the ratio is value / limit. */
  limit: (Reference & { kind: "below" | "at-least"; ratio: number | null }) | null;
  verdict: Verdict;
  note?: string;
}

export interface FigureInput {
  section: string;
  name: string;
  value: number | null;
  unit: string;
  baseline?: Reference;
  limit?: Reference & { kind: "below" | "at-least" };
  note?: string;
}

const ratioOf = (v: number | null, ref: Reference | undefined) =>
  v !== null && ref && ref.value !== 0 ? v / ref.value : null;

export function figure(f: FigureInput): Figure {
  const baseline = f.baseline ? { ...f.baseline, ratio: ratioOf(f.value, f.baseline) } : null;
  const limit = f.limit ? { ...f.limit, ratio: ratioOf(f.value, f.limit) } : null;
  let verdict: Verdict = "info";
  if (f.value === null) verdict = "not measured";
  else if (limit?.ratio != null)
    verdict = (limit.kind === "below" ? limit.ratio < 1 : limit.ratio >= 1) ? "met" : "missed";
  return {
    section: f.section,
    name: f.name,
    value: f.value,
    unit: f.unit,
    baseline,
    limit,
    verdict,
    ...(f.note ? { note: f.note } : {}),
  };
}

export function notMeasured(section: string, name: string, why: string): Figure {
  return figure({ section, name, value: null, unit: "", note: why });
}

export const fmt = (v: number): string => {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a >= 10_000) return Math.round(v).toLocaleString("en-GB");
  if (a >= 100) return v.toFixed(0);
  if (a >= 10) return v.toFixed(1);
  return v.toFixed(2);
};

const ref = (r: (Reference & { ratio: number | null }) | null, prefix = "") =>
  r
    ? `${prefix}${r.label} ${fmt(r.value)} ${r.unit}`.trim() + (r.ratio === null ? "" : ` -> ${r.ratio.toFixed(2)}x`)
    : "";

export function formatTable(figures: Figure[]): string {
  const rows = figures.map((f) => [
    f.section,
    f.name,
    f.value === null ? "-" : `${fmt(f.value)} ${f.unit}`.trim(),
    ref(f.baseline),
    ref(f.limit, f.limit ? (f.limit.kind === "below" ? "< " : ">= ") : ""),
    f.verdict,
  ]);
  const head = ["section", "figure", "value", "baseline (same run) -> ratio", "target -> ratio", "verdict"];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join(" | ")
      .trimEnd();
  const out = [line(head), widths.map((w) => "-".repeat(w)).join("-|-")];
  for (const r of rows) out.push(line(r));
  const notes = figures.filter((f) => f.note).map((f) => `- ${f.section} / ${f.name}: ${f.note}`);
  return `${out.join("\n")}\n${notes.length ? `\nNotes:\n${notes.join("\n")}\n` : ""}`;
}
