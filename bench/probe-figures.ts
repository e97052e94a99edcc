// Probe figures: each Linux probe's CPU alone, and Windows process starts counted from the probe definitions.
import { ROOT } from "./agent-bench.js";
import { type Figure, figure } from "./figures.js";
import { runSampled } from "./proc-stats.js";

/**
 * What a cycle's CPU is spent on: each Linux probe command run alone (the same command and arguments the agent runs),
 * sampled the same way. Probes needing a per-user or per-device qualifier are skipped.
 */
export async function probeBreakdown(top: number): Promise<Figure[]> {
  const { allProbes } = await import("../agent/checks/registry.js");
  const rows: { id: string; cpuMs: number; wallMs: number }[] = [];
  for (const probe of allProbes().values()) {
    if (probe.os !== "linux") continue;
    let spec: ReturnType<typeof probe.spec>;
    try {
      spec = probe.spec();
    } catch {
      continue;
    }
    if (spec.kind !== "exec" || spec.asUser) continue;
    const r = await runSampled(spec.file, [...spec.args], { cwd: ROOT }).catch(() => null);
    if (r) rows.push({ id: probe.id, cpuMs: r.cpuSelfMs + r.cpuChildrenMs, wallMs: r.wallMs });
  }
  rows.sort((a, b) => b.cpuMs - a.cpuMs);
  const total = rows.reduce((n, r) => n + r.cpuMs, 0);
  return rows.slice(0, top).map((r) =>
    figure({
      section: "agent",
      name: `probe ${r.id} alone: CPU`,
      value: r.cpuMs,
      unit: "ms",
      baseline: { label: "all Linux probes", value: total, unit: "ms" },
      note: `wall ${r.wallMs.toFixed(0)} ms`,
    }),
  );
}

/** Windows process starts per cycle and per hour of watching, counted from the probe definitions (not measured). */
export async function windowsProcessStartFigures(): Promise<Figure[]> {
  const { countWindowsProcessStarts } = await import("./windows-process-starts.js");
  const r = await countWindowsProcessStarts();
  const note = (what: { before: number; powershellBefore: number; powershellAfter: number }) =>
    `of which PowerShell: ${what.powershellAfter} with the host, ${what.powershellBefore} with one powershell.exe per probe (the ratio's baseline counts all processes that way)`;
  return [
    figure({
      section: "agent",
      name: "Windows: process starts per check cycle (from the probe definitions)",
      value: r.cycle.after,
      unit: "starts",
      baseline: { label: "one powershell.exe per probe", value: r.cycle.before, unit: "starts" },
      note: note(r.cycle),
    }),
    figure({
      section: "agent",
      name: "Windows: process starts per hour of watching (from the watches' polls)",
      value: r.watchHour.after,
      unit: "starts",
      baseline: { label: "one powershell.exe per probe", value: r.watchHour.before, unit: "starts" },
      note: note(r.watchHour),
    }),
  ];
}
