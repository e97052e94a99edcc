// Wraps a live source and writes every probe's raw answer to a capture folder, in the replay format.
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { captureFileName, NO_OUTPUT_EXIT } from "./probe.js";
import type { ProbeSource } from "./probe-source.js";

export async function captureSource(inner: ProbeSource, dir: string): Promise<ProbeSource> {
  await mkdir(dir, { recursive: true });
  await writeFile(
    join(dir, "platform.json"),
    `${JSON.stringify({ os: inner.os, capturedAt: new Date().toISOString() })}\n`,
  );
  return {
    os: inner.os,
    capturedQualifiers: (id) => inner.capturedQualifiers(id),
    async run(probe, qualifier, user) {
      const outcome = await inner.run(probe, qualifier, user);
      const text = outcome.ok ? outcome.text : outcome.text;
      if (text === undefined && !outcome.ok) {
        // No output at all: keep why (not installed, file missing, timed out), so a replay answers as the live run did.
        const code = NO_OUTPUT_EXIT[outcome.reason];
        if (code !== undefined) {
          await writeFile(join(dir, captureFileName(probe.id, qualifier, "exit")), `${code}\n`);
          await writeFile(join(dir, captureFileName(probe.id, qualifier, "err")), `${outcome.error}\n`);
        }
      }
      if (text !== undefined) {
        await writeFile(join(dir, captureFileName(probe.id, qualifier)), text);
        if (outcome.stderr) await writeFile(join(dir, captureFileName(probe.id, qualifier, "err")), outcome.stderr);
        const exitCode = outcome.exitCode;
        if (exitCode !== undefined && exitCode !== null) {
          await writeFile(join(dir, captureFileName(probe.id, qualifier, "exit")), `${exitCode}\n`);
        }
      }
      return outcome;
    },
  };
}
