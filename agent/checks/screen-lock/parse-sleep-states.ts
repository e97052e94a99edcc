// Pure parser for `powercfg /a`: does this PC use Modern Standby (S0 Low Power Idle), where turning the screen off sleeps?
import { type Parsed, parsed, unparsed } from "../framework/parsed.js";

const AVAILABLE = /^The following sleep states are available on this system:?\s*$/;
const NOT_AVAILABLE = /^The following sleep states are not available on this system:?\s*$/;

/**
 * `powercfg /a` lists "The following sleep states are available on this system:" then indented states
 * ("    Standby (S3)", "    Standby (S0 Low Power Idle) Network Connected"), then the states that are not available,
 * each with an indented reason (reasons can mention "S0 low power idle" too, so only the first list is read).
 * The headings are translated on other Windows languages; Ward reads the English ones only and otherwise answers
 * that it cannot tell.
 */
export function parseSleepStates(text: string): Parsed<{ modernStandby: boolean }> {
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  const start = lines.findIndex((l) => AVAILABLE.test(l.trim()));
  if (start < 0) return unparsed("powercfg /a printed no English list of available sleep states");
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((l) => NOT_AVAILABLE.test(l.trim()));
  const available = (end < 0 ? rest : rest.slice(0, end)).filter((l) => /^ {4}\S/.test(l)).map((l) => l.trim());
  return parsed({ modernStandby: available.some((s) => /\(S0 Low Power Idle\)/i.test(s)) });
}
