// The screen-lock facts: every mechanism that can lock an idle session, per signed-in user, with explicit unknowns.
import type { OsPlatform } from "../../../shared/schemas/control.js";

/**
 * locks: known to ask for a password after `seconds` idle. never: known not to (off, or set to "never").
 * maybe: would ask after `seconds`, but Ward cannot tell whether it locks at all on this machine.
 * unknown: Ward could not read it (`detail` says why).
 */
export type MechanismState = "locks" | "never" | "maybe" | "unknown";

export type Mechanism = {
  /** The probe it is read from, with its qualifier: "win.reg-inactivity", "linux.gsettings@alice". */
  id: string;
  /** Plain-English name for the summary: "the screen saver", "display sleep". */
  label: string;
  state: MechanismState;
  /** Idle seconds until a password is needed ("locks", "maybe"); null otherwise. */
  seconds: number | null;
  /** What Ward read, or why it could not tell. */
  detail: string;
};

export type UserLock = { user: string; mechanisms: Mechanism[] };

/** found: signed-in users listed in `users`; none: nobody is signed in to a graphical session; unknown: cannot tell. */
export type SessionState = "found" | "none" | "unknown";

export type ScreenLockFacts = {
  os: OsPlatform;
  sessions: SessionState;
  sessionDetail: string;
  /** Mechanisms that apply to every session (Windows machine inactivity limit and power plan). */
  machine: Mechanism[];
  users: UserLock[];
};

export const mechanism = (
  id: string,
  label: string,
  state: MechanismState,
  seconds: number | null,
  detail: string,
): Mechanism => ({ id, label, state, seconds, detail });
