// Paths inside a root resolve as a chrooted process would see them: absolute symlinks start again at the root.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { executableInRoot, resolveInRoot } from "./root-path.js";

let root: string;

beforeAll(() => {
  // The layout Debian's Wine packages make: /usr/bin/wine -> /etc/alternatives/wine -> /usr/lib/wine/wine.
  root = mkdtempSync(join(tmpdir(), "ward-root-"));
  mkdirSync(join(root, "usr/bin"), { recursive: true });
  mkdirSync(join(root, "usr/lib/wine"), { recursive: true });
  mkdirSync(join(root, "etc/alternatives"), { recursive: true });
  writeFileSync(join(root, "usr/lib/wine/wine"), "#!/bin/sh\n");
  chmodSync(join(root, "usr/lib/wine/wine"), 0o755);
  writeFileSync(join(root, "usr/lib/wine/notes.txt"), "");
  symlinkSync("/etc/alternatives/wine", join(root, "usr/bin/wine"));
  symlinkSync("/usr/lib/wine/wine", join(root, "etc/alternatives/wine"));
  symlinkSync("../lib/wine/notes.txt", join(root, "usr/bin/notes"));
  symlinkSync("../../../../../../usr/lib/wine/wine", join(root, "usr/bin/escape"));
  symlinkSync("/etc/alternatives/gone", join(root, "usr/bin/dangling"));
  symlinkSync("/usr/bin/loop", join(root, "usr/bin/loop"));
  // A link to the host's own /bin/sh exists on the host, but not in this root.
  symlinkSync("/bin/sh", join(root, "usr/bin/hostsh"));
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("resolveInRoot", () => {
  it("follows absolute links from the root, not from the host's /", () => {
    expect(resolveInRoot(root, "/usr/bin/wine")?.hostPath).toBe(join(root, "usr/lib/wine/wine"));
    expect(executableInRoot(root, "/usr/bin/wine")).toBe(true);
    expect(resolveInRoot(root, "/usr/bin/hostsh")).toBeUndefined();
  });

  it("follows relative links and keeps .. inside the root", () => {
    expect(resolveInRoot(root, "/usr/bin/notes")?.hostPath).toBe(join(root, "usr/lib/wine/notes.txt"));
    expect(resolveInRoot(root, "/usr/bin/escape")?.hostPath).toBe(join(root, "usr/lib/wine/wine"));
  });

  it("answers no for a dangling link, a loop, a missing file or a file that is not executable", () => {
    expect(resolveInRoot(root, "/usr/bin/dangling")).toBeUndefined();
    expect(resolveInRoot(root, "/usr/bin/loop")).toBeUndefined();
    expect(executableInRoot(root, "/usr/bin/wineserver")).toBe(false);
    expect(executableInRoot(root, "/usr/bin/notes")).toBe(false);
    expect(executableInRoot(join(root, "missing"), "/usr/bin/wine")).toBe(false);
  });
});
