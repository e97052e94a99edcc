// Replays probe answers from a capture folder (DIR/platform.json, DIR/<probe-id>[@qualifier].txt, optional .err/.exit).
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { OsPlatform } from "../../../shared/schemas/control.js";
import { AppError } from "../../../shared/errors.js";
import { decodeToolOutput } from "../../platform/decode.js";
import { captureFileName, NO_OUTPUT_EXIT, type ProbeDefinition, type ProbeOutcome } from "./probe.js";
import type { ProbeSource } from "./probe-source.js";

const PlatformFile = z.looseObject({ os: OsPlatform });

export async function replaySource(dir: string): Promise<ProbeSource> {
  let os: OsPlatform;
  try {
    const parsed = PlatformFile.safeParse(JSON.parse(await readFile(join(dir, "platform.json"), "utf8")));
    if (!parsed.success) throw new Error('it must be {"os": "windows" | "macos" | "linux"}');
    os = parsed.data.os;
  } catch (cause) {
    throw new AppError(
      "usage",
      `Cannot replay ${dir}: platform.json is missing or invalid (${(cause as Error).message}).`,
      {
        cause,
      },
    );
  }
  const files = new Set(await readdir(dir));
  return {
    os,
    async capturedQualifiers(probeId) {
      const prefix = `${probeId}@`;
      return [...files]
        .filter((f) => f.startsWith(prefix) && f.endsWith(".txt"))
        .map((f) => f.slice(prefix.length, -4));
    },
    async run(probe: ProbeDefinition, qualifier?: string): Promise<ProbeOutcome> {
      const name = captureFileName(probe.id, qualifier);
      if (!files.has(name)) return noOutput(dir, files, probe.id, qualifier);
      const text = decodeToolOutput(await readFile(join(dir, name)));
      const errName = captureFileName(probe.id, qualifier, "err");
      const exitName = captureFileName(probe.id, qualifier, "exit");
      const stderr = files.has(errName) ? decodeToolOutput(await readFile(join(dir, errName))) : "";
      const exitCode = files.has(exitName) ? Number.parseInt(await readFile(join(dir, exitName), "utf8"), 10) : 0;
      const spec = probe.spec(qualifier);
      const okCodes = spec.kind === "exec" ? (spec.okExitCodes ?? [0]) : [0];
      if (!okCodes.includes(exitCode)) {
        return {
          ok: false,
          reason: "failed",
          error: `${probe.id} exited with code ${exitCode} (captured)`,
          text,
          stderr,
          exitCode,
        };
      }
      return { ok: true, text, stderr, exitCode };
    },
  };
}

/** In-memory replay for tests: keys are "<probe-id>" or "<probe-id>@<qualifier>"; values are the captured text. */
export function mapSource(
  os: OsPlatform,
  outputs: Record<string, string | { text: string; exitCode?: number; stderr?: string }>,
): ProbeSource {
  return {
    os,
    async capturedQualifiers(probeId) {
      const prefix = `${probeId}@`;
      return Object.keys(outputs)
        .filter((k) => k.startsWith(prefix))
        .map((k) => k.slice(prefix.length));
    },
    async run(probe, qualifier) {
      const key = qualifier === undefined ? probe.id : `${probe.id}@${qualifier}`;
      const entry = outputs[key];
      if (entry === undefined) return { ok: false, reason: "not_captured", error: `${key} was not captured` };
      const { text, exitCode = 0, stderr = "" } = typeof entry === "string" ? { text: entry } : entry;
      const spec = probe.spec(qualifier);
      const okCodes = spec.kind === "exec" ? (spec.okExitCodes ?? [0]) : [0];
      if (!okCodes.includes(exitCode)) {
        return {
          ok: false,
          reason: "failed",
          error: `${probe.id} exited with code ${exitCode}`,
          text,
          stderr,
          exitCode,
        };
      }
      return { ok: true, text, stderr, exitCode };
    },
  };
}

/** A probe captured without output: its `.exit` says why (see NO_OUTPUT_EXIT); with no `.exit` it was not captured. */
async function noOutput(dir: string, files: Set<string>, probeId: string, qualifier?: string): Promise<ProbeOutcome> {
  const exitName = captureFileName(probeId, qualifier, "exit");
  const errName = captureFileName(probeId, qualifier, "err");
  if (!files.has(exitName)) {
    return { ok: false, reason: "not_captured", error: `${captureFileName(probeId, qualifier)} was not captured` };
  }
  const code = Number.parseInt(await readFile(join(dir, exitName), "utf8"), 10);
  const error = files.has(errName) ? (await readFile(join(dir, errName), "utf8")).trim() : `${probeId} gave no output`;
  const reason = (Object.entries(NO_OUTPUT_EXIT).find(([, c]) => c === code)?.[0] ?? "failed") as Exclude<
    ProbeOutcome,
    { ok: true }
  >["reason"];
  return { ok: false, reason, error: `${error} (captured)` };
}
