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

describe.runIf(linux)("node platform: PowerShell probes through one host (stand-in host process)", () => {
  const standIn = new URL("./powershell/stand-in-host.mjs", import.meta.url).pathname;

  it("sends `powershell -Command` scripts to the host, other commands and other PowerShell options straight to the OS", async () => {
    const p = createNodePlatform("windows", { powershellHost: { command: process.execPath, args: [standIn] } });
    const ps = (script: string, ...opts: string[]) =>
      p.exec("powershell.exe", [...opts, "-Command", script], { timeoutMs: 5000 });
    expect((await ps("echo one", "-NoProfile", "-NonInteractive")).stdout).toBe("one\r\n");
    expect((await ps("echo two", "-NoProfile", "-NonInteractive", "-ExecutionPolicy", "Bypass")).stdout).toBe(
      "two\r\n",
    );
    // Not a host-equivalent option: a real powershell.exe would be started (none on Linux: not installed).
    expect((await ps("echo three", "-Sta")).spawnError).toMatch(/^ENOENT/);
    expect((await p.exec("printf", ["%s", "direct"], { timeoutMs: 5000 })).stdout).toBe("direct");
  });

  it("runs the script on its own when the host died without answering", async () => {
    const p = createNodePlatform("windows", { powershellHost: { command: process.execPath, args: [standIn] } });
    // The stand-in crashes; the fallback then starts powershell.exe itself, which Linux does not have.
    const r = await p.exec("powershell.exe", ["-NoProfile", "-Command", "crash"], { timeoutMs: 5000 });
    expect(r.spawnError).toMatch(/^ENOENT/);
  });
});
