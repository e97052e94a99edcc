// Where the agent keeps its config, state and logs on each OS (ProgramData resolved through the known-folder API).
import { join } from "node:path";
import type { OsPlatform } from "../../shared/schemas/control.js";
import type { Platform } from "../platform/platform.js";

export interface AgentPaths {
  configFile: string;
  stateDir: string;
  logDir: string;
}

/**
 * Windows: %ProgramData% is asked of the shell's known-folder API through .NET's
 * [Environment]::GetFolderPath('CommonApplicationData') (FOLDERID_ProgramData), never read from an environment
 * variable, which a user can change. It prints one line such as "C:\ProgramData".
 */
/** Prints %ProgramData% from the known-folder API (exported so CI parses it with every other PowerShell script). */
export const PROGRAM_DATA_SCRIPT = "[Environment]::GetFolderPath('CommonApplicationData')";

export async function defaultAgentPaths(os: OsPlatform, platform: Platform): Promise<AgentPaths> {
  switch (os) {
    case "linux":
      return { configFile: "/etc/ward/agent.json", stateDir: "/var/lib/ward", logDir: "/var/log/ward" };
    case "macos":
      return {
        configFile: "/Library/Application Support/Ward/agent.json",
        stateDir: "/Library/Application Support/Ward/state",
        logDir: "/Library/Logs/Ward",
      };
    case "windows": {
      const res = await platform.exec(
        "powershell.exe",
        ["-NoProfile", "-NonInteractive", "-Command", PROGRAM_DATA_SCRIPT],
        { timeoutMs: 15_000 },
      );
      const programData = res.stdout.trim();
      if (res.exitCode !== 0 || !/^[A-Za-z]:\\/.test(programData)) {
        throw new Error(`cannot resolve the ProgramData folder (exit ${res.exitCode}): ${res.stderr.trim()}`);
      }
      const base = join(programData, "Ward");
      return { configFile: join(base, "agent.json"), stateDir: join(base, "state"), logDir: join(base, "logs") };
    }
  }
}

/** The paths to use: those the caller passed (services pass all three, so no PowerShell starts), else the OS's. */
export async function agentPathsFor(
  os: OsPlatform,
  platform: Platform,
  given: { config?: string | undefined; stateDir?: string | undefined; logDir?: string | undefined },
): Promise<AgentPaths> {
  if (given.config && given.stateDir && given.logDir) {
    return { configFile: given.config, stateDir: given.stateDir, logDir: given.logDir };
  }
  return defaultAgentPaths(os, platform);
}
