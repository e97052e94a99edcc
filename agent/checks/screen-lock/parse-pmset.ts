// Pure parser for `pmset -g`: the display sleep and system sleep timers in force on the current power source.
import { type Parsed, parsed, unparsed } from "../framework/parsed.js";

/** minutes: 0 means never. prevented: an app or service is holding the timer off right now ("sleep prevented by …"). */
export type PmsetTimer = { minutes: number; prevented: boolean };
export type PmsetTimers = { displaySleep: PmsetTimer | null; sleep: PmsetTimer | null };

/**
 * `pmset -g` prints "System-wide power settings:", "Currently in use:", then " key   value" lines. A value can carry
 * a note: " sleep                1 (sleep prevented by sharingd, coreaudiod)": the timer is 1 minute, but while those
 * processes hold their assertions the Mac does not sleep. The values are those of the power source in use when it ran.
 */
export function parsePmset(text: string): Parsed<PmsetTimers> {
  const displaySleep = timer(text, "displaysleep");
  const sleep = timer(text, "sleep");
  if (displaySleep === null && sleep === null) return unparsed("pmset printed neither a displaysleep nor a sleep line");
  return parsed({ displaySleep, sleep });
}

function timer(text: string, key: string): PmsetTimer | null {
  const m = new RegExp(`^\\s*${key}\\s+(\\d{1,6})\\b(.*)$`, "m").exec(text);
  if (!m?.[1]) return null;
  return { minutes: Number.parseInt(m[1], 10), prevented: /prevented by/i.test(m[2] ?? "") };
}
