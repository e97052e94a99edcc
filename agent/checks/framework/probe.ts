// A probe: one named way of reading raw evidence (a command or a file), the same id in live runs, capture and replay.
import type { OsPlatform } from "../../../shared/schemas/control.js";
import type { SessionUser } from "../../platform/platform.js";

export type ProbeSpec =
  | {
      kind: "exec";
      file: string;
      args: readonly string[];
      /** Which stream the parser reads: most tools answer on stdout; sysadminctl and apt-check on stderr. */
      stream?: "stdout" | "stderr";
      /** Run inside this user's session (per-user settings). */
      asUser?: SessionUser;
      /** Exit codes that still mean "answered" (dnf check-update exits 100 when updates exist). Default [0]. */
      okExitCodes?: readonly number[];
      timeoutMs?: number;
    }
  /** `userHome`: a file in that user's home, read as hostile (no links, no FIFOs, owned by the user, size-capped). */
  | { kind: "file"; path: string; userHome?: string };

export interface ProbeDefinition {
  /** Stable id, "<os-prefix>.<name>" (win., mac., linux.); also the capture file name. */
  id: string;
  os: OsPlatform;
  description: string;
  /**
   * What to run. Per-user, per-volume or per-mapping probes take a qualifier (user name, SID, mapping, volume);
   * `user` is set when the qualifier is a logged-in user.
   */
  spec(qualifier?: string, user?: SessionUser): ProbeSpec;
}

/** Qualifiers tried, in order, to show a per-qualifier probe's command (specs refuse a qualifier they do not accept). */
const SAMPLE_QUALIFIERS = [
  "<qualifier>",
  "sdb",
  "disk2",
  "alice",
  "S-1-5-21-1-2-3-1001",
  "00000000-0000-0000-0000-000000000000",
  "wlan0",
  "root",
];

/**
 * The command as a person would type it, for `ward probes` and support: derived from what the spec really runs (file
 * and arguments, or the file read), so it cannot drift from it. A per-qualifier probe shows `<qualifier>` in place
 * of the user, disk or mapping it is run for.
 */
export function probeCommand(p: ProbeDefinition): string {
  for (const sample of SAMPLE_QUALIFIERS) {
    let spec: ProbeSpec;
    try {
      spec = p.spec(sample);
    } catch {
      continue;
    }
    const parts = spec.kind === "file" ? ["cat", spec.path] : [spec.file, ...spec.args];
    return parts
      .map((part) => quoteArg(part.split(sample).join("<qualifier>")))
      .join(" ")
      .replace(/\s+/g, " ");
  }
  return "(built for each user or disk it looks at)";
}

/** Quoting for display only (probes never run through a shell): an argument with spaces or quotes is shown quoted. */
function quoteArg(a: string): string {
  return a !== "" && /^[^\s"'`]+$/.test(a) ? a : `"${a.replace(/"/g, '\\"')}"`;
}

/** The raw answer of one probe, or why there is none. Parsers take `text`. */
export type ProbeOutcome =
  | { ok: true; text: string; stderr: string; exitCode: number | null }
  | {
      ok: false;
      reason: "not_captured" | "timeout" | "not_installed" | "failed" | "not_found";
      error: string;
      text?: string;
      stderr?: string;
      exitCode?: number | null;
    };

/** Capture/replay file name: "<probe-id>.txt" or "<probe-id>@<qualifier>.txt" (qualifier made file-safe). */
export function captureFileName(probeId: string, qualifier?: string, ext = "txt"): string {
  const q = qualifier === undefined ? "" : `@${qualifier.replace(/[\\/:*?"<>|\s]/g, "_")}`;
  return `${probeId}${q}.${ext}`;
}

/**
 * Exit codes a capture writes (in `<id>.exit`, with no `.txt`) when a probe gave no output at all, following shell
 * conventions: 127 command not found, 2 file not found (ENOENT), 124 timed out (as `timeout(1)`).
 */
export const NO_OUTPUT_EXIT: Partial<Record<Exclude<ProbeOutcome, { ok: true }>["reason"], number>> = {
  not_installed: 127,
  not_found: 2,
  timeout: 124,
};
