// Screen lock: the longest an idle session stays unlocked, from every mechanism that locks, the shortest winning.
import { z } from "zod";
import { OsPlatform } from "../schemas/control.js";
import { describeControl } from "./control-description.js";

/**
 * locks: known to ask for a password after `seconds` idle. never: known not to (off, or set to "never").
 * maybe: would ask after `seconds`, but Ward cannot tell whether it locks at all on this machine.
 * unknown: Ward could not read it (`detail` says why).
 */
export const LockMechanismState = z.enum(["locks", "never", "maybe", "unknown"]);

export const LockMechanism = z.object({
  /** The probe it is read from, with its qualifier: "win.reg-inactivity", "linux.gsettings@alice". */
  id: z.string(),
  /** Plain-English name for the summary: "the screen saver", "display sleep". */
  label: z.string(),
  state: LockMechanismState,
  /** Idle seconds until a password is needed ("locks", "maybe"); null otherwise. */
  seconds: z.number().nullable(),
  /** What Ward read, or why it could not tell. */
  detail: z.string(),
});

export const UserLock = z.object({ user: z.string(), mechanisms: z.array(LockMechanism) });

/** found: signed-in users listed in `users`; none: nobody is signed in to a graphical session; unknown: cannot tell. */
export const SessionState = z.enum(["found", "none", "unknown"]);

/** What the agent collects; the reported facts add the verdict's numbers. */
export const ScreenLockCollected = z.object({
  os: OsPlatform,
  sessions: SessionState,
  sessionDetail: z.string(),
  /** Mechanisms that apply to every session (Windows machine inactivity limit and power plan). */
  machine: z.array(LockMechanism),
  users: z.array(UserLock),
});

export const ScreenLockFacts = ScreenLockCollected.extend({
  /** The policy's limit the verdict used. */
  limitMinutes: z.number(),
  /** Minutes idle until a password is needed, for the worst signed-in user; null when not known. */
  effectiveMinutes: z.number().nullable(),
  /** The mechanism id that sets `effectiveMinutes`. */
  setBy: z.string().nullable(),
  perUser: z
    .array(
      z.object({
        user: z.string(),
        result: z.enum(["pass", "fail", "unknown"]),
        effectiveMinutes: z.number().nullable(),
        setBy: z.string().nullable(),
        unknownMechanisms: z.array(z.string()),
      }),
    )
    .optional(),
});
export type ScreenLockFacts = z.infer<typeof ScreenLockFacts>;

export const screenLock = describeControl({
  id: "screen-lock",
  title: "Screen lock",
  shortTitle: "Screen lock",
  plainName: "screen lock",
  facts: ScreenLockFacts,
  states: {
    fail: {
      why: "Someone passing an unattended laptop could use it while it is unlocked.",
      remediation: [
        "Ask the laptop's user to set the screen to lock with a password after no more than the council's limit of idle time (Windows: Settings > Accounts > Sign-in options; Mac: System Settings > Lock Screen).",
      ],
    },
    unknown: {
      why: "Until Ward can read the lock settings, nobody can show that this laptop locks when left unattended.",
      remediation: ["Ask your IT provider to look at this laptop's Ward report and check its screen lock by hand."],
    },
  },
  alerts: {
    timing: "after-grace",
    kinds: [{ kind: "failing", headline: "The screen lock is set longer than the policy allows" }],
  },
});
