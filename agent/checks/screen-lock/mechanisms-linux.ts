// Pure: Linux lock mechanisms for one graphical user (GNOME gsettings or KDE kscreenlockerrc).
import type { Parsed } from "../framework/parsed.js";
import { type Mechanism, mechanism } from "./facts.js";
import type { GnomeLock } from "./parse-gsettings.js";
import type { KdeLock } from "./parse-kscreenlockerrc.js";

/** GNOME blanks the screen after idle-delay and locks lock-delay seconds later, unless locking is off or disabled. */
export function gnomeMechanism(user: string, p: Parsed<GnomeLock>): Mechanism {
  const id = `linux.gsettings@${user}`;
  const label = "GNOME's screen lock";
  if (!p.ok) return mechanism(id, label, "unknown", null, p.error);
  const g = p.value;
  if (g.lockScreenDisabled)
    return mechanism(id, label, "never", null, "Screen locking is disabled (org.gnome.desktop.lockdown).");
  if (!g.lockEnabled) return mechanism(id, label, "never", null, "Automatic screen lock is off.");
  if (g.idleDelay === 0) return mechanism(id, label, "never", null, "The screen is set never to blank.");
  return mechanism(
    id,
    label,
    "locks",
    g.idleDelay + g.lockDelay,
    `The screen blanks after ${g.idleDelay} seconds and locks ${g.lockDelay} seconds later.`,
  );
}

/** KDE locks after Timeout minutes and asks for the password once the LockGrace seconds have passed. */
export function kdeMechanism(user: string, p: Parsed<KdeLock>): Mechanism {
  const id = `linux.kscreenlockerrc@${user}`;
  const label = "KDE's screen locker";
  if (!p.ok) return mechanism(id, label, "unknown", null, p.error);
  const k = p.value;
  if (!k.autolock) return mechanism(id, label, "never", null, '"Lock screen automatically" is off.');
  if (!k.requirePassword) return mechanism(id, label, "never", null, "The lock screen does not ask for a password.");
  if (k.timeoutMinutes <= 0) return mechanism(id, label, "never", null, "The lock timeout is 0 (never).");
  const seconds = Math.round(k.timeoutMinutes * 60 + k.lockGraceSeconds);
  const how = k.explicitKeys.length === 0 ? " (KDE's defaults)" : "";
  return mechanism(
    id,
    label,
    "locks",
    seconds,
    `The screen locks after ${k.timeoutMinutes} minutes, with a ${k.lockGraceSeconds}-second grace${how}.`,
  );
}

/** Desktops whose screen locker Ward does not read (Xfce, Cinnamon, Sway…): unknown, never a guess. */
export function unsupportedDesktop(user: string, desktop: string): Mechanism {
  const name = desktop === "" ? "an unnamed desktop" : `the "${desktop.slice(0, 40)}" desktop`;
  return mechanism(
    `linux.session@${user}`,
    "the desktop's screen lock",
    "unknown",
    null,
    `Ward does not yet read screen lock settings for ${name}.`,
  );
}
