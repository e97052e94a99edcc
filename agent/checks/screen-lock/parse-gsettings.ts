// Pure parser for `gsettings list-recursively` run in the user's session: GNOME's idle and lock settings.
import { type Parsed, parsed, unparsed } from "../framework/parsed.js";

export type GnomeLock = {
  /** org.gnome.desktop.session idle-delay: seconds of inactivity before the screen blanks; 0 = never. */
  idleDelay: number;
  /** org.gnome.desktop.screensaver lock-enabled: lock when the screen blanks. */
  lockEnabled: boolean;
  /** org.gnome.desktop.screensaver lock-delay: seconds after blanking before the lock (and password) applies. */
  lockDelay: number;
  /** org.gnome.desktop.lockdown disable-lock-screen: when true, the screen never locks. */
  lockScreenDisabled: boolean;
};

/**
 * Lines are "SCHEMA KEY VALUE": "org.gnome.desktop.session idle-delay uint32 300",
 * "org.gnome.desktop.screensaver lock-enabled true". Schema and key names are not translated. When GNOME's schemas
 * are not installed the keys are absent and the output is not understood (the user's desktop is not GNOME).
 */
export function parseGsettings(text: string): Parsed<GnomeLock> {
  const get = (schema: string, key: string): string | undefined => {
    const re = new RegExp(`^${schema.replace(/\./g, "\\.")} ${key} (.+)$`, "m");
    return re.exec(text)?.[1]?.trim();
  };
  const idle = uint(get("org.gnome.desktop.session", "idle-delay"));
  const enabled = bool(get("org.gnome.desktop.screensaver", "lock-enabled"));
  const delay = uint(get("org.gnome.desktop.screensaver", "lock-delay"));
  const disabled = bool(get("org.gnome.desktop.lockdown", "disable-lock-screen"));
  if (idle === null || enabled === null || delay === null || disabled === null) {
    return unparsed("gsettings did not list GNOME's idle-delay, lock-enabled, lock-delay and disable-lock-screen keys");
  }
  return parsed({ idleDelay: idle, lockEnabled: enabled, lockDelay: delay, lockScreenDisabled: disabled });
}

function uint(v: string | undefined): number | null {
  const m = v === undefined ? null : /^(?:uint32 )?(\d{1,10})$/.exec(v);
  return m?.[1] ? Number.parseInt(m[1], 10) : null;
}

function bool(v: string | undefined): boolean | null {
  return v === "true" ? true : v === "false" ? false : null;
}
