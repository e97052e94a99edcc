// Pure parser for `ps -e -o comm=`: is any display server or desktop shell running (used only when logind cannot answer)?
import { type Parsed, parsed, unparsed } from "../framework/parsed.js";

/** Process names (ps truncates them to 15 characters) of X servers, Wayland compositors and desktop shells. */
const DISPLAY_PROCESSES = new Set([
  "Xorg",
  "X",
  "Xwayland",
  "gnome-shell",
  "kwin_wayland",
  "kwin_x11",
  "plasmashell",
  "sway",
  "Hyprland",
  "weston",
  "mutter",
  "xfwm4",
  "cinnamon",
  "marco",
]);

/** The display-related process names seen (deduplicated); an empty list means no graphical session is running. */
export function parseDisplayProcesses(text: string): Parsed<string[]> {
  const names = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== "");
  if (names.length === 0) return unparsed("ps printed no processes");
  return parsed([...new Set(names.filter((n) => DISPLAY_PROCESSES.has(n)))]);
}
