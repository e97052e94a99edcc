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
  | { kind: "file"; path: string };

export interface ProbeDefinition {
  /** Stable id, "<os-prefix>.<name>" (win., mac., linux.); also the capture file name. */
  id: string;
  os: OsPlatform;
  /** The command as a person would type it, for `ward probes` and support. */
  command: string;
  description: string;
  /**
   * What to run. Per-user, per-volume or per-mapping probes take a qualifier (user name, SID, mapping, volume);
   * `user` is set when the qualifier is a logged-in user.
   */
  spec(qualifier?: string, user?: SessionUser): ProbeSpec;
}

/** The raw answer of one probe, or why there is none. Parsers take `text`. */
export type ProbeOutcome =
  | { ok: true; text: string; stderr: string; exitCode: number | null }
  | { ok: false; reason: "not_captured" | "timeout" | "not_installed" | "failed" | "not_found"; error: string; text?: string; stderr?: string; exitCode?: number | null };

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
