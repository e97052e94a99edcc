// Pure: macOS lock mechanisms for the console user (screen saver and display/system sleep, each plus the password delay).
import type { Parsed } from "../framework/parsed.js";
import { type Mechanism, mechanism } from "./facts.js";
import { type DefaultsDomain, defaultsInt } from "./parse-defaults.js";
import type { PmsetTimer, PmsetTimers } from "./parse-pmset.js";
import type { ScreenLockPassword } from "./parse-sysadminctl.js";

export type MacReadings = {
  user: string;
  password: Parsed<ScreenLockPassword>;
  /** `defaults -currentHost read com.apple.screensaver` as the user. */
  screensaver: Parsed<DefaultsDomain>;
  /** MDM values: /Library/Managed Preferences (device) and /Library/Managed Preferences/<user>. */
  managedDevice: Parsed<DefaultsDomain>;
  managedUser: Parsed<DefaultsDomain>;
  pmset: Parsed<PmsetTimers>;
};

/**
 * macOS asks for the password "after the screen saver begins or the display is turned off", after the delay that
 * `sysadminctl -screenLock status` reports. So each idle timer (screen saver idleTime; pmset displaysleep and sleep)
 * is a mechanism whose time is the timer plus that delay. A managed idleTime (MDM profile) overrides the user's.
 */
export function macMechanisms(r: MacReadings): Mechanism[] {
  const ssId = "mac.screensaver";
  const pmId = "mac.pmset";
  if (!r.password.ok) {
    const why = `Ward could not read whether a password is asked: ${r.password.error}`;
    return [
      mechanism(ssId, "the screen saver", "unknown", null, why),
      mechanism(pmId, "display sleep", "unknown", null, why),
    ];
  }
  if (!r.password.value.required) {
    const why = 'No password is asked after sleep or the screen saver ("screenLock is off").';
    return [
      mechanism(ssId, "the screen saver", "never", null, why),
      mechanism(pmId, "display sleep", "never", null, why),
    ];
  }
  const delay = r.password.value.delaySeconds;
  return [screensaver(r, delay), ...pmset(r.pmset, delay)];
}

function screensaver(r: MacReadings, delay: number): Mechanism {
  const label = "the screen saver";
  for (const [id, read] of [
    [`mac.managed-screensaver@${r.user}`, r.managedUser],
    ["mac.managed-screensaver", r.managedDevice],
  ] as const) {
    if (!read.ok)
      return mechanism(
        id,
        label,
        "unknown",
        null,
        `Ward could not read the managed screen saver settings: ${read.error}`,
      );
    const idle = defaultsInt(read.value, "idleTime");
    if (idle !== null) return fromIdle(id, "your organisation's screen saver profile", idle, delay);
  }
  const id = "mac.screensaver";
  if (!r.screensaver.ok) return mechanism(id, label, "unknown", null, r.screensaver.error);
  const idle = defaultsInt(r.screensaver.value, "idleTime");
  if (idle === null) {
    return mechanism(
      id,
      label,
      "unknown",
      null,
      "The screen saver start time (idleTime) is not set, and Ward does not assume macOS's default.",
    );
  }
  return fromIdle(id, label, idle, delay);
}

function fromIdle(id: string, label: string, idle: number, delay: number): Mechanism {
  if (idle === 0) return mechanism(id, label, "never", null, "The screen saver is set to never start.");
  return mechanism(
    id,
    label,
    "locks",
    idle + delay,
    `The screen saver starts after ${idle} seconds; the password is asked ${delay} seconds later.`,
  );
}

function pmset(p: Parsed<PmsetTimers>, delay: number): Mechanism[] {
  if (!p.ok) return [mechanism("mac.pmset", "display sleep", "unknown", null, p.error)];
  return [
    timer("display sleep", "The display sleeps", p.value.displaySleep, delay),
    timer("sleep", "The Mac sleeps", p.value.sleep, delay),
  ];
}

/** One pmset timer: locks after its minutes plus the password delay; "maybe" while an app prevents it right now. */
function timer(label: string, what: string, t: PmsetTimer | null, delay: number): Mechanism {
  const id = "mac.pmset";
  if (t === null) return mechanism(id, label, "unknown", null, `pmset did not show the ${label} timer.`);
  if (t.minutes === 0) return mechanism(id, label, "never", null, `${what} never.`);
  const seconds = t.minutes * 60 + delay;
  if (t.prevented) {
    return mechanism(
      id,
      label,
      "maybe",
      seconds,
      `${what} after ${t.minutes} minutes, but an app is preventing it right now; the password is asked ${delay} seconds later.`,
    );
  }
  return mechanism(
    id,
    label,
    "locks",
    seconds,
    `${what} after ${t.minutes} minutes; the password is asked ${delay} seconds later.`,
  );
}
