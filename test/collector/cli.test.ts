// The ward-server CLI as a user runs it: councils, tokens (--json), revocation, usage errors, and HTTPS start-up.
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:https";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { EnrollToken } from "../../shared/schemas/api.js";
import { startChildServer } from "./child-server.js";
import { describeDialects, newDatabaseUrl } from "./harness.js";

const ROOT = resolve(import.meta.dirname, "../..");

/** Runs ward-server asynchronously (a blocking spawn would stall the test worker's own messaging). */
function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ["--import", "tsx", "server/cli/main.ts", ...args], { cwd: ROOT });
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

describeDialects("ward-server CLI", (dialect) => {
  let dir: string;
  let db: string[];
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "ward-cli-"));
    const url = await newDatabaseUrl(dialect);
    db = ["--data-dir", dir, ...(url ? ["--db", url] : [])];
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("creates a council, prints a token with --json, lists and revokes it", { timeout: 120_000 }, async () => {
    const created = await cli(["council", "create", "Wellington Town Council", ...db]);
    expect(created.code).toBe(0);
    expect(created.out).toMatch(/Created council cou_\S+ "Wellington Town Council"/);
    const again = await cli(["council", "create", "Wellington Town Council", ...db]);
    expect([again.code, again.err]).toEqual([1, expect.stringMatching(/already exists/)]);

    const t = await cli([
      "token",
      "create",
      "--council",
      "Wellington Town Council",
      "--expires",
      "7d",
      "--uses",
      "25",
      "--json",
      ...db,
    ]);
    expect(t.code).toBe(0);
    const token = JSON.parse(t.out) as { token: string; id: string; maxUses: number; expiresAt: string };
    expect(EnrollToken.safeParse(token.token).success).toBe(true);
    expect(token.maxUses).toBe(25);
    expect(Date.parse(token.expiresAt) - Date.now()).toBeGreaterThan(6.9 * 86_400_000);

    const list = JSON.parse((await cli(["token", "list", "--json", ...db])).out) as {
      id: string;
      revokedAt: string | null;
    }[];
    expect(list).toEqual([expect.objectContaining({ id: token.id, revokedAt: null })]);
    expect(JSON.stringify(list)).not.toContain(token.token);
    expect((await cli(["token", "revoke", token.id, ...db])).code).toBe(0);
    const revoked = JSON.parse((await cli(["token", "list", "--json", ...db])).out) as { revokedAt: string | null }[];
    expect(revoked[0]!.revokedAt).not.toBeNull();
    const councils = JSON.parse((await cli(["council", "list", "--json", ...db])).out) as { name: string }[];
    expect(councils.map((c) => c.name)).toEqual(["Wellington Town Council"]);
    const policyFile = join(dir, "policy.json");
    writeFileSync(policyFile, JSON.stringify({ screenLockMaxMinutes: 10, allowHotspot: true }));
    const policy = await cli([
      "council",
      "policy",
      "--council",
      "Wellington Town Council",
      "--file",
      policyFile,
      "--json",
      ...db,
    ]);
    expect(JSON.parse(policy.out)).toMatchObject({ version: 2, screenLockMaxMinutes: 10, allowHotspot: true });
  });
});

describeDialects("ward-server usage errors", () => {
  it("explain what is wrong and exit with code 2", { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), "ward-cli-"));
    const db = ["--data-dir", dir];
    const [noCouncil, badFlag, badExpiry, unknown] = await Promise.all([
      cli(["token", "create", ...db]),
      cli(["council", "list", "--colour", ...db]),
      cli(["token", "create", "--council", "Nowhere", "--expires", "soon", ...db]),
      cli(["dance", ...db]),
    ]);
    expect([noCouncil.code, noCouncil.err]).toEqual([2, expect.stringMatching(/--council/)]);
    expect([badFlag.code, badFlag.err]).toEqual([2, expect.stringMatching(/colour/)]);
    expect([badExpiry.code, badExpiry.err]).toEqual([1, expect.stringMatching(/No council "Nowhere"/)]);
    expect([unknown.code, unknown.err]).toEqual([2, expect.stringMatching(/Unknown command "dance"/)]);
    rmSync(dir, { recursive: true, force: true });
  });
}, ["sqlite"]);

describeDialects("HTTPS", () => {
  it("serves directly over HTTPS when given a certificate and key", { timeout: 60_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), "ward-tls-"));
    const cert = join(dir, "cert.pem");
    const key = join(dir, "key.pem");
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-days",
        "1",
        "-subj",
        "/CN=localhost",
        "-addext",
        "subjectAltName=IP:127.0.0.1",
        "-keyout",
        key,
        "-out",
        cert,
      ],
      { stdio: "ignore" },
    );
    const server = await startChildServer(["--data-dir", dir, "--tls-cert", cert, "--tls-key", key]);
    try {
      expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const body = await new Promise<string>((done, fail) => {
        const req = request(`${server.url}/healthz`, { ca: readFileSync(cert) }, (res) => {
          let text = "";
          res.on("data", (d: Buffer) => {
            text += d.toString();
          });
          res.on("end", () => done(text));
        });
        req.on("error", fail);
        req.end();
      });
      expect(JSON.parse(body)).toMatchObject({ status: "ok", database: "sqlite" });
    } finally {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
}, ["sqlite"]);
