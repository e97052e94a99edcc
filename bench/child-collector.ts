// The real `ward-server start` as a child process, with extra node flags (e.g. --cpu-prof, which NODE_OPTIONS refuses).
import { type ChildProcess, spawn } from "node:child_process";
import { ROOT } from "./agent-bench.js";

export interface ChildCollector {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
  /** SIGKILL: no shutdown hooks, like a power cut to the process. */
  kill9(): Promise<void>;
}

export async function startChildCollector(args: string[], nodeFlags: string[] = [], timeoutMs = 60_000): Promise<ChildCollector> {
  const port = args.includes("--port") ? [] : ["--port", "0"];
  const child = spawn(process.execPath, [...nodeFlags, "--import", "tsx", "server/cli/main.ts", "start", ...port, ...args], {
    cwd: ROOT,
    env: { ...process.env, WARD_LOG_LEVEL: "warn" },
    stdio: ["ignore", "pipe", "pipe"],
  });
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
  return { url, child, stop: () => signal("SIGTERM"), kill9: () => signal("SIGKILL") };
}
