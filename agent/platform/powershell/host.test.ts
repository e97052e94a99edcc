// The PowerShell host's protocol, tested against a stand-in process speaking the same frames (no PowerShell here).
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { decodeAnswer, encodeRequest } from "./frame.js";
import { PowerShellHost } from "./host.js";

const STAND_IN = fileURLToPath(new URL("./stand-in-host.mjs", import.meta.url));
const hosts: PowerShellHost[] = [];
const host = (o: { idleMs?: number; killGraceMs?: number } = {}) => {
  const h = new PowerShellHost({ command: process.execPath, args: [STAND_IN], ...o });
  hosts.push(h);
  return h;
};
afterEach(() => {
  for (const h of hosts.splice(0)) h.close();
});

describe("PowerShell host frames", () => {
  it("round-trips any text: new lines, the frame mark, other scripts", () => {
    const text = "WARD-PS1 r1 0 0 x y\r\nÉcole – 東京 ‮\n";
    const b64 = (s: string) => Buffer.from(s).toString("base64");
    expect(decodeAnswer(`WARD-PS1 r7 0 0 ${b64(text)} ${b64("")}`)).toEqual({
      id: "r7",
      exitCode: 0,
      timedOut: false,
      stdout: text,
      stderr: "",
    });
    expect(encodeRequest("r1", 500, "Get-Date | Out-String")).toBe(`r1 500 ${b64("Get-Date | Out-String")}\n`);
  });

  it("takes nothing but a whole answer line for an answer", () => {
    for (const line of [
      "",
      "hello",
      "WARD-PS1 r1 0 0 abc",
      "WARD-PS1 r1 x 0 YQ== YQ==",
      "WARD-PS1 r1 0 2 YQ== YQ==",
      "WARD-PS1 r1 0 0 !! YQ==",
    ]) {
      expect(decodeAnswer(line)).toBeNull();
    }
    expect(() => encodeRequest("r1 2", 1, "x")).toThrow(/bad request id/);
  });
});

describe("PowerShell host (stand-in process)", () => {
  it("runs many scripts in one process, in order, with output exactly as printed", async () => {
    const h = host();
    const answers = await Promise.all(
      ["echo one", "echo École 東京", "fail no such class", "echo three"].map((s) => h.run(s, 5000)),
    );
    expect(answers.map((a) => [a.stdout, a.exitCode])).toEqual([
      ["one\r\n", 0],
      ["École 東京\r\n", 0],
      ["", 1],
      ["three\r\n", 0],
    ]);
    expect(answers[2]!.stderr).toBe("no such class\r\n");
    expect(h.starts).toBe(1);
  });

  it("keeps stray output out of the answers and reports it with the script's stderr", async () => {
    const h = host();
    const a = await h.run("noise WARD-PS1 r1 0 0 bogus", 5000);
    expect(a.stdout).toBe("after noise\r\n");
    expect(a.stderr).toContain("WARD-PS1 r1 0 0 bogus");
  });

  it("answers a script past its timeout as timed out and stays usable", async () => {
    const h = host();
    const slow = await h.run("sleep 5000", 100);
    expect(slow).toMatchObject({ timedOut: true, exitCode: null });
    expect((await h.run("echo still here", 5000)).stdout).toBe("still here\r\n");
    expect(h.starts).toBe(1);
  });

  it("kills a host that does not answer even after its timeout, and the next script starts a new one", async () => {
    const h = host({ killGraceMs: 200 });
    const stuck = await h.run("stuck", 100);
    expect(stuck).toMatchObject({ timedOut: true, exitCode: null });
    expect((await h.run("echo again", 5000)).stdout).toBe("again\r\n");
    expect(h.starts).toBe(2);
  });

  it("reports a crash as a host failure, then restarts", async () => {
    const h = host();
    const crashed = await h.run("crash", 5000);
    expect(crashed).toMatchObject({ hostFailed: true, exitCode: null, timedOut: false });
    expect(crashed.stderr).toMatch(/exited \(code 3\)/);
    expect((await h.run("echo back", 5000)).stdout).toBe("back\r\n");
    expect(h.starts).toBe(2);
  });

  it("exits when idle, and starts again on demand", async () => {
    const h = host({ idleMs: 100 });
    await h.run("echo a", 5000);
    await new Promise((r) => setTimeout(r, 400));
    await h.run("echo b", 5000);
    expect(h.starts).toBe(2);
  });

  it("says the program is missing when it cannot start", async () => {
    const h = new PowerShellHost({ command: "ward-no-such-powershell", args: [] });
    const a = await h.run("echo x", 2000);
    expect(a.hostFailed).toBe(true);
    expect(a.stderr).toMatch(/ENOENT/);
  });
});
