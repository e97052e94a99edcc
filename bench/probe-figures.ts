// Probe figures: each Linux probe's CPU alone, and Windows process starts counted from the probe definitions.
import { ROOT } from "./agent-bench.js";
import type { ProcessStarts } from "./windows-process-starts.js";
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
  const note = (w: ProcessStarts["cycle"]) =>
    `of which ward.exe step processes ${w.events.steps} and PowerShell ${w.events.powershell}; earlier models: one powershell.exe per probe and the watch in the agent ${w.perProbe.all} (PowerShell ${w.perProbe.powershell}), one PowerShell host in the agent ${w.host.all} (PowerShell ${w.host.powershell}), step processes with 5-minute hotspot and Wi-Fi polls ${w.steps.all} (PowerShell ${w.steps.powershell}, steps ${w.steps.steps})`;
  return [
    figure({
      section: "agent",
      name: "Windows: process starts per check cycle (from the probe definitions)",
      value: r.cycle.events.all,
      unit: "starts",
      baseline: { label: "one powershell.exe per probe", value: r.cycle.perProbe.all, unit: "starts" },
      note: note(r.cycle),
    }),
    figure({
      section: "agent",
      name: "Windows: process starts per hour of watching (from the watches' polls)",
      value: r.watchHour.events.all,
      unit: "starts",
      baseline: { label: "one powershell.exe per probe", value: r.watchHour.perProbe.all, unit: "starts" },
      note: `${note(r.watchHour)}; nothing plugged in and no network change (each change: one watch step); the USB volume-event powershell.exe starts once, not per hour`,
    }),
  ];
}
