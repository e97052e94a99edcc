// The real operating system: execFile with argument arrays and a timeout (never a shell), file and directory reads.
import { execFile, spawn } from "node:child_process";
import { readdir, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import type { OsPlatform } from "../../shared/schemas/control.js";
import { decodeToolOutput } from "./decode.js";
import { readUserFile } from "./user-file.js";
import type { ExecOptions, ExecResult, Platform } from "./platform.js";
import { encodedHostCommand } from "./powershell/host-script.js";
import { PowerShellHost, type PowerShellHostOptions } from "./powershell/host.js";
import { powershellScriptOf } from "./powershell/route.js";

const MAX_OUTPUT_BYTES = 8 * 1024 * 1024;

export function currentOs(): OsPlatform | null {
  switch (process.platform) {
    case "win32":
      return "windows";
    case "darwin":
      return "macos";
    case "linux":
      return "linux";
    default:
      return null;
  }
}

export interface NodePlatformOptions {
  /** How the Windows PowerShell host is started (tests give a stand-in); null runs every script as its own process. */
  powershellHost?: PowerShellHostOptions | null;
}

/**
 * On Windows every PowerShell probe of a cycle (and the watch) runs in one long-lived powershell.exe started with
 * `-EncodedCommand <host script>` (powershell/host-script.ts) instead of one process per probe, each of which costs
 * about a second of CPU on an old laptop. If the host dies without answering, the script runs on its own as before.
 */
export function createNodePlatform(os: OsPlatform, o: NodePlatformOptions = {}): Platform {
  const hostOptions =
    o.powershellHost === undefined
      ? os === "windows"
        ? {
            command: "powershell.exe",
            args: [
              "-NoProfile",
              "-NonInteractive",
              "-ExecutionPolicy",
              "Bypass",
              "-EncodedCommand",
              encodedHostCommand(),
            ],
          }
        : null
      : o.powershellHost;
  const host = hostOptions ? new PowerShellHost(hostOptions) : null;
  return {
    os,
    exec: async (file, args, options) => {
      const script = host && !options.asUser ? powershellScriptOf(file, args) : null;
      if (host && script !== null) {
        const res = await host.run(script, options.timeoutMs);
        if (!res.hostFailed) return res;
      }
      const [cmd, argv] = wrapForUser(os, file, args, options);
      return run(cmd, argv, options);
    },
    readFile: async (path, opts) => {
      try {
        return decodeToolOutput(opts ? await readUserFile(path, opts.userHome) : await readFile(path));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
        throw err;
      }
    },
    stream: (file, args, on) => {
      const child = spawn(file, [...args], {
        stdio: ["ignore", "pipe", "ignore"],
        windowsHide: true,
        // Not the service's folder: on Windows a process working in Program Files\Ward keeps an uninstall from
        // removing it.
        cwd: tmpdir(),
        env: { ...process.env, LC_ALL: "C", LANG: "C" },
      });
      let ended = false;
      const end = (reason: string) => {
        if (ended) return;
        ended = true;
        on.exit(reason);
      };
      child.stdout.setEncoding("utf8");
      child.stdout.on("data", (text: string) => on.data(text));
      child.on("error", (err: NodeJS.ErrnoException) => end(`${file} could not start (${err.code ?? err.message})`));
      child.on("close", (code, signal) => end(`${file} ended (${signal ?? `exit code ${code}`})`));
      // A monitor must never keep the agent from exiting.
      child.unref();
      (child.stdout as unknown as { unref?: () => void }).unref?.();
      return {
        stop: () => {
          ended = true;
          if (child.exitCode === null && child.signalCode === null) child.kill();
        },
      };
    },
    listDir: async (path) => {
      try {
        return await readdir(path);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
        throw err;
      }
    },
  };
}

/**
 * Per-user settings must be read inside the user's session, not the service account's:
 * Linux `runuser -u NAME -- env DBUS_SESSION_BUS_ADDRESS=… XDG_RUNTIME_DIR=… FILE ARGS` (gsettings talks to the
 * user's dconf over their session bus); macOS `launchctl asuser UID sudo -u NAME FILE ARGS` (the console user's
 * bootstrap namespace, as Kolide's launcher does). Windows per-user settings are read through HKU\<SID> instead.
 */
function wrapForUser(os: OsPlatform, file: string, args: readonly string[], options: ExecOptions): [string, string[]] {
  const user = options.asUser;
  if (!user || os === "windows" || String(process.getuid?.()) === user.id) return [file, [...args]];
  if (os === "linux") {
    const runtime = `/run/user/${user.id}`;
    return [
      "runuser",
      [
        "-u",
        user.name,
        "--",
        "env",
        `DBUS_SESSION_BUS_ADDRESS=unix:path=${runtime}/bus`,
        `XDG_RUNTIME_DIR=${runtime}`,
        file,
        ...args,
      ],
    ];
  }
  return ["launchctl", ["asuser", user.id, "sudo", "-u", user.name, file, ...args]];
}

function run(file: string, args: string[], options: ExecOptions): Promise<ExecResult> {
  return new Promise((resolve) => {
    const child = execFile(
      file,
      args,
      {
        encoding: "buffer",
        timeout: options.timeoutMs,
        killSignal: "SIGKILL",
        maxBuffer: MAX_OUTPUT_BYTES,
        windowsHide: true,
        env: { ...process.env, LC_ALL: "C", LANG: "C", ...options.env },
      },
      (error, stdout, stderr) => {
        const err = error as (NodeJS.ErrnoException & { killed?: boolean; code?: unknown }) | null;
        const spawnFailed =
          err !== null && typeof err.code === "string" && err.code !== "ERR_CHILD_PROCESS_STDIO_MAXBUFFER";
        resolve({
          stdout: decodeToolOutput(stdout),
          stderr: decodeToolOutput(stderr),
          exitCode: child.exitCode,
          timedOut: err?.killed === true && child.exitCode === null,
          ...(spawnFailed ? { spawnError: `${err.code}: ${err.message}` } : {}),
        });
      },
    );
    child.stdin?.end();
  });
}
