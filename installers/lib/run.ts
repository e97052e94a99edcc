// Runs build tools with argument arrays (never a shell) and turns a failure into an error that shows the tool's output.
import { type SpawnSyncOptions, spawn, spawnSync } from "node:child_process";

export interface RunResult {
  stdout: string;
  stderr: string;
  status: number;
}

export interface RunOptions extends Omit<SpawnSyncOptions, "encoding"> {
  /** Accept these exit codes instead of throwing (default: only 0). */
  okCodes?: number[];
}

export function run(file: string, args: readonly string[], options: RunOptions = {}): RunResult {
  const { okCodes = [0], ...rest } = options;
  const result = spawnSync(file, [...args], { maxBuffer: 64 * 1024 * 1024, ...rest, encoding: "utf8" });
  if (result.error) throw new Error(`${file} could not start: ${result.error.message}`);
  const status = result.status ?? -1;
  const out = { stdout: result.stdout ?? "", stderr: result.stderr ?? "", status };
  if (!okCodes.includes(status)) {
    const signal = result.signal ? ` (signal ${result.signal})` : "";
    throw new Error(`${file} ${args.join(" ")} exited ${status}${signal}\n${out.stdout}\n${out.stderr}`.trimEnd());
  }
  return out;
}

/** True when `name` is an executable on PATH. */
export function haveCommand(name: string): boolean {
  return spawnSync("sh", ["-c", 'command -v "$1" >/dev/null 2>&1', "sh", name]).status === 0;
}

/** Like run, without blocking: for the slow compression steps that can run side by side (deb and rpm). */
export function runAsync(file: string, args: readonly string[], options: { cwd?: string } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, [...args], { ...options, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    child.on("error", (err) => reject(new Error(`${file} could not start: ${err.message}`)));
    child.on("close", (code) => {
      if (code === 0) resolve({ stdout, stderr, status: 0 });
      else reject(new Error(`${file} ${args.join(" ")} exited ${code}\n${stdout}\n${stderr}`.trimEnd()));
    });
  });
}
