// Linux probes: logind sessions, running display servers (startx; no logind), GNOME gsettings, KDE kscreenlockerrc.
import type { ProbeDefinition } from "../framework/probe.js";

/** A POSIX user name as loginctl prints it; anything else is refused before it reaches a command or a path. */
export function checkLinuxUser(q: string | undefined): string {
  if (q === undefined || !/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,31}$/.test(q))
    throw new Error(`not a user name: ${String(q).slice(0, 80)}`);
  return q;
}

export const linuxSessions: ProbeDefinition = {
  id: "linux.sessions",
  os: "linux",
  description: "Login sessions: SESSION UID USER SEAT … per line. Fails where systemd-logind is not running.",
  spec: () => ({ kind: "exec", file: "loginctl", args: ["list-sessions", "--no-legend"], timeoutMs: 10_000 }),
};

export const linuxSession: ProbeDefinition = {
  id: "linux.session",
  os: "linux",
  description:
    "One session's owner (Name, User = uid) and kind: Type (x11, wayland, tty), Class (user, greeter), Desktop (GNOME, KDE…).",
  spec: (q) => {
    if (q === undefined || !/^[A-Za-z0-9]{1,32}$/.test(q))
      throw new Error(`not a session id: ${String(q).slice(0, 80)}`);
    const props = ["Name", "User", "Type", "Class", "Active", "Remote", "Desktop", "State"].flatMap((p) => ["-p", p]);
    return { kind: "exec", file: "loginctl", args: ["show-session", q, ...props], timeoutMs: 10_000 };
  },
};

export const linuxDisplayProcesses: ProbeDefinition = {
  id: "linux.display-processes",
  os: "linux",
  description:
    "Process names and user ids, read when logind shows no graphical session: is an X server, Wayland compositor or desktop shell running (startx), and as whom?",
  spec: () => ({ kind: "exec", file: "ps", args: ["-e", "-o", "uid,comm"], timeoutMs: 10_000 }),
};

export const linuxGsettings: ProbeDefinition = {
  id: "linux.gsettings",
  os: "linux",
  description: "GNOME settings as the user sees them: idle-delay, lock-enabled, lock-delay, disable-lock-screen.",
  spec: (_q, user) => ({
    kind: "exec",
    file: "gsettings",
    args: ["list-recursively"],
    ...(user ? { asUser: user } : {}),
    timeoutMs: 10_000,
  }),
};

export const linuxKscreenlockerrc: ProbeDefinition = {
  id: "linux.kscreenlockerrc",
  os: "linux",
  description:
    "KDE's screen locker settings: [Daemon] Autolock, Timeout (minutes), LockGrace (seconds); absent keys take KDE's defaults.",
  spec: (q) => ({
    kind: "file",
    path: `/home/${checkLinuxUser(q)}/.config/kscreenlockerrc`,
    userHome: `/home/${checkLinuxUser(q)}`,
  }),
};

export const linuxProbes: readonly ProbeDefinition[] = [
  linuxSessions,
  linuxSession,
  linuxDisplayProcesses,
  linuxGsettings,
  linuxKscreenlockerrc,
];
