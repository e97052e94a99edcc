// Pure parser for KDE's ~/.config/kscreenlockerrc: when the screen locks, with KDE's own defaults for absent keys.
import { type Parsed, parsed, unparsed } from "../framework/parsed.js";

export type KdeLock = {
  /** [Daemon] Autolock: lock after Timeout minutes idle (default true). */
  autolock: boolean;
  /** [Daemon] Timeout: minutes of inactivity before locking (default 5). */
  timeoutMinutes: number;
  /** [Daemon] LockGrace: seconds after locking during which no password is asked (default 5). */
  lockGraceSeconds: number;
  /** [Daemon] RequirePassword (default true). */
  requirePassword: boolean;
  /** Keys present in the file (the rest are KDE's defaults). */
  explicitKeys: string[];
};

/**
 * Defaults are KDE's, from kscreenlocker's settings/kscreenlockersettings.kcfg: Autolock=true, Timeout=5 (minutes),
 * LockGrace=5 (seconds), RequirePassword=true. KDE writes only the keys a user changed, so a file without a [Daemon]
 * group means every default applies. Keys may carry KDE's "[$i]" (locked by the administrator) marker.
 */
export function parseKscreenlockerrc(text: string): Parsed<KdeLock> {
  const daemon: Record<string, string> = {};
  let group = "";
  let sawGroup = false;
  let lineNo = 0;
  for (const raw of text.split(/\r?\n/)) {
    lineNo++;
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    if (line.startsWith("[")) {
      sawGroup = true;
      group = line;
      continue;
    }
    const m = /^([^=[\]]+?)(?:\[[^\]]*\])?\s*=\s*(.*)$/.exec(line);
    if (!m?.[1])
      if (!m?.[1])
        // The file is the user's: its content is never quoted (it could be another file's, through a link).
        return unparsed(`kscreenlockerrc has a line Ward does not recognise (line ${lineNo})`);
    if (group === "[Daemon]") daemon[m[1].trim()] = (m[2] ?? "").trim();
  }
  if (!sawGroup) return unparsed("kscreenlockerrc has no [group] at all");
  const autolock = boolOr(daemon.Autolock, true);
  const requirePassword = boolOr(daemon.RequirePassword, true);
  const timeoutMinutes = numberOr(daemon.Timeout, 5);
  const lockGraceSeconds = numberOr(daemon.LockGrace, 5);
  if (autolock === null || requirePassword === null || timeoutMinutes === null || lockGraceSeconds === null) {
    return unparsed("kscreenlockerrc [Daemon] has a value Ward does not understand");
  }
  return parsed({ autolock, timeoutMinutes, lockGraceSeconds, requirePassword, explicitKeys: Object.keys(daemon) });
}

function boolOr(v: string | undefined, fallback: boolean): boolean | null {
  if (v === undefined) return fallback;
  return v === "true" ? true : v === "false" ? false : null;
}

function numberOr(v: string | undefined, fallback: number): number | null {
  if (v === undefined) return fallback;
  return /^\d{1,6}(\.\d+)?$/.test(v) ? Number.parseFloat(v) : null;
}
