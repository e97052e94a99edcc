// One long-lived PowerShell per agent: runs the probes' scripts one at a time over stdin/stdout, restarts after a crash.
import { type ChildProcess, spawn } from "node:child_process";
import type { ExecResult } from "../platform.js";
import { decodeAnswer, encodeRequest, type HostAnswer, LineSplitter } from "./frame.js";

export interface PowerShellHostOptions {
  /** The program and arguments that start a host speaking the frame protocol (host-script.ts). */
  command: string;
  args: readonly string[];
  /** With nothing to run for this long, stdin is closed and the host exits; the next script starts a new one. */
  idleMs?: number;
  /** After a script's timeout, how long the host gets to answer "timed out" before the process is killed. */
  killGraceMs?: number;
  env?: NodeJS.ProcessEnv;
}

/** A host that died without answering sets hostFailed: the caller may run the script on its own instead. */
export type HostResult = ExecResult & { hostFailed?: boolean };

interface Waiting {
  id: string;
  child: ChildProcess;
  resolve(a: HostAnswer | { exited: string }): void;
}

/** Longer than the watch tick (60 s), so a watching agent keeps one host instead of starting one per tick. */
export const HOST_IDLE_MS = 120_000;
const DEFAULT_GRACE_MS = 5_000;

export class PowerShellHost {
  /** Processes started so far (each costs about a second of CPU on an old laptop). */
  starts = 0;
  private child: ChildProcess | null = null;
  private waiting: Waiting | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private idleTimer: NodeJS.Timeout | null = null;
  private seq = 0;
  private noise: string[] = [];

  constructor(private readonly o: PowerShellHostOptions) {}

  /** Runs one script; answers as a separate powershell.exe would (stdout, stderr, exit code, timed out). */
  run(script: string, timeoutMs: number): Promise<HostResult> {
    const next = this.queue.then(() => this.runNow(script, timeoutMs));
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Ends the host (stdin closed, then killed if it lingers). Idempotent; a later run() starts a new one. */
  close(): void {
    this.stopChild();
  }

  private async runNow(script: string, timeoutMs: number): Promise<HostResult> {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    const child = this.ensureChild();
    if ("spawnError" in child)
      return { stdout: "", stderr: "", exitCode: null, timedOut: false, spawnError: child.spawnError };
    setRef(child, true);
    const id = `r${++this.seq}`;
    this.noise = [];
    const answer = new Promise<HostAnswer | { exited: string }>((resolve) => {
      this.waiting = { id, child, resolve };
    });
    let killTimer: NodeJS.Timeout | undefined;
    const killed = new Promise<"killed">((resolve) => {
      killTimer = setTimeout(() => resolve("killed"), timeoutMs + (this.o.killGraceMs ?? DEFAULT_GRACE_MS));
    });
    child.stdin?.write(encodeRequest(id, timeoutMs, script));
    const got = await Promise.race([answer, killed]);
    clearTimeout(killTimer);
    this.waiting = null;
    const noise = this.noise.join("\n");
    this.armIdle();
    if (got === "killed") {
      // The script did not stop at its timeout (a hung WMI or COM call): the whole host goes, the next run restarts it.
      this.kill(child);
      return { stdout: "", stderr: noise, exitCode: null, timedOut: true };
    }
    if ("exited" in got) {
      return {
        stdout: "",
        stderr: [noise, got.exited].filter(Boolean).join("\n"),
        exitCode: null,
        timedOut: false,
        hostFailed: true,
      };
    }
    return {
      stdout: got.stdout,
      stderr: [got.stderr, noise].filter(Boolean).join("\n"),
      exitCode: got.timedOut ? null : got.exitCode,
      timedOut: got.timedOut,
    };
  }

  private ensureChild(): ChildProcess | { spawnError: string } {
    if (this.child && this.child.exitCode === null && this.child.signalCode === null) return this.child;
    let child: ChildProcess;
    try {
      child = spawn(this.o.command, [...this.o.args], {
        stdio: ["pipe", "pipe", "pipe"],
        windowsHide: true,
        ...(this.o.env ? { env: this.o.env } : {}),
      });
    } catch (err) {
      return { spawnError: `${(err as NodeJS.ErrnoException).code ?? "ERROR"}: ${(err as Error).message}` };
    }
    this.starts++;
    this.child = child;
    const lines = new LineSplitter();
    let stderrTail = "";
    let spawnFailed: string | null = null;
    child.stdout?.setEncoding("utf8");
    child.stderr?.setEncoding("utf8");
    child.stdout?.on("data", (chunk: string) => {
      for (const line of lines.push(chunk)) {
        const a = decodeAnswer(line);
        if (a && this.waiting?.child === child && a.id === this.waiting.id) this.waiting.resolve(a);
        else if (line.trim() !== "" && this.noise.length < 100) this.noise.push(line.slice(0, 2000));
      }
    });
    child.stderr?.on("data", (chunk: string) => {
      stderrTail = (stderrTail + chunk).slice(-4000);
    });
    child.stdin?.on("error", () => {}); // a host that died mid-write: its exit answers the request
    child.on("error", (err: NodeJS.ErrnoException) => {
      spawnFailed = `${err.code ?? "ERROR"}: ${err.message}`;
    });
    child.on("close", (code, signal) => {
      if (this.child === child) this.child = null;
      const why =
        spawnFailed ??
        `the PowerShell host exited (${signal ?? `code ${code}`})${stderrTail ? `: ${stderrTail.trim()}` : ""}`;
      // A host killed earlier closes late: only its own request may hear of it.
      if (this.waiting?.child === child) this.waiting.resolve({ exited: why });
    });
    return child;
  }

  private armIdle(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    const child = this.child;
    if (!child) return;
    // Between scripts the host must not keep a one-shot `ward check` alive.
    setRef(child, false);
    this.idleTimer = setTimeout(() => this.stopChild(), this.o.idleMs ?? HOST_IDLE_MS);
    this.idleTimer.unref();
  }

  private stopChild(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    const child = this.child;
    if (!child) return;
    child.stdin?.end();
    const t = setTimeout(() => this.kill(child), this.o.killGraceMs ?? DEFAULT_GRACE_MS);
    t.unref();
    child.once("close", () => clearTimeout(t));
  }

  private kill(child: ChildProcess): void {
    if (this.child === child) this.child = null;
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  }
}

/** A host between scripts must not keep the event loop (a one-shot `ward check`) alive: the process and its pipes. */
function setRef(child: ChildProcess, on: boolean): void {
  if (on) child.ref();
  else child.unref();
  for (const s of [child.stdin, child.stdout, child.stderr]) {
    const handle = s as unknown as { ref?: () => void; unref?: () => void } | null;
    if (on) handle?.ref?.();
    else handle?.unref?.();
  }
}
