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

/** How to run this same program on this OS: the installed binary where it is one, else `ward`. */
function program(os: OsPlatform, execPath: string): string {
  const name = (os === "windows" ? win32 : posix).basename(execPath).toLowerCase();
  const isWard = name === "ward" || name === "ward.exe" || name.startsWith("ward-");
  if (!isWard) return "ward";
  return os === "windows" ? `& "${execPath}"` : execPath;
}

/** Not enrolled: what it means and the next step, with the command as it works in a terminal on this OS. */
export function notEnrolled(os: OsPlatform, stateDir: string | undefined, execPath = process.execPath): string {
  const stateFlag = stateDir ? ` --state-dir ${JSON.stringify(stateDir)}` : "";
  const command = `${program(os, execPath)} enroll --server <the collector's address> --token <the enrolment token>${stateFlag}`;
  const where =
    os === "windows"
      ? `in PowerShell opened with "Run as administrator": ${command}`
      : `in a terminal: sudo ${command}`;
  return [
    "This laptop is not enrolled: Ward is not reporting it to anyone yet.",
    `Ask your IT provider for the enrolment command for your council, or run ${where}`,
  ].join("\n");
}
