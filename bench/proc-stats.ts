// Reads a process's CPU time and memory from /proc (Linux), and runs a child while sampling them.
import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

/** Clock ticks per second for /proc/<pid>/stat times (`getconf CLK_TCK`: 100 on Linux x86-64). */
const TICK_MS = 10;

export interface ProcSample {
  /** CPU of the process itself (user + system), ms. */
  cpuSelfMs: number;
  /** CPU of its children it has waited for (the probes: lsblk, apt-check…), ms. */
  cpuChildrenMs: number;
  rssKb: number;
  /** Peak resident set size so far (VmHWM), kB. */
  hwmKb: number;
  /** Of the RSS: private memory (heap, stacks) and mapped files (the node or ward binary's own pages). */
  rssAnonKb: number;
  rssFileKb: number;
  /** Time its threads were runnable but waiting for a CPU (other processes had the cores), ms. */
  runQueueMs: number;
}

/** One sample, or null when the process is gone. */
export function sampleProc(pid: number): ProcSample | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the ")" that closes the command name: state is field 3; utime 14, stime 15, cutime 16, cstime 17.
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const n = (i: number) => Number(f[i - 3]);
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? 0);
    return {
      cpuSelfMs: (n(14) + n(15)) * TICK_MS,
      cpuChildrenMs: (n(16) + n(17)) * TICK_MS,
      rssKb: kb("VmRSS"),
      hwmKb: kb("VmHWM"),
      rssAnonKb: kb("RssAnon"),
      rssFileKb: kb("RssFile"),
      runQueueMs: runQueueMs(pid),
    };
  } catch {
    return null;
  }
}

/** Sum over the process's threads of the second field of schedstat: ns spent waiting on a run queue. */
function runQueueMs(pid: number): number {
  let ns = 0;
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, "utf8").split(" ")[1] ?? 0);
    }
  } catch {
    // a thread ended while reading: its share is lost, which only under-counts
  }
  return ns / 1e6;
}

/** CPU time of the process's main thread alone (its thread id is the pid): schedstat's first field, ns on a CPU. */
export function mainThreadCpuMs(pid: number): number {
  try {
    return Number(readFileSync(`/proc/${pid}/task/${pid}/schedstat`, "utf8").split(" ")[0] ?? 0) / 1e6;
  } catch {
    return Number.NaN;
  }
}

/** 1-minute load average: how busy the machine was (other work shares these cores). */
export function loadAverage(): number {
  try {
    return Number(readFileSync("/proc/loadavg", "utf8").split(" ")[0]);
  } catch {
    return Number.NaN;
  }
}

export interface ChildRun {
  wallMs: number;
  cpuSelfMs: number;
  cpuChildrenMs: number;
  peakRssKb: number;
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

export const SAMPLE_EVERY_MS = 5;

/**
 * Runs a command to completion, sampling /proc every few ms. The last sample is taken at most SAMPLE_EVERY_MS before
 * exit, so CPU is under-counted by at most that much; VmHWM only grows, so the peak is exact unless it is reached in
 * the final few ms.
 */
export function runSampled(
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let last: ProcSample | null = null;
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString("utf8")));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString("utf8")));
    // A process that has exited but is not yet reaped still shows its final CPU in stat, but no Vm* lines in status:
    // each field keeps its largest value seen.
    const poll = () => {
      const s = child.pid ? sampleProc(child.pid) : null;
      if (!s) return;
      const p = last;
      last = p
        ? {
            cpuSelfMs: Math.max(p.cpuSelfMs, s.cpuSelfMs),
            cpuChildrenMs: Math.max(p.cpuChildrenMs, s.cpuChildrenMs),
            rssKb: s.rssKb || p.rssKb,
            hwmKb: Math.max(p.hwmKb, s.hwmKb),
            runQueueMs: Math.max(p.runQueueMs, s.runQueueMs),
            rssAnonKb: s.rssAnonKb || p.rssAnonKb,
            rssFileKb: s.rssFileKb || p.rssFileKb,
          }
        : s;
    };
    const timer = setInterval(poll, SAMPLE_EVERY_MS);
    child.once("error", (err) => {
      clearInterval(timer);
      reject(err);
    });
    child.once("exit", (code) => {
      clearInterval(timer);
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      const s = last as ProcSample | null;
      resolve({
        wallMs,
        cpuSelfMs: s?.cpuSelfMs ?? 0,
        cpuChildrenMs: s?.cpuChildrenMs ?? 0,
        peakRssKb: s?.hwmKb ?? 0,
        exitCode: code,
        stdout,
        stderr,
      });
    });
  });
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}
