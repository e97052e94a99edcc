// Runs build tools with argument arrays (never a shell) and turns a failure into an error that shows the tool's output.
import { type SpawnSyncOptions, spawnSync } from "node:child_process";

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
