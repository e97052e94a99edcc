// Installer-only steps of the `ward` executable, run by the MSI, deb/rpm and macOS package scripts as root/SYSTEM:
// write the agent's config file from SERVER_URL / ENROLL_TOKEN, and remove Ward's machine data on a real uninstall.
import {
  chmodSync,
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { basename, dirname, join } from "node:path";
import { parseArgs } from "node:util";
import { EnrollToken } from "../../shared/schemas/api.js";

export const INSTALLER_USAGE = `Usage (run by Ward's installers, not by people):
  ward installer write-config --config FILE [--server URL] [--token TOKEN] [--state-dir DIR]
      Write {serverUrl, enrollToken} into FILE (keeping its other keys), mode 0600. With --state-dir, the token is
      not written when DIR already holds an enrolment (a reinstall or upgrade keeps the device's identity, and the
      agent, already enrolled, would never remove a new token from the file).
      WARD_SERVER_URL / WARD_ENROLL_TOKEN in the environment are used when the flags are absent
      (the Linux and macOS scripts pass the token that way so it never shows in a process list).
  ward installer purge --dir DIR
      Delete DIR (Ward's machine data: config, keys, queue, logs). DIR must end in "Ward" or "ward".
`;

export interface InstallerIo {
  out(text: string): void;
  err(text: string): void;
  env: NodeJS.ProcessEnv;
}

/** Checks the server URL: https, or http only to this machine (a collector under test). */
export function validateServerUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new Error("SERVER_URL is not a URL");
  }
  const loopback = ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname);
  if (url.protocol !== "https:" && !(url.protocol === "http:" && loopback)) {
    throw new Error("SERVER_URL must start with https:// (http:// is accepted only for localhost)");
  }
  if (url.username || url.password) throw new Error("SERVER_URL must not contain a user name or password");
  return url.toString().replace(/\/$/, "");
}

/** The token must have the shape the agent accepts (shared EnrollToken schema); its value is never echoed back. */
export function validateToken(raw: string): string {
  const token = raw.trim();
  if (!EnrollToken.safeParse(token).success)
    throw new Error("ENROLL_TOKEN is not a Ward enrolment token (wet_ and 43 characters)");
  return token;
}

function readExisting(file: string): Record<string, unknown> {
  if (!existsSync(file)) return {};
  const value: unknown = JSON.parse(readFileSync(file, "utf8").replace(/^\uFEFF/, ""));
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new Error(`${file} is not a JSON object`);
  return value as Record<string, unknown>;
}

/** The agent's record of a finished enrolment (agent/state/identity-store.ts). */
export const ENROLLMENT_FILE = "enrollment.json";

export interface WriteConfigResult {
  config: Record<string, unknown>;
  token: "written" | "unchanged" | "skipped_enrolled";
}

export function writeConfig(
  file: string,
  server: string | undefined,
  token: string | undefined,
  stateDir?: string,
): WriteConfigResult {
  const config = readExisting(file);
  if (server) config.serverUrl = validateServerUrl(server);
  let tokenOutcome: WriteConfigResult["token"] = "unchanged";
  if (token) {
    const valid = validateToken(token);
    if (stateDir && existsSync(join(stateDir, ENROLLMENT_FILE))) tokenOutcome = "skipped_enrolled";
    else {
      config.enrollToken = valid;
      tokenOutcome = "written";
    }
  }
  if (typeof config.serverUrl !== "string") throw new Error("no SERVER_URL given and none in the existing config file");
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, file);
  return { config, token: tokenOutcome };
}

/** Where `ward run` records its process id (under the machine data folder the installers pass to purge). */
export const AGENT_PID_FILE = join("state", "agent.pid");

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Whether a process is alive: signal 0 only checks (on Windows, libuv opens the process). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** On Windows a running program's file cannot be opened for writing: the service host still runs while this fails. */
function inUse(file: string): boolean {
  try {
    closeSync(openSync(file, "r+"));
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== "ENOENT";
  }
}

/**
 * Deletes DIR (Ward's machine data) once the agent has stopped. The uninstall stops the service first, but a service
 * can still be finishing its step (up to a few seconds) when this runs: Windows Installer waits for our ServiceControl
 * row, Wine's does not. So this waits, at most `waitMs`, until the agent's recorded process has exited and, on
 * Windows, until the service host beside this executable is no longer running; then it deletes, retrying while files
 * are still held. Waiting here also lets RemoveFiles, which runs next, delete the programs themselves.
 */
export async function purge(dir: string, waitMs = 30_000): Promise<void> {
  if (!/^ward$/i.test(basename(dir.replace(/[\\/]+$/, ""))))
    throw new Error(`refusing to delete ${dir}: not a Ward folder`);
  const deadline = Date.now() + waitMs;
  let pid = Number.NaN;
  try {
    pid = Number(readFileSync(join(dir, AGENT_PID_FILE), "utf8").trim());
  } catch {
    // No record: no agent ran from this folder (or an older one that did not record it).
  }
  if (Number.isInteger(pid) && pid > 0 && pid !== process.pid) {
    while (alive(pid) && Date.now() < deadline) await sleep(250);
  }
  if (process.platform === "win32") {
    const host = join(dirname(process.execPath), "ward-service.exe");
    while (inUse(host) && Date.now() < deadline) await sleep(250);
  }
  for (;;) {
    try {
      rmSync(dir, { recursive: true, force: true });
      return;
    } catch (err) {
      if (Date.now() >= deadline) throw err;
      await sleep(500);
    }
  }
}

export async function installerCommand(argv: string[], io: InstallerIo): Promise<number> {
  const [step, ...rest] = argv;
  try {
    if (step === "write-config") {
      const { values } = parseArgs({
        args: rest,
        options: {
          config: { type: "string" },
          server: { type: "string" },
          token: { type: "string" },
          "state-dir": { type: "string" },
        },
      });
      if (!values.config) throw new Error("--config FILE is required");
      const server = values.server || io.env.WARD_SERVER_URL || undefined;
      const token = values.token || io.env.WARD_ENROLL_TOKEN || undefined;
      const written = writeConfig(values.config, server, token, values["state-dir"]);
      io.err(`ward: wrote ${values.config} (server ${String(written.config.serverUrl)}, token ${written.token})\n`);
      return 0;
    }
    if (step === "purge") {
      const { values } = parseArgs({ args: rest, options: { dir: { type: "string" } } });
      if (!values.dir) throw new Error("--dir DIR is required");
      await purge(values.dir);
      return 0;
    }
    io.err(INSTALLER_USAGE);
    return 2;
  } catch (err) {
    io.err(`ward installer ${step ?? ""}: ${(err as Error).message}\n`);
    return 2;
  }
}
