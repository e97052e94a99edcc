// The agent's code cache file: only a regular file of this user with an intact digest is read; writes are atomic.
import { execFileSync, spawnSync } from "node:child_process";
import {
  chownSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { type CacheHost, codeCacheFile, readCodeCache, writeCodeCache } from "./code-cache.js";

const source = new TextEncoder().encode("(function () { return 1; })");
const fresh = () => mkdtempSync(join(tmpdir(), "ward-code-cache-"));

describe("agent code cache file", () => {
  it("reads back what it wrote, and names the file by the source", () => {
    const dir = fresh();
    const file = codeCacheFile(dir, source);
    expect(file).not.toBe(codeCacheFile(dir, new TextEncoder().encode("(function () { return 2; })")));
    writeCodeCache(file, Buffer.from("cache bytes"));
    expect(readCodeCache(file)?.toString()).toBe("cache bytes");
  });

  it("refuses a damaged file (one flipped bit, or cut short)", () => {
    const dir = fresh();
    const file = codeCacheFile(dir, source);
    writeCodeCache(file, Buffer.alloc(4096, 7));
    const bytes = readFileSync(file);
    bytes[2000]! ^= 1;
    writeFileSync(file, bytes);
    expect(readCodeCache(file)).toBeUndefined();
    writeFileSync(file, bytes.subarray(0, 20));
    expect(readCodeCache(file)).toBeUndefined();
  });

  it("refuses a symlink and another user's file", () => {
    const dir = fresh();
    const file = codeCacheFile(dir, source);
    writeCodeCache(join(dir, "elsewhere"), Buffer.from("x"));
    symlinkSync(join(dir, "elsewhere"), file);
    expect(readCodeCache(file)).toBeUndefined();
    if (process.getuid?.() === 0) {
      const other = codeCacheFile(fresh(), source);
      writeCodeCache(other, Buffer.from("x"));
      chownSync(other, 12345, 12345);
      expect(readCodeCache(other)).toBeUndefined();
    }
  });

  it("removes the caches of earlier agents when it writes a new one", () => {
    const dir = fresh();
    writeCodeCache(codeCacheFile(dir, new TextEncoder().encode("old agent")), Buffer.from("old"));
    writeFileSync(join(dir, "state.json"), "{}");
    writeCodeCache(codeCacheFile(dir, source), Buffer.from("new"));
    expect(readdirSync(dir).sort()).toEqual([codeCacheFile(dir, source).slice(dir.length + 1), "state.json"].sort());
  });

  it("refuses a FIFO at the cache's name at once (it used to wait in open for a writer), and says so", () => {
    const dir = fresh();
    const file = codeCacheFile(dir, source);
    execFileSync("mkfifo", [file]);
    // In a child: the old open blocked the whole thread, which no test timeout can interrupt.
    const module = fileURLToPath(new URL("./code-cache.ts", import.meta.url));
    const script = `import { readCodeCache } from ${JSON.stringify(module)};
      const said = []; const got = readCodeCache(${JSON.stringify(file)}, (m) => said.push(m));
      process.stdout.write(JSON.stringify({ got: got === undefined ? null : "bytes", said }));`;
    const run = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      encoding: "utf8",
      timeout: 20_000,
    });
    expect(run.signal).toBeNull();
    expect(JSON.parse(run.stdout)).toEqual({
      got: null,
      said: [expect.stringContaining("is a named pipe (FIFO), so it was not used: the agent was compiled instead")],
    });
    // The next cache written takes the FIFO's place, and a FIFO at the temporary name does not stop it either.
    execFileSync("mkfifo", [`${file}.${process.pid}.tmp`]);
    writeCodeCache(file, Buffer.from("fresh"));
    expect(readCodeCache(file)?.toString()).toBe("fresh");
  });

  it("says in plain words why it did not use a file, and nothing when there is none yet", () => {
    const dir = fresh();
    const file = codeCacheFile(dir, source);
    const said: string[] = [];
    expect(readCodeCache(file, (m) => said.push(m))).toBeUndefined();
    expect(said).toEqual([]);
    writeCodeCache(file, Buffer.from("x"));
    truncateSync(file, 33 * 1024 * 1024);
    expect(readCodeCache(file, (m) => said.push(m))).toBeUndefined();
    mkdirSync(`${file}.d`);
    expect(readCodeCache(`${file}.d`, (m) => said.push(m))).toBeUndefined();
    expect(said).toEqual([expect.stringContaining("is larger than 32 MB"), expect.stringContaining("is a folder")]);
  });

  it("without owner ids, O_NOFOLLOW or O_NONBLOCK (Windows) still refuses a FIFO, a link, a folder and an oversize file", () => {
    const windows: CacheHost = { uid: undefined, noFollow: 0, nonBlock: 0 };
    const dir = fresh();
    const file = codeCacheFile(dir, source);
    writeCodeCache(file, Buffer.from("ours"));
    expect(readCodeCache(file, undefined, windows)?.toString()).toBe("ours");
    const said: string[] = [];
    const warn = (m: string) => said.push(m);
    symlinkSync(file, join(dir, "link"));
    mkdirSync(join(dir, "folder"));
    execFileSync("mkfifo", [join(dir, "fifo")]);
    writeFileSync(join(dir, "big"), "");
    truncateSync(join(dir, "big"), 33 * 1024 * 1024);
    for (const name of ["link", "folder", "fifo", "big"]) {
      expect(readCodeCache(join(dir, name), warn, windows)).toBeUndefined();
    }
    expect(said.map((m) => m.slice(m.indexOf(" is ") + 4, m.indexOf(","))).join("; ")).toBe(
      "a symbolic link; a folder; a named pipe (FIFO); larger than 32 MB",
    );
  });
});
