// A real collector for the installer tests: `npm run server -- start` on a free port of 127.0.0.1, a council and
// an enrolment token made with its CLI, and its /metrics read to see reports arrive.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO_ROOT } from "../lib/paths.js";
import { run } from "../lib/run.js";

/** One node process (tsx as a loader), so stopping it stops the collector, with no npx or tsx wrapper left behind. */
const SERVER = ["--import", "tsx", join(REPO_ROOT, "server/cli/main.ts")];

export interface Collector {
  url: string;
  dataDir: string;
  token: string;
  /** ward_ingest_envelopes_total{outcome="accepted"}: envelopes whose signature and chain the collector accepted. */
  acceptedReports(): Promise<number>;
  stop(): void;
}

function cli(dataDir: string, args: string[]): string {
  return run(process.execPath, [...SERVER, ...args, "--data-dir", dataDir], { cwd: REPO_ROOT }).stdout;
}

export async function startCollector(): Promise<Collector> {
  const dataDir = mkdtempSync(join(tmpdir(), "ward-collector-"));
  const child: ChildProcess = spawn(
    process.execPath,
    [...SERVER, "start", "--data-dir", dataDir, "--host", "127.0.0.1", "--port", "0"],
    {
      cwd: REPO_ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`collector did not start: ${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.on("exit", (code) => reject(new Error(`collector exited ${code}: ${output}`)));
  });
  cli(dataDir, ["council", "create", "Installer Test Parish"]);
  const created = JSON.parse(
    cli(dataDir, ["token", "create", "--council", "Installer Test Parish", "--json"]).trim().split("\n").pop()!,
  ) as {
    token: string;
  };
  return {
    url,
    dataDir,
    token: created.token,
    async acceptedReports() {
      const text = await (await fetch(`${url}/metrics`)).text();
      const m = /^ward_ingest_envelopes_total\{outcome="accepted"\} (\d+)/m.exec(text);
      return m ? Number(m[1]) : 0;
    },
    stop() {
      child.kill("SIGTERM");
      child.once("exit", () => rmSync(dataDir, { recursive: true, force: true }));
    },
  };
}
