// The shipped Linux executable with the agent's code cache (as the service's steps run it): made by the first run,
// taken as it is by the next, and a damaged one costs only a compile (the command still answers).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CODE_CACHE_ENV } from "../../agent/daemon/step-process.js";
import { run } from "../lib/run.js";
import { linuxExe } from "../test/dist-files.js";

describe("ward-linux-x64: the agent's code cache", () => {
  const dir = mkdtempSync(join(tmpdir(), "ward-sea-cache-"));
  const probes = () => {
    const r = run(linuxExe(), ["probes", "--json"], { env: { ...process.env, [CODE_CACHE_ENV]: dir } });
    return JSON.parse(r.stdout) as unknown;
  };
  const cacheFile = () => {
    const names = readdirSync(dir).filter((n) => n.endsWith(".v8cache"));
    expect(names).toHaveLength(1);
    return join(dir, names[0]!);
  };

  it("is written by the first run and taken unchanged by the next", () => {
    const first = probes();
    const file = cacheFile();
    const made = statSync(file);
    expect(made.size).toBeGreaterThan(100_000);
    expect(probes()).toEqual(first);
    // Not rewritten: V8 took it (a rejected cache would be replaced by a new file).
    expect(statSync(cacheFile())).toMatchObject({ ino: made.ino, mtimeMs: made.mtimeMs });
  });

  it("is replaced when damaged, and the command still answers", () => {
    const file = cacheFile();
    const bytes = readFileSync(file);
    bytes[Math.floor(bytes.length / 2)]! ^= 0xff;
    writeFileSync(file, bytes);
    const before = statSync(file).ino;
    expect(probes()).toBeTruthy();
    expect(statSync(cacheFile()).ino).not.toBe(before);
  });

  it("does not wait on a FIFO put at its name: the command answers, says why in plain words, and a file replaces it", () => {
    const file = cacheFile();
    rmSync(file);
    execFileSync("mkfifo", [file]);
    const r = run(linuxExe(), ["probes", "--json"], {
      env: { ...process.env, [CODE_CACHE_ENV]: dir },
      timeout: 60_000,
    });
    expect(JSON.parse(r.stdout)).toBeTruthy();
    expect(r.stderr).toContain("is a named pipe (FIFO), so it was not used: the agent was compiled instead");
    expect(statSync(cacheFile()).isFile()).toBe(true);
  });
});
