// Windows probes: who is signed in (loaded user hives), the machine inactivity limit, each user's screen saver, the power plan.
import type { ProbeDefinition } from "../framework/probe.js";

const SYSTEM_POLICIES = "HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System";

/** A user SID as found under HKEY_USERS; anything else is refused before it reaches a command line. */
export function checkSid(q: string | undefined): string {
  if (q === undefined || !/^S-1-(5-21|12-1)(-\d{1,10}){1,8}$/.test(q))
    throw new Error(`not a user SID: ${String(q).slice(0, 80)}`);
  return q;
}

export const winUserSids: ProbeDefinition = {
  id: "win.user-sids",
  os: "windows",
  description:
    "Loaded user hives: one HKEY_USERS\\S-1-5-21-… (or Entra ID S-1-12-1-…) line per signed-in user (the …_Classes twins and the service accounts S-1-5-18/19/20 and .DEFAULT are not users).",
  spec: () => ({ kind: "exec", file: "reg", args: ["query", "HKU"], timeoutMs: 10_000 }),
};

export const winRegInactivity: ProbeDefinition = {
  id: "win.reg-inactivity",
  os: "windows",
  description: "Interactive logon: Machine inactivity limit, seconds (REG_DWORD); absent or 0 means no limit.",
  // Exit 1 with "ERROR: … unable to find …" on stderr means the value is not set.
  spec: () => ({
    kind: "exec",
    file: "reg",
    args: ["query", SYSTEM_POLICIES, "/v", "InactivityTimeoutSecs"],
    okExitCodes: [0, 1],
    timeoutMs: 10_000,
  }),
};

export const winRegDesktop: ProbeDefinition = {
  id: "win.reg-desktop",
  os: "windows",
  description:
    "The user's own screen saver: SCRNSAVE.EXE, ScreenSaveActive, ScreenSaverIsSecure, ScreenSaveTimeOut (seconds).",
  spec: (q) => ({
    kind: "exec",
    file: "reg",
    args: ["query", `HKU\\${checkSid(q)}\\Control Panel\\Desktop`],
    okExitCodes: [0, 1],
    timeoutMs: 10_000,
  }),
};

export const winRegDesktopPolicy: ProbeDefinition = {
  id: "win.reg-desktop-policy",
  os: "windows",
  description: "The same screen saver values set by Group Policy; each one present overrides the user's own.",
  spec: (q) => ({
    kind: "exec",
    file: "reg",
    args: ["query", `HKU\\${checkSid(q)}\\Software\\Policies\\Microsoft\\Windows\\Control Panel\\Desktop`],
    okExitCodes: [0, 1],
    timeoutMs: 10_000,
  }),
};

export const winPowercfg: ProbeDefinition = {
  id: "win.powercfg",
  os: "windows",
  description:
    "The active power plan with hidden settings (/qh; /query hides CONSOLELOCK): Turn off display after (VIDEOIDLE), Sleep after (STANDBYIDLE), Require a password on wakeup (CONSOLELOCK), AC and DC. Labels are localised; Ward reads by GUID.",
  spec: () => ({ kind: "exec", file: "powercfg", args: ["/qh", "SCHEME_CURRENT"], timeoutMs: 15_000 }),
};

export const winSleepStates: ProbeDefinition = {
  id: "win.sleep-states",
  os: "windows",
  description:
    "Available sleep states. With Modern Standby (S0 Low Power Idle) turning the screen off puts the PC to sleep; with S3 it does not. English headings only.",
  spec: () => ({ kind: "exec", file: "powercfg", args: ["/a"], timeoutMs: 15_000 }),
};

export const windowsProbes: readonly ProbeDefinition[] = [
  winUserSids,
  winRegInactivity,
  winRegDesktop,
  winRegDesktopPolicy,
  winPowercfg,
  winSleepStates,
];
