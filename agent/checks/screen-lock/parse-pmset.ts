// Pure parser for `pmset -g`: the display sleep and system sleep timers in force on the current power source.
import { type Parsed, parsed, unparsed } from "../framework/parsed.js";

/** Minutes; 0 means never. Null when the line is absent. */
export type PmsetTimers = { displaySleepMinutes: number | null; sleepMinutes: number | null };

/**
 * `pmset -g` prints "System-wide power settings:", "Currently in use:", then " key   value" lines. A value can carry
 * a note: " sleep                1 (sleep prevented by sharingd, coreaudiod)"; the number is still the timer.
 * The values are those of the power source in use when it ran (battery or charger).
 */
export function parsePmset(text: string): Parsed<PmsetTimers> {
  const displaySleepMinutes = timer(text, "displaysleep");
  const sleepMinutes = timer(text, "sleep");
  if (displaySleepMinutes === null && sleepMinutes === null) {
    return unparsed("pmset printed neither a displaysleep nor a sleep line");
  }
  return parsed({ displaySleepMinutes, sleepMinutes });
}

function timer(text: string, key: string): number | null {
  const m = new RegExp(`^\\s*${key}\\s+(\\d{1,6})\\b`, "m").exec(text);
  return m?.[1] ? Number.parseInt(m[1], 10) : null;
}
