// Pure: Windows lock mechanisms from parsed registry and powercfg output (machine inactivity limit, screen saver, power plan).
import type { Parsed } from "../framework/parsed.js";
import { type Mechanism, type MechanismState, mechanism } from "./facts.js";
import type { AcDc, PowerSettings } from "./parse-powercfg.js";
import { type RegQuery, type RegValue, regNumber } from "./parse-reg-query.js";

/** "Interactive logon: Machine inactivity limit" (HKLM …\Policies\System InactivityTimeoutSecs): locks every session. */
export function inactivityMechanism(q: Parsed<RegQuery>): Mechanism {
  const id = "win.reg-inactivity";
  const label = "the machine inactivity limit";
  if (!q.ok) return mechanism(id, label, "unknown", null, q.error);
  if (!q.value.found) return mechanism(id, label, "never", null, "No machine inactivity limit is set.");
  const raw = q.value.values.inactivitytimeoutsecs;
  if (!raw) return mechanism(id, label, "never", null, "No machine inactivity limit is set.");
  const secs = regNumber(raw);
  if (secs === null)
    return mechanism(id, label, "unknown", null, `InactivityTimeoutSecs has an unexpected value "${raw.data}".`);
  if (secs === 0)
    return mechanism(id, label, "never", null, "The machine inactivity limit is set to 0, which turns it off.");
  return mechanism(id, label, "locks", secs, `The machine inactivity limit locks the session after ${secs} seconds.`);
}

/**
 * The user's password-protected screen saver. Group Policy values (HKU\SID\Software\Policies\…\Control Panel\Desktop)
 * override the user's own (HKU\SID\Control Panel\Desktop) value by value. It locks only when a screen saver is chosen
 * (SCRNSAVE.EXE; choosing "(None)" deletes it), it is active, "On resume, display logon screen" is ticked
 * (ScreenSaverIsSecure=1) and the wait (ScreenSaveTimeOut, seconds) is not 0.
 */
export function screensaverMechanism(sid: string, user: Parsed<RegQuery>, policy: Parsed<RegQuery>): Mechanism {
  const label = "the screen saver";
  if (!policy.ok) return mechanism(`win.reg-desktop-policy@${sid}`, label, "unknown", null, policy.error);
  if (!user.ok) return mechanism(`win.reg-desktop@${sid}`, label, "unknown", null, user.error);
  const pol = policy.value.found ? policy.value.values : {};
  const own = user.value.found ? user.value.values : {};
  const fromPolicy = ["scrnsave.exe", "screensaveactive", "screensaverissecure", "screensavetimeout"].some(
    (k) => pol[k],
  );
  const id = fromPolicy ? `win.reg-desktop-policy@${sid}` : `win.reg-desktop@${sid}`;
  const get = (name: string): RegValue | undefined => pol[name] ?? own[name];
  const say = (state: MechanismState, seconds: number | null, detail: string) =>
    mechanism(id, fromPolicy ? "the Group Policy screen saver" : label, state, seconds, detail);

  const active = get("screensaveactive")?.data;
  if (active === "0") return say("never", null, "The screen saver is turned off.");
  const exe = get("scrnsave.exe")?.data ?? "";
  if (exe === "") return say("never", null, 'No screen saver is chosen ("(None)").');
  const secure = get("screensaverissecure")?.data;
  if (secure !== "1") {
    if (secure === undefined || secure === "0")
      return say("never", null, '"On resume, display logon screen" is not ticked.');
    return say("unknown", null, `ScreenSaverIsSecure has an unexpected value "${secure}".`);
  }
  if (active !== "1")
    return say("unknown", null, "ScreenSaveActive is not set, so Ward cannot tell whether the screen saver runs.");
  const timeout = regNumber(get("screensavetimeout"));
  if (timeout === null)
    return say("unknown", null, "The screen saver wait (ScreenSaveTimeOut) is missing or not a number.");
  if (timeout === 0) return say("never", null, "The screen saver wait is 0.");
  return say("locks", timeout, `The screen saver starts after ${timeout} seconds and asks for the password on resume.`);
}

type Source = { state: MechanismState; seconds: number | null };
/** s3: classic sleep; s0: Modern Standby; unknown: `powercfg /a` could not be read (or was not in English). */
export type SleepMode = "s3" | "s0" | "unknown";

/**
 * Power plan. On a classic (S3) PC, sleep (STANDBYIDLE) locks when "Require a password on wakeup" (CONSOLELOCK) is on
 * for that power source, and turning the display off (VIDEOIDLE) does not lock at all. On a Modern Standby (S0) PC the
 * display turning off starts standby, and the sign-in asked on return follows the "Require sign-in" choice in Settings
 * (which can add a delay Ward does not read), so both count as "maybe". A laptop can be on either source, so the
 * longer of AC (plugged in) and DC (battery) counts, and "never" on either source means the plan does not bound idle time.
 */
export function powerMechanisms(p: Parsed<PowerSettings>, mode: SleepMode): Mechanism[] {
  const where =
    mode === "s3"
      ? ""
      : mode === "s0"
        ? " (Modern Standby: the sign-in delay is not read)"
        : " (Ward could not tell which kind of sleep this PC uses)";
  const display =
    mode === "s3"
      ? mechanism(
          "win.sleep-states",
          "turning the display off",
          "never",
          null,
          "Turning the display off does not lock this PC: it has classic (S3) sleep, not Modern Standby.",
        )
      : null;
  if (!p.ok)
    return [
      mechanism("win.powercfg", "sleep", "unknown", null, p.error),
      display ?? mechanism("win.powercfg", "turning the display off", "unknown", null, p.error),
    ];
  const { standbyIdle, videoIdle, consoleLock } = p.value;
  const sleep = standbyIdle
    ? combine(perSource(standbyIdle.ac, consoleLock?.ac, mode), perSource(standbyIdle.dc, consoleLock?.dc, mode))
    : null;
  const screen = videoIdle
    ? combine(perSource(videoIdle.ac, undefined, "unknown"), perSource(videoIdle.dc, undefined, "unknown"))
    : null;
  return [
    sleep
      ? mechanism(
          "win.powercfg",
          "sleep",
          sleep.state,
          sleep.seconds,
          `${describe("Sleep", standbyIdle, consoleLock)}${where}`,
        )
      : mechanism("win.powercfg", "sleep", "unknown", null, 'powercfg did not show the "Sleep after" setting.'),
    display ??
      (screen
        ? mechanism(
            "win.powercfg",
            "turning the display off",
            screen.state,
            screen.seconds,
            `${describe("Display off", videoIdle, consoleLock)}${where}`,
          )
        : mechanism(
            "win.powercfg",
            "turning the display off",
            "unknown",
            null,
            'powercfg did not show the "Turn off display after" setting.',
          )),
  ];
}

function perSource(idle: number, lock: number | undefined, mode: SleepMode): Source {
  if (idle === 0) return { state: "never", seconds: null };
  if (mode !== "s3") return { state: "maybe", seconds: idle };
  if (lock === 0) return { state: "never", seconds: null };
  // CONSOLELOCK not shown: Windows' default is "Yes", but Ward does not assume it.
  return { state: lock === 1 ? "locks" : "maybe", seconds: idle };
}

function combine(ac: Source, dc: Source): Source {
  if (ac.state === "never" || dc.state === "never") return { state: "never", seconds: null };
  const seconds = Math.max(ac.seconds ?? 0, dc.seconds ?? 0);
  return { state: ac.state === "maybe" || dc.state === "maybe" ? "maybe" : "locks", seconds };
}

function describe(what: string, idle: AcDc | null, lock: AcDc | null): string {
  const t = idle ? `after ${idle.ac} s plugged in, ${idle.dc} s on battery (0 = never)` : "unknown";
  const l = lock
    ? `password on wake ${lock.ac === 1 ? "on" : "off"} plugged in, ${lock.dc === 1 ? "on" : "off"} on battery`
    : "password on wake not shown";
  return `${what} ${t}; ${l}.`;
}
