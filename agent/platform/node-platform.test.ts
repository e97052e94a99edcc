// The real platform on this Linux machine: argument arrays reach the program untouched, timeouts kill, ENOENT is told apart.
import { describe, expect, it } from "vitest";
import { createNodePlatform } from "./node-platform.js";

const linux = process.platform === "linux";

describe.runIf(linux)("node platform (real Linux)", () => {
  const p = createNodePlatform("linux");

  it("passes arguments without a shell", async () => {
    const r = await p.exec("printf", ["%s|", "a b", "$(id)", ";rm -rf /"], { timeoutMs: 5000 });
    expect(r).toMatchObject({ stdout: "a b|$(id)|;rm -rf /|", exitCode: 0, timedOut: false });
  });

  it("kills a command that passes its timeout", async () => {
    const r = await p.exec("sleep", ["5"], { timeoutMs: 100 });
    expect(r.timedOut).toBe(true);
  });

  it("tells a missing program from a failing one", async () => {
    expect((await p.exec("ward-no-such-tool", [], { timeoutMs: 1000 })).spawnError).toMatch(/^ENOENT/);
    const failing = await p.exec("ls", ["/nonexistent-ward"], { timeoutMs: 1000 });
    expect(failing.spawnError).toBeUndefined();
    expect(failing.exitCode).not.toBe(0);
  });

  it("reads files and answers null for missing ones", async () => {
    expect(await p.readFile("/etc/os-release")).toMatch(/ID=/);
    expect(await p.readFile("/nonexistent-ward")).toBeNull();
    expect(await p.listDir("/nonexistent-ward")).toBeNull();
  });
});
