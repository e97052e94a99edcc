// Pure parser for the Mobile Hotspot probe: the WinRT TetheringOperationalState as PowerShell prints it.
import { type Parsed, parsed, unparsed } from "../framework/parsed.js";

/** What the probe script prints when Windows has no internet connection profile to ask about. */
export const NO_INTERNET_PROFILE = "WARD:NO-INTERNET-PROFILE";

/**
 * PowerShell prints an enum value by name. The names are Microsoft's documented TetheringOperationalState members
 * (Unknown = 0, On = 1, Off = 2, InTransition = 3; see fixtures/SOURCES.md). No real capture of this exact script
 * exists yet, so exactly those names (and the script's own marker) are accepted and anything else is an error.
 */
export type TetheringState = "On" | "Off" | "InTransition" | "Unknown" | "NoInternetProfile";

const NAMES: readonly TetheringState[] = ["On", "Off", "InTransition", "Unknown"];

export function parseTetheringState(text: string): Parsed<TetheringState> {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== "");
  if (lines.length !== 1)
    return unparsed(`the Mobile Hotspot script printed ${lines.length} lines instead of one state`);
  const value = lines[0] as string;
  if (value === NO_INTERNET_PROFILE) return parsed("NoInternetProfile");
  const state = NAMES.find((n) => n === value);
  return state
    ? parsed(state)
    : unparsed(`the Mobile Hotspot script printed a state Ward does not know: "${value.slice(0, 60)}"`);
}
