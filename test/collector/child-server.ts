// Runs the real `ward-server start` as a child process and reads the port from its "listening on" line.
import { type ChildProcess, spawn } from "node:child_process";
import { resolve } from "node:path";

export interface ChildServer {
  url: string;
  child: ChildProcess;
  stderr(): string;
  /** SIGKILL: no shutdown hooks, no flush, exactly like a power cut to the process. */
  kill9(): Promise<void>;
  stop(): Promise<void>;
}

const ROOT = resolve(import.meta.dirname, "../..");

/**
 * `nodeFlags` go to node itself (e.g. --cpu-prof, which NODE_OPTIONS refuses); without a --port in `args`, any free
 * port is used.
 */
export async function startChildServer(
  args: string[],
  timeoutMs = 30_000,
  nodeFlags: string[] = [],
): Promise<ChildServer> {
  const port = args.includes("--port") ? [] : ["--port", "0"];
  const child = spawn(
    process.execPath,
    [...nodeFlags, "--import", "tsx", "server/cli/main.ts", "start", ...port, ...args],
    {
      cwd: ROOT,
      env: { ...process.env, WARD_LOG_LEVEL: "warn" },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let err = "";
  child.stderr!.on("data", (d: Buffer) => {
    err += d.toString("utf8");
  });
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  const url = await new Promise<string>((done, fail) => {
    let out = "";
    const timer = setTimeout(() => fail(new Error(`server did not start in ${timeoutMs} ms: ${err}`)), timeoutMs);
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString("utf8");
      const m = /listening on (https?:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        done(m[1]!);
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      fail(new Error(`server exited (${code}) before listening: ${err}`));
    });
  });
  const signal = async (sig: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(sig);
    await exited;
  };
  return { url, child, stderr: () => err, kill9: () => signal("SIGKILL"), stop: () => signal("SIGTERM") };
}
