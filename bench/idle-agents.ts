// Idle agents for the bench: `ward run` (tsx and the shipped binary) left idle while the collector benches run, and their RSS.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BINARY, binWard, type Cmd, MB, ROOT, tsxWard } from "./agent-bench.js";
import { daemonCycleFigures, watchStepFigures } from "./daemon-steps.js";
import { type Figure, figure } from "./figures.js";
import { runSampled, sampleProc } from "./proc-stats.js";

export interface IdleAgent {
  label: string;
  child: ChildProcess;
  stateDir: string;
  output(): string;
  /** CPU (agent + probes) and time when its first cycle was over: the start of "between cycles". */
  mark?: { cpuMs: number; at: number };
}

/**
 * Marks where "between cycles" starts for each agent: once its first cycle wrote last-report.json and its CPU has
 * stopped moving for 3 s (the delivery after it done), at most 2 minutes. On a loaded machine the first cycle can
 * take longer than the fixed wait before this, and its CPU must not be counted as the watch's.
 */
export async function markIdle(agents: IdleAgent[]): Promise<void> {
  const cpu = (a: IdleAgent) => {
    const s = a.child.pid ? sampleProc(a.child.pid) : null;
    return s ? s.cpuSelfMs + s.cpuChildrenMs : null;
  };
  await Promise.all(
    agents.map(async (a) => {
      const end = performance.now() + 120_000;
      while (a.stateDir && !existsSync(join(a.stateDir, "last-report.json")) && performance.now() < end)
        await sleep(500);
      let last = cpu(a);
      let stableSince = performance.now();
      while (performance.now() < end && performance.now() - stableSince < 3000) {
        await sleep(500);
        const now = cpu(a);
        if (now !== last) {
          last = now;
          stableSince = performance.now();
        }
      }
      if (last !== null) a.mark = { cpuMs: last, at: performance.now() };
    }),
  );
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Enrols and starts `ward run` (tsx, and the binary if built) plus an idle bare node, all left running. */
export async function startIdleAgents(serverUrl: string, tokens: string[]): Promise<IdleAgent[]> {
  const cmds: Cmd[] = [tsxWard([])];
  if (existsSync(BINARY)) cmds.push(binWard([]));
  const agents: IdleAgent[] = [];
  for (const [i, cmd] of cmds.entries()) {
    const stateDir = mkdtempSync(join(tmpdir(), `ward-bench-idle-${cmd.label}-`));
    const common = ["--state-dir", stateDir, "--log-dir", join(stateDir, "logs")];
    const enrol = await runSampled(
      cmd.command,
      [...cmd.args, "enroll", "--server", serverUrl, "--token", tokens[i]!, ...common],
      { cwd: ROOT },
    );
    if (enrol.exitCode !== 0) throw new Error(`ward enroll (${cmd.label}) failed: ${enrol.stderr}${enrol.stdout}`);
    agents.push(spawnKept(cmd.label, cmd.command, [...cmd.args, "run", "--quiet", ...common], stateDir));
  }
  agents.push(spawnKept("bare node (idle)", process.execPath, ["-e", "setInterval(() => {}, 1e9)"], ""));
  return agents;
}

function spawnKept(label: string, command: string, args: string[], stateDir: string): IdleAgent {
  const child = spawn(command, args, { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout!.on("data", (d: Buffer) => (out += d));
  child.stderr!.on("data", (d: Buffer) => (out += d));
  return { label, child, stateDir, output: () => out };
}

export function idleFigures(agents: IdleAgent[], seconds: number): Figure[] {
  const samples = agents.map((a) => ({ a, s: a.child.pid ? sampleProc(a.child.pid) : null }));
  const bare = samples.find((x) => x.a.label.startsWith("bare"))?.s;
  const figures: Figure[] = [];
  for (const { a, s } of samples) {
    if (a.label.startsWith("bare")) continue;
    if (!s) {
      figures.push(
        figure({
          section: "agent",
          name: `ward run (${a.label}) RSS after ${seconds} s idle`,
          value: null,
          unit: "",
          note: `process exited: ${a.output().slice(-400)}`,
        }),
      );
      continue;
    }
    figures.push(
      figure({
        section: "agent",
        name: `ward run (${a.label}) RSS after ${seconds} s idle`,
        value: s.rssKb / MB,
        unit: "MB",
        ...(bare ? { baseline: { label: "idle bare node", value: bare.rssKb / MB, unit: "MB" } } : {}),
        limit: { label: "limit", value: 60, unit: "MB", kind: "below" },
        note: `of which private ${(s.rssAnonKb / MB).toFixed(1)} MB and mapped files ${(s.rssFileKb / MB).toFixed(1)} MB (bare node: ${bare ? `${(bare.rssAnonKb / MB).toFixed(1)} + ${(bare.rssFileKb / MB).toFixed(1)}` : "?"} MB); peak RSS so far (VmHWM) ${(s.hwmKb / MB).toFixed(1)} MB; CPU so far ${s.cpuSelfMs} ms + probes and step processes ${s.cpuChildrenMs} ms (one cycle at start, then idle); its child processes now: ${children(a.child.pid!)}`,
      }),
    );
  }
  return figures;
}

/** The processes a process has started and that still run (the USB event monitor; a step under way), with RSS. */
function children(pid: number): string {
  const out: string[] = [];
  const walk = (p: number) => {
    let kids: number[] = [];
    try {
      kids = readFileSync(`/proc/${p}/task/${p}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
    } catch {
      return;
    }
    for (const k of kids) {
      const s = sampleProc(k);
      let comm = "?";
      try {
        comm = readFileSync(`/proc/${k}/comm`, "utf8").trim();
      } catch {
        // gone
      }
      if (s) out.push(`${comm} ${(s.rssKb / MB).toFixed(1)} MB`);
      walk(k);
    }
  };
  walk(pid);
  return out.length ? out.join(", ") : "none";
}

/**
 * Five and a half minutes after the first cycle: it held the earlier agents' 5-minute hotspot and Wi-Fi polls at
 * least once. Now those watches wait for a network change or the 20-minute fallback (daemon-steps.ts adds that).
 */
export const WATCH_WINDOW_MS = 330_000;

/** The watch's CPU between cycles, read once WATCH_WINDOW_MS has passed since each agent's first cycle ended. */
export async function watchFigures(agents: IdleAgent[], log: (line: string) => void): Promise<Figure[]> {
  const marked = agents.filter((a) => a.mark);
  const wait = Math.max(0, ...marked.map((a) => a.mark!.at + WATCH_WINDOW_MS - performance.now()));
  if (wait > 0) log(`agent: waiting ${(wait / 1000).toFixed(0)} s more to read the watch's CPU between cycles…`);
  await sleep(wait);
  const bareAgent = agents.find((a) => a.label.startsWith("bare"));
  const bare = bareAgent?.child.pid ? sampleProc(bareAgent.child.pid) : null;
  const figures: Figure[] = [];
  for (const a of marked) {
    if (a.label.startsWith("bare")) continue;
    const s = a.child.pid ? sampleProc(a.child.pid) : null;
    if (!s) continue;
    const hours = (performance.now() - a.mark!.at) / 3_600_000;
    const cpuMs = s.cpuSelfMs + s.cpuChildrenMs - a.mark!.cpuMs;
    const bareCpu = bare && bareAgent?.mark ? (bare.cpuSelfMs - bareAgent.mark.cpuMs) / hours : null;
    // An idle bare node usually uses 0 ticks: no ratio to a zero.
    figures.push(
      figure({
        section: "agent",
        name: `ward run (${a.label}) watch between cycles: CPU per hour`,
        value: cpuMs / hours,
        unit: "ms/h",
        ...(bareCpu ? { baseline: { label: "idle bare node", value: bareCpu, unit: "ms/h" } } : {}),
        note: `${cpuMs} ms (agent + probes + step processes) over ${(hours * 3600).toFixed(0)} s after the first cycle, scaled to an hour (/proc counts 10 ms ticks); a step's CPU counts once it has exited`,
      }),
    );
  }
  return figures;
}

export async function stopIdleAgents(agents: IdleAgent[]): Promise<void> {
  await Promise.all(
    agents.map(
      (a) =>
        new Promise<void>((done) => {
          if (a.child.exitCode !== null || a.child.signalCode !== null) return done();
          a.child.once("exit", () => done());
          a.child.kill("SIGTERM");
          setTimeout(() => a.child.kill("SIGKILL"), 8000).unref();
        }),
    ),
  );
}

/** After the collector benches: the idle reading at idleSeconds, the watch's CPU, then the agents stopped and a daemon cycle. */
export async function finishIdle(
  idle: IdleAgent[],
  idleSeconds: number,
  idleStarted: number,
  log: (line: string) => void,
): Promise<Figure[]> {
  const wait = idleSeconds * 1000 - (performance.now() - idleStarted);
  if (wait > 0) {
    log(`agent: waiting ${(wait / 1000).toFixed(0)} s more for the idle reading…`);
    await sleep(wait);
  }
  const figures = [...idleFigures(idle, idleSeconds), ...(await watchFigures(idle, log))];
  await stopIdleAgents(idle);
  const bin = idle.find((a) => a.label === "binary");
  if (!bin) return figures;
  const idleWatch =
    figures.find((f) => f.name === "ward run (binary) watch between cycles: CPU per hour")?.value ?? null;
  return [
    ...figures,
    ...(await daemonCycleFigures(bin.stateDir)),
    ...(await watchStepFigures(bin.stateDir, idleWatch)),
  ];
}
