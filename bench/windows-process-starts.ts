// Counts the processes a Windows agent starts per check cycle and per hour of watching, from the probe definitions.
import type { OsPlatform } from "../shared/schemas/control.js";
import type { SessionUser } from "../agent/platform/platform.js";
import { createContext, inMemoryStore } from "../agent/checks/framework/context.js";
import type { ProbeDefinition, ProbeOutcome, ProbeSpec } from "../agent/checks/framework/probe.js";
import type { ProbeSource } from "../agent/checks/framework/probe-source.js";
import { allProbes, CHECKS } from "../agent/checks/registry.js";
import { powershellScriptOf } from "../agent/platform/powershell/route.js";

const USER: SessionUser = { name: "clerk", id: "S-1-5-21-1004336348-1177238915-682003330-1001" };
/** The daemon's watch tick (usbWatchSeconds default): no watch runs more often than this. */
export const WATCH_TICK_MS = 60_000;

export interface ProcessStarts {
  /** Probes that start powershell.exe with -Command, and probes that start any other program (reg, netsh, powercfg…). */
  powershellProbes: string[];
  otherProbes: string[];
  /** Per cycle: every Windows probe a cycle may run, once (per-user probes for one signed-in user). */
  cycle: { before: number; after: number; powershellBefore: number; powershellAfter: number };
  /** Per hour of watching between cycles, no device plugged in. */
  watchHour: { before: number; after: number; powershellBefore: number; powershellAfter: number };
}

function specOf(p: ProbeDefinition): ProbeSpec | null {
  for (const [q, u] of [
    [USER.id, USER],
    [undefined, undefined],
    ["C:", undefined],
  ] as const) {
    try {
      return p.spec(q, u);
    } catch {
      // another kind of qualifier
    }
  }
  return null;
}

const isPowershell = (s: ProbeSpec | null) => s?.kind === "exec" && powershellScriptOf(s.file, s.args) !== null;
const isProcess = (s: ProbeSpec | null) => s?.kind === "exec";

/** A source that records which probes run and answers each with empty output (nothing plugged in, nothing on). */
function countingSource(os: OsPlatform, seen: ProbeDefinition[]): ProbeSource {
  return {
    os,
    capturedQualifiers: async () => null,
    async run(probe): Promise<ProbeOutcome> {
      seen.push(probe);
      return { ok: true, text: "", stderr: "", exitCode: 0 };
    },
  };
}

export async function countWindowsProcessStarts(): Promise<ProcessStarts> {
  const windows = [...allProbes().values()].filter((p) => p.os === "windows");
  const specs = windows.map((p) => ({ p, s: specOf(p) }));
  const powershellProbes = specs.filter((x) => isPowershell(x.s)).map((x) => x.p.id);
  const otherProbes = specs.filter((x) => isProcess(x.s) && !isPowershell(x.s)).map((x) => x.p.id);

  // The watch: each check's own poll, run as the daemon runs it, counting the probes it asks for.
  let psPerHour = 0;
  let otherPerHour = 0;
  for (const check of CHECKS) {
    if (!check.watch) continue;
    const seen: ProbeDefinition[] = [];
    const memory = inMemoryStore();
    const ctx = createContext({
      control: check.control,
      source: countingSource("windows", seen),
      probes: allProbes(),
      memory,
      now: new Date(),
      cache: new Map(),
      errors: [],
    });
    await check.watch.poll(ctx).catch(() => undefined);
    const pollsPerHour = 3_600_000 / Math.max(check.watch.intervalMs, WATCH_TICK_MS);
    const ps = seen.filter((p) => isPowershell(specOf(p))).length;
    psPerHour += ps * pollsPerHour;
    otherPerHour += (seen.filter((p) => isProcess(specOf(p))).length - ps) * pollsPerHour;
  }
  return {
    powershellProbes,
    otherProbes,
    // Before: one powershell.exe per PowerShell probe. After: one host for all of them (started once per cycle at
    // most; none when the watch kept it alive).
    cycle: {
      before: powershellProbes.length + otherProbes.length,
      after: (powershellProbes.length > 0 ? 1 : 0) + otherProbes.length,
      powershellBefore: powershellProbes.length,
      powershellAfter: powershellProbes.length > 0 ? 1 : 0,
    },
    // After: the watch runs every minute, within the host's idle time (2 minutes), so the host started by the first
    // cycle keeps serving it: no PowerShell start in a steady hour.
    watchHour: {
      before: psPerHour + otherPerHour,
      after: otherPerHour,
      powershellBefore: psPerHour,
      powershellAfter: 0,
    },
  };
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  const r = await countWindowsProcessStarts();
  console.log(JSON.stringify(r, null, 2));
}
