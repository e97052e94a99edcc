// Where probe answers come from: the live machine (through Platform), a capture folder, or fixtures in tests.
import type { OsPlatform } from "../../../shared/schemas/control.js";
import type { Platform, SessionUser } from "../../platform/platform.js";
import type { ProbeDefinition, ProbeOutcome } from "./probe.js";

export interface ProbeSource {
  readonly os: OsPlatform;
  run(probe: ProbeDefinition, qualifier?: string, user?: SessionUser): Promise<ProbeOutcome>;
  /** Replay sources list the qualifiers captured for a probe; live sources return null (discover instead). */
  capturedQualifiers(probeId: string): Promise<string[] | null>;
}

const DEFAULT_TIMEOUT_MS = 20_000;

export function liveSource(platform: Platform): ProbeSource {
  return {
    os: platform.os,
    capturedQualifiers: async () => null,
    async run(probe, qualifier, user) {
      const spec = probe.spec(qualifier, user);
      if (spec.kind === "file") {
        try {
          const text = await platform.readFile(spec.path, spec.userHome ? { userHome: spec.userHome } : undefined);
          if (text === null) return { ok: false, reason: "not_found", error: `${spec.path} does not exist` };
          return { ok: true, text, stderr: "", exitCode: 0 };
        } catch (err) {
          return { ok: false, reason: "failed", error: `cannot read ${spec.path}: ${(err as Error).message}` };
        }
      }
      const res = await platform.exec(spec.file, spec.args, {
        timeoutMs: spec.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        ...(spec.asUser ? { asUser: spec.asUser } : {}),
      });
      const text = spec.stream === "stderr" ? res.stderr : res.stdout;
      if (res.spawnError) {
        const notInstalled = res.spawnError.startsWith("ENOENT");
        return {
          ok: false,
          reason: notInstalled ? "not_installed" : "failed",
          error: `${spec.file}: ${res.spawnError}`,
        };
      }
      if (res.timedOut) {
        return {
          ok: false,
          reason: "timeout",
          error: `${spec.file} did not answer within ${spec.timeoutMs ?? DEFAULT_TIMEOUT_MS} ms`,
        };
      }
      const okCodes = spec.okExitCodes ?? [0];
      if (res.exitCode === null || !okCodes.includes(res.exitCode)) {
        const detail = firstLine(res.stderr) || firstLine(res.stdout);
        return {
          ok: false,
          reason: "failed",
          error: `${spec.file} exited with code ${res.exitCode}${detail ? `: ${detail}` : ""}`,
          text,
          stderr: res.stderr,
          exitCode: res.exitCode,
        };
      }
      return { ok: true, text, stderr: res.stderr, exitCode: res.exitCode };
    },
  };
}

function firstLine(text: string): string {
  return (text.split(/\r?\n/).find((l) => l.trim() !== "") ?? "").trim().slice(0, 300);
}
