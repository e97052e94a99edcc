// Files in a user's home are hostile: a link, a FIFO, a huge file or another user's file is refused, never quoted (issue 14.2).
import { execFileSync } from "node:child_process";
import { chownSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { linuxKscreenlockerrc } from "../checks/screen-lock/probes-linux.js";
import { createNodePlatform } from "./node-platform.js";

const SECRET = "TOPSECRET-abc123 root-only";
const linux = process.platform === "linux";

describe.skipIf(!linux)("reading a file in a user's home as root", () => {
  let home = "";
  let file = "";
  const platform = createNodePlatform("linux", { powershellHost: null });
  const read = () => platform.readFile(file, { userHome: home });
  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), "ward-home-"));
    mkdirSync(join(home, ".config"));
    file = join(home, ".config", "kscreenlockerrc");
  });
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  it("reads the user's own regular file", async () => {
    writeFileSync(file, "[Daemon]\nTimeout=5\n");
    expect(await read()).toBe("[Daemon]\nTimeout=5\n");
  });

  it("refuses a symlink to a root-only file without quoting it", async () => {
    const secret = join(mkdtempSync(join(tmpdir(), "ward-root-")), "secret");
    writeFileSync(secret, `${SECRET}\n`, { mode: 0o600 });
    symlinkSync(secret, file);
    const err = await read().catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/link/);
    expect((err as Error).message).not.toContain("TOPSECRET");
  });

  it("refuses a FIFO at once instead of hanging", async () => {
    execFileSync("mkfifo", [file]);
    const started = Date.now();
    await expect(read()).rejects.toThrow(/not a regular file/);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("refuses a huge file", async () => {
    writeFileSync(file, "x".repeat(5 * 1024 * 1024));
    await expect(read()).rejects.toThrow(/more than the 65536/);
  });

  it.skipIf(process.getuid?.() !== 0)("refuses a file owned by another user", async () => {
    writeFileSync(file, "[Daemon]\nTimeout=5\n");
    chownSync(file, 65534, 65534);
    await expect(read()).rejects.toThrow(/belongs to another user/);
  });

  it("the KDE probe reads its file as a user's file, and the parser never quotes a line", async () => {
    expect(linuxKscreenlockerrc.spec("u1", undefined)).toMatchObject({ kind: "file", userHome: "/home/u1" });
    const { parseKscreenlockerrc } = await import("../checks/screen-lock/parse-kscreenlockerrc.js");
    expect(JSON.stringify(parseKscreenlockerrc(`[Daemon]\n${SECRET}\n`))).not.toContain("TOPSECRET");
  });
});
