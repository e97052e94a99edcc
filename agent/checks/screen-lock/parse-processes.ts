// Pure parser for `ps -e -o uid,comm`: which display servers or desktop shells run, and under which user id.
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

/** A display server or desktop shell seen running, and the numeric user id that runs it. */
export type DisplayProcess = { name: string; uid: string };

/**
 * Reads ps output by its header: the UID column and the COMMAND (or CMD) column, which must be the last one. The probe
 * runs `ps -e -o uid,comm` ("  UID COMMAND", then e.g. "    0 kthreadd"); the same reading serves any ps listing with
 * those columns, such as `ps -axjf` (PPID PID PGID SID TTY TPGID STAT UID TIME COMMAND), whose COMMAND is the full
 * command line drawn as a tree ("\_ /usr/lib/Xorg :0 vt2"): tree marks are skipped and the program's base name is
 * kept. Lines that do not fit the columns are counted; if any were skipped and no display server was seen, the
 * answer is refused (a skipped line could have been one), never "nothing is running".
 */
export function parseDisplayProcesses(text: string): Parsed<DisplayProcess[]> {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== "");
  const header = (lines[0] ?? "").trim().split(/\s+/);
  const uidAt = header.indexOf("UID");
  const last = header.length - 1;
  if (uidAt < 0 || !["COMMAND", "CMD"].includes(header[last] ?? "") || uidAt === last)
    return unparsed(`ps printed no UID … COMMAND header: "${(lines[0] ?? "").trim().slice(0, 120)}"`);
  if (lines.length < 2) return unparsed("ps printed no processes");
  const seen = new Map<string, DisplayProcess>();
  let skipped = 0;
  for (const line of lines.slice(1)) {
    const cols = line.trim().split(/\s+/);
    const uid = cols[uidAt] ?? "";
    const command = cols.slice(last).filter((c) => c !== "|" && c !== "\\_");
    if (cols.length < header.length || !/^\d{1,10}$/.test(uid) || command.length === 0) {
      skipped++;
      continue;
    }
    const name = (command[0] ?? "").split("/").pop() ?? "";
    if (DISPLAY_PROCESSES.has(name)) seen.set(`${name}:${uid}`, { name, uid });
  }
  if (seen.size === 0 && skipped > 0)
    return unparsed(`ps printed ${skipped} line(s) Ward could not read, so it cannot tell that no display is running`);
  return parsed([...seen.values()]);
}
