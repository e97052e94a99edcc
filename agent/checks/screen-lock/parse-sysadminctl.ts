// Pure parser for `sysadminctl -screenLock status` (stderr): is a password asked after sleep or the screen saver, and when.
import { type Parsed, parsed, unparsed } from "../framework/parsed.js";

/** delaySeconds: how long after the screen saver starts or the display sleeps before a password is needed. */
export type ScreenLockPassword = { required: true; delaySeconds: number } | { required: false };

/**
 * sysadminctl logs through NSLog, so its answer is on stderr with a timestamp and process prefix:
 * "2026-09-21 20:50:02.423 sysadminctl[22746:23830390] screenLock delay is 5 seconds". Known answers:
 * "screenLock delay is immediate", "screenLock delay is N seconds", "screenLock is off". Anything else
 * (run outside the user's session it can answer "Unknown state for screenLock (0)") is not understood.
 */
export function parseSysadminctlScreenLock(stderr: string): Parsed<ScreenLockPassword> {
  const lines = stderr.split(/\r?\n/).map((l) => l.replace(/^.*?sysadminctl\[[\d:]+\]\s*/, "").trim());
  for (const line of lines) {
    if (/^screenLock delay is immediate$/i.test(line)) return parsed({ required: true, delaySeconds: 0 });
    const m = /^screenLock delay is (\d{1,7}) seconds?$/i.exec(line);
    if (m?.[1]) return parsed({ required: true, delaySeconds: Number.parseInt(m[1], 10) });
    if (/^screenLock is off$/i.test(line)) return parsed({ required: false });
  }
  const shown = lines.find((l) => l !== "") ?? "";
  return unparsed(shown ? `sysadminctl answered "${shown.slice(0, 160)}"` : "sysadminctl printed nothing");
}
