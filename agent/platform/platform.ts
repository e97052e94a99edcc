// The only door to the operating system: commands (argument arrays, no shell), file reads, the logged-in users.
import type { OsPlatform } from "../../shared/schemas/control.js";

/** A user whose session settings matter (screen lock is per user): the logged-in console users. */
export interface SessionUser {
  name: string;
  /** POSIX uid; on Windows, the SID. */
  id: string;
}

export interface ExecOptions {
  /** Hard limit; the process is killed when it passes. */
  timeoutMs: number;
  /** Run as this logged-in user, inside their session (Linux: runuser + their D-Bus; macOS: launchctl asuser). */
  asUser?: SessionUser;
  env?: Record<string, string>;
}

export interface ExecResult {
  /** Decoded text (UTF-8, or UTF-16LE when the tool wrote a BOM or UTF-16 text). */
  stdout: string;
  stderr: string;
  /** null when killed or not started. */
  exitCode: number | null;
  timedOut: boolean;
  /** Set when the command could not be started at all (ENOENT: not installed). */
  spawnError?: string;
}

export interface Platform {
  readonly os: OsPlatform;
  exec(file: string, args: readonly string[], options: ExecOptions): Promise<ExecResult>;
  /**
   * File contents as text, or null when the file does not exist. Throws on other errors (permission). With
   * `userHome`, the file is in a user's home and hostile: see readUserFile.
   */
  readFile(path: string, options?: { userHome: string }): Promise<string | null>;
  /** Names in a directory, or null when it does not exist. */
  listDir(path: string): Promise<string[] | null>;
  /**
   * Starts a command that keeps running and reads its output as it comes (an event monitor such as `udevadm
   * monitor`). onExit is called once, with why it ended. Absent where the platform cannot (tests, replay).
   */
  stream?(
    file: string,
    args: readonly string[],
    on: { data(text: string): void; exit(reason: string): void },
  ): { stop(): void };
}
