// macOS probes: the console user, their password-after-lock setting and screen saver, MDM-managed values, power timers.
import type { ProbeDefinition } from "../framework/probe.js";

/** A macOS short user name; anything else is refused before it reaches a path. */
export function checkMacUser(q: string | undefined): string {
  if (q === undefined || !/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$/.test(q))
    throw new Error(`not a user name: ${String(q).slice(0, 80)}`);
  return q;
}

export const macConsoleUser: ProbeDefinition = {
  id: "mac.console-user",
  os: "macos",
  description: "Owner of the console: the signed-in user's short name, or root at the login window.",
  spec: () => ({ kind: "exec", file: "stat", args: ["-f", "%Su", "/dev/console"], timeoutMs: 5_000 }),
};

export const macConsoleUid: ProbeDefinition = {
  id: "mac.console-uid",
  os: "macos",
  description: "The console owner's uid, to run the per-user probes in that user's session.",
  spec: () => ({ kind: "exec", file: "stat", args: ["-f", "%u", "/dev/console"], timeoutMs: 5_000 }),
};

export const macSysadminctl: ProbeDefinition = {
  id: "mac.sysadminctl-screenlock",
  os: "macos",
  description:
    "Whether a password is asked after sleep or the screen saver, and after what delay. Answers on stderr; as root outside the user's session it cannot tell.",
  spec: (_q, user) => ({
    kind: "exec",
    file: "sysadminctl",
    args: ["-screenLock", "status"],
    stream: "stderr",
    ...(user ? { asUser: user } : {}),
    timeoutMs: 10_000,
  }),
};

export const macScreensaver: ProbeDefinition = {
  id: "mac.screensaver",
  os: "macos",
  description: "The user's screen saver start time, idleTime (seconds; 0 = never).",
  spec: (_q, user) => ({
    kind: "exec",
    file: "defaults",
    args: ["-currentHost", "read", "com.apple.screensaver"],
    okExitCodes: [0, 1],
    ...(user ? { asUser: user } : {}),
    timeoutMs: 10_000,
  }),
};

export const macManagedScreensaver: ProbeDefinition = {
  id: "mac.managed-screensaver",
  os: "macos",
  description:
    "Screen saver values installed by an MDM profile (device-wide, or for one user); they override the user's.",
  spec: (q) => ({
    kind: "exec",
    file: "defaults",
    args: [
      "read",
      q === undefined
        ? "/Library/Managed Preferences/com.apple.screensaver"
        : `/Library/Managed Preferences/${checkMacUser(q)}/com.apple.screensaver`,
    ],
    okExitCodes: [0, 1],
    timeoutMs: 10_000,
  }),
};

export const macPmset: ProbeDefinition = {
  id: "mac.pmset",
  os: "macos",
  description: "Power timers in use: displaysleep and sleep, minutes (0 = never).",
  spec: () => ({ kind: "exec", file: "pmset", args: ["-g"], timeoutMs: 10_000 }),
};

export const macosProbes: readonly ProbeDefinition[] = [
  macConsoleUser,
  macConsoleUid,
  macSysadminctl,
  macScreensaver,
  macManagedScreensaver,
  macPmset,
];
