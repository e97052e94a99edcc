// The agent's code cache file: only a regular file of this user with an intact digest is read; writes are atomic.
import { chownSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { codeCacheFile, readCodeCache, writeCodeCache } from "./code-cache.js";

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
});
