// Counts the processes a Windows agent starts per check cycle and per hour of watching, from the probe definitions.
import type { OsPlatform } from "../shared/schemas/control.js";
import type { SessionUser } from "../agent/platform/platform.js";
import { createContext, inMemoryStore } from "../agent/checks/framework/context.js";
import type { ProbeDefinition, ProbeOutcome, ProbeSpec } from "../agent/checks/framework/probe.js";
import type { ProbeSource } from "../agent/checks/framework/probe-source.js";
import { allProbes, CHECKS } from "../agent/checks/registry.js";
import { powershellScriptOf } from "../agent/platform/powershell/route.js";
import { EVENT_FALLBACK_POLL_MS } from "../agent/cli/commands/run-resident.js";

const USER: SessionUser = { name: "clerk", id: "S-1-5-21-1004336348-1177238915-682003330-1001" };
/** The daemon's watch tick (usbWatchSeconds default): no watch runs more often than this. */
export const WATCH_TICK_MS = 60_000;

/** Counts in one model: all processes, of which ward.exe step processes and powershell.exe. */
export interface Starts {
  all: number;
  powershell: number;
  steps: number;
}

export interface ProcessStarts {
  /** Probes that start powershell.exe with -Command, and probes that start any other program (reg, netsh, powercfg…). */
  powershellProbes: string[];
  otherProbes: string[];
  /**
   * Four models: `perProbe`, one powershell.exe per PowerShell probe and the watch in the agent's process (the
   * first agent); `host`, one long-lived PowerShell host in the agent's process serving cycle and watch (issue 21's
   * first step); `steps`, each cycle and each due watch in a short-lived ward.exe step process with its own host, USB
   * volume events from one powershell.exe kept running (USB polled every 10 minutes, hotspot and Wi-Fi every 5);
   * `events`, what ships now: as `steps`, but hotspot and Wi-Fi are looked at when the network addresses change (read
   * in the agent's process), and every watch with an event source is polled only every EVENT_FALLBACK_POLL_MS.
   */
  cycle: { perProbe: Starts; host: Starts; steps: Starts; events: Starts };
  /**
   * Per hour of watching between cycles, nothing plugged in and no network change (each change costs one watch step,
   * at most one per NETWORK_FORCE_GAP_MS, 5 minutes: at most 12 an hour on a network that keeps changing);
   * the event watcher's one start is not per hour.
   */
  watchHour: { perProbe: Starts; host: Starts; steps: Starts; events: Starts };
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

/** The probes one poll of a check's watch asks for, as the daemon runs it. */
async function pollProbes(check: (typeof CHECKS)[number]): Promise<{ ps: number; other: number }> {
  const seen: ProbeDefinition[] = [];
  const ctx = createContext({
    control: check.control,
    source: countingSource("windows", seen),
    probes: allProbes(),
    memory: inMemoryStore(),
    now: new Date(),
    cache: new Map(),
    errors: [],
  });
  await check.watch!.poll(ctx).catch(() => undefined);
  const ps = seen.filter((p) => isPowershell(specOf(p))).length;
  return { ps, other: seen.filter((p) => isProcess(specOf(p))).length - ps };
}

/** The `steps` model: with volume events live, USB storage was polled every 10 minutes, the other watches as set. */
export const STEPS_USB_FALLBACK_POLL_MS = 10 * 60_000;

export async function countWindowsProcessStarts(): Promise<ProcessStarts> {
  const windows = [...allProbes().values()].filter((p) => p.os === "windows");
  const specs = windows.map((p) => ({ p, s: specOf(p) }));
  const powershellProbes = specs.filter((x) => isPowershell(x.s)).map((x) => x.p.id);
  const otherProbes = specs.filter((x) => isProcess(x.s) && !isPowershell(x.s)).map((x) => x.p.id);
  const ps = powershellProbes.length;
  const other = otherProbes.length;

  const watchers = CHECKS.filter((c) => c.watch);
  const polls = new Map<string, { ps: number; other: number }>();
  for (const c of watchers) polls.set(c.control, await pollProbes(c));

  // The first two models: each watch at its own interval (no faster than the daemon's tick), in the agent's process.
  let psPerHour = 0;
  let otherPerHour = 0;
  for (const c of watchers) {
    const perHour = 3_600_000 / Math.max(c.watch!.intervalMs, WATCH_TICK_MS);
    psPerHour += polls.get(c.control)!.ps * perHour;
    otherPerHour += polls.get(c.control)!.other * perHour;
  }

  // The step models: an hour of ticks; at each, the controls due (as StepCore decides) share one step process, whose
  // PowerShell host starts once if any of their probes is PowerShell.
  const stepHour = (every: (c: (typeof watchers)[number]) => number): Starts => {
    const s: Starts = { all: 0, powershell: 0, steps: 0 };
    const last = new Map<string, number>();
    for (let t = WATCH_TICK_MS; t <= 3_600_000; t += WATCH_TICK_MS) {
      const due = watchers.filter(
        (c) => t - (last.get(c.control) ?? Number.NEGATIVE_INFINITY) >= Math.max(every(c), WATCH_TICK_MS),
      );
      if (due.length === 0) continue;
      for (const c of due) last.set(c.control, t);
      const anyPs = due.some((c) => polls.get(c.control)!.ps > 0);
      const others = due.reduce((n, c) => n + polls.get(c.control)!.other, 0);
      s.steps += 1;
      s.powershell += anyPs ? 1 : 0;
      s.all += 1 + (anyPs ? 1 : 0) + others;
    }
    return s;
  };
  // (The first minute counts every watch as due: an hour starting right after a cycle, as the bench's does.)
  const steps = stepHour((c) => (c.control === "usb-storage" ? STEPS_USB_FALLBACK_POLL_MS : c.watch!.intervalMs));
  // What ships: USB (its events live) and the network watches (addresses read in the agent) polled at the fallback.
  // Counting from the hour's first tick or from a cycle just before it gives the same count (3 for 20 minutes).
  const events = stepHour((c) =>
    c.control === "usb-storage" || c.watch!.onNetworkChange ? EVENT_FALLBACK_POLL_MS : c.watch!.intervalMs,
  );
  return {
    powershellProbes,
    otherProbes,
    cycle: {
      perProbe: { all: ps + other, powershell: ps, steps: 0 },
      host: { all: (ps > 0 ? 1 : 0) + other, powershell: ps > 0 ? 1 : 0, steps: 0 },
      // One ward.exe step for the cycle and its delivery, its host, and every other probe.
      steps: { all: 1 + (ps > 0 ? 1 : 0) + other, powershell: ps > 0 ? 1 : 0, steps: 1 },
      events: { all: 1 + (ps > 0 ? 1 : 0) + other, powershell: ps > 0 ? 1 : 0, steps: 1 },
    },
    watchHour: {
      perProbe: { all: psPerHour + otherPerHour, powershell: psPerHour, steps: 0 },
      // The host outlived the gap between two watch ticks, so no PowerShell start in a steady hour.
      host: { all: otherPerHour, powershell: 0, steps: 0 },
      steps,
      events,
    },
  };
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  const r = await countWindowsProcessStarts();
  console.log(JSON.stringify(r, null, 2));
}
