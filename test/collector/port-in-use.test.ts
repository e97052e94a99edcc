// A port already taken: `npm run demo` and `ward-server start` stop with one line that names --port, and exit non-zero.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../..");
let holder: Server;
let port: number;
let dir: string;

function run(script: string, args: string[]): Promise<{ code: number; out: string; err: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ["--import", "tsx", script, ...args], { cwd: ROOT });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString("utf8");
    });
    child.stderr.on("data", (d: Buffer) => {
      err += d.toString("utf8");
    });
    child.once("error", fail);
    child.once("close", (code) => done({ code: code ?? -1, out, err }));
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "ward-port-"));
  holder = createServer();
  await new Promise<void>((ok) => holder.listen(0, "127.0.0.1", ok));
  port = (holder.address() as { port: number }).port;
});

afterAll(async () => {
  await new Promise((ok) => holder.close(ok));
  rmSync(dir, { recursive: true, force: true });
});

it("npm run demo on a taken port says so in one line with the command to use another, and exits 1", async () => {
  const r = await run("server/demo.ts", ["--port", String(port), "--data-dir", join(dir, "demo"), "--no-agent"]);
  expect(r.code).toBe(1);
  const lines = r.err.trim().split("\n");
  expect(lines).toHaveLength(1);
  expect(lines[0]).toBe(
    `demo: port ${port} on 127.0.0.1 is already in use (another Ward demo or program is listening there): stop it, or run on another port: npm run demo -- --port ${port + 1}`,
  );
  expect(r.out).not.toContain("listening");
});

it("ward-server start on a taken port names --port and exits 1", async () => {
  const r = await run("server/cli/main.ts", [
    "start",
    "--port",
    String(port),
    "--host",
    "127.0.0.1",
    "--data-dir",
    join(dir, "server"),
  ]);
  expect(r.code).toBe(1);
  expect(r.err.trim().split("\n").at(-1)).toBe(
    `ward-server: port ${port} on 127.0.0.1 is already in use (another Ward collector or program is listening there): stop it, or choose another port with --port`,
  );
});
