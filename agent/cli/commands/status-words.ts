// `ward status` in the clerk's words: times in the laptop's own time zone, and what to do when it is not enrolled.
import { posix, win32 } from "node:path";
import type { OsPlatform } from "../../../shared/schemas/control.js";

/** "3 Dec 2026, 14:52 (local time)" in the laptop's time zone; null stays null (the caller says "never"). */
export function localTime(iso: string | null | undefined): string | null {
  if (!iso) return null;
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  return `${at.toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short" })} (local time)`;
}

/** How to run this same program on this OS: the installed binary, `npm run -s ward --` in a source checkout, else `ward`. */
function program(os: OsPlatform, execPath: string, script: string | undefined): string {
  const name = (os === "windows" ? win32 : posix).basename(execPath).toLowerCase();
  const isWard = name === "ward" || name === "ward.exe" || name.startsWith("ward-");
  if (isWard) return os === "windows" ? `& "${execPath}"` : execPath;
  if (script && /agent[\\/]cli[\\/]bin\.[jt]s$/.test(script)) return "npm run -s ward --";
  return "ward";
}

/** Not enrolled: what it means and the next step, with the command as it works in a terminal on this OS. */
export function notEnrolled(
  os: OsPlatform,
  stateDir: string | undefined,
  execPath = process.execPath,
  script = process.argv[1],
): string {
  const stateFlag = stateDir ? ` --state-dir ${JSON.stringify(stateDir)}` : "";
  const command = `${program(os, execPath, script)} enroll --server <the collector's address> --token <the enrolment token>${stateFlag}`;
  const where =
    os === "windows"
      ? `in PowerShell opened with "Run as administrator": ${command}`
      : // The default state folder (/var/lib/ward, /Library/…) is root's; a folder of one's own needs no sudo.
        `in a terminal: ${stateDir ? "" : "sudo "}${command}`;
  return [
    "This laptop is not enrolled: Ward is not reporting it to anyone yet.",
    `Ask your IT provider for the enrolment command for your council, or run ${where}`,
  ].join("\n");
}
