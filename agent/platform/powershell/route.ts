// Which commands the PowerShell host may run instead of a new powershell.exe: the probes' `-Command <script>` calls.
import { basename } from "node:path";

/** Options a probe may give powershell.exe that the host already runs with (-NoProfile, no prompts, Bypass). */
const HOST_EQUIVALENT = new Set(["-noprofile", "-noninteractive", "-nologo"]);

/**
 * The script of `powershell[.exe] [-NoProfile] [-NonInteractive] [-ExecutionPolicy Bypass] -Command <script>`, or null
 * for anything else (other programs, other options such as -File or -Sta), which then runs as its own process.
 */
export function powershellScriptOf(file: string, args: readonly string[]): string | null {
  if (!/^powershell(\.exe)?$/i.test(basename(file.replace(/\\/g, "/")))) return null;
  if (args.length < 2 || args[args.length - 2]?.toLowerCase() !== "-command") return null;
  const options = args.slice(0, -2);
  for (let i = 0; i < options.length; i++) {
    const o = options[i]!.toLowerCase();
    if (HOST_EQUIVALENT.has(o)) continue;
    if (o === "-executionpolicy" && options[i + 1]?.toLowerCase() === "bypass") {
      i++;
      continue;
    }
    return null;
  }
  return args[args.length - 1]!;
}
