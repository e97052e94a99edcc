// The agent accepts a signed policy only if it is not older than the one it holds, and an http:// collector only on loopback (issue 14.7).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import { generateEd25519KeyPair } from "../../shared/crypto/ed25519.js";
import { seal } from "../../shared/crypto/envelope.js";
import { memoryLogger } from "../../shared/logger.js";
import { DEFAULT_POLICY, Policy } from "../../shared/schemas/policy.js";
import { AgentConfig } from "../config/agent-config.js";
import { acceptPolicy, loadPolicy } from "./policy-store.js";

let dir = "";
afterEach(() => rmSync(dir, { recursive: true, force: true }));

it("refuses a correctly signed policy older than the one held; enrolment sets a fresh baseline", async () => {
  dir = mkdtempSync(join(tmpdir(), "ward-policy-"));
  const key = generateEd25519KeyPair();
  const v = (version: number) => seal(Policy.parse({ version, issuedAt: "2026-11-20T09:00:00.000Z" }), key);
  expect((await acceptPolicy(dir, v(3), key.publicKey)).version).toBe(3);
  await expect(acceptPolicy(dir, v(2), key.publicKey)).rejects.toThrow(/older than version 3/);
  expect((await acceptPolicy(dir, v(3), key.publicKey)).version).toBe(3);
  expect((await acceptPolicy(dir, v(4), key.publicKey)).version).toBe(4);
  // A new enrolment (another council or collector) starts from what it is given.
  expect((await acceptPolicy(dir, v(1), key.publicKey, { fresh: true })).version).toBe(1);
});

it("refuses an http:// collector except on this computer", () => {
  const base = { stateDir: "/tmp/s", logDir: "/tmp/l" };
  expect(AgentConfig.safeParse({ ...base, serverUrl: "http://ward.example-it.co.uk" }).success).toBe(false);
  for (const ok of [
    "https://ward.example-it.co.uk",
    "http://127.0.0.1:8080",
    "http://localhost:8080",
    "http://[::1]:8080",
  ]) {
    expect(AgentConfig.safeParse({ ...base, serverUrl: ok }).success, ok).toBe(true);
  }
});

it("refuses a correctly signed policy naming another council, and one naming none once the council is known", async () => {
  dir = mkdtempSync(join(tmpdir(), "ward-policy-"));
  const key = generateEd25519KeyPair();
  const at = "2026-11-20T09:00:00.000Z";
  const p = (version: number, councilId?: string) =>
    seal(Policy.parse({ version, issuedAt: at, ...(councilId ? { councilId } : {}) }), key);
  const mine = { councilId: "cnc_mine" };
  // A collector older than the field signs no council: accepted while nothing held names one.
  expect((await acceptPolicy(dir, p(1), key.publicKey, mine)).version).toBe(1);
  expect((await acceptPolicy(dir, p(2, "cnc_mine"), key.publicKey, mine)).councilId).toBe("cnc_mine");
  await expect(acceptPolicy(dir, p(5, "cnc_other"), key.publicKey, mine)).rejects.toThrow(
    /another council \(cnc_other\), not this computer's council \(cnc_mine\); it is refused and version 2 stays/,
  );
  await expect(acceptPolicy(dir, p(6), key.publicKey, mine)).rejects.toThrow(/names no council/);
  expect((await acceptPolicy(dir, p(3, "cnc_mine"), key.publicKey, mine)).version).toBe(3);
  // At enrolment the council is the one the collector's enrolment answer names.
  await expect(acceptPolicy(dir, p(1, "cnc_other"), key.publicKey, { fresh: true, ...mine })).rejects.toThrow(
    /another council/,
  );
});

it("ignores a correctly signed policy of another council found in the state directory, and says so", async () => {
  dir = mkdtempSync(join(tmpdir(), "ward-policy-"));
  const key = generateEd25519KeyPair();
  const p = (version: number, councilId: string, screenLockMaxMinutes = 30) =>
    seal(Policy.parse({ version, issuedAt: "2026-11-20T09:00:00.000Z", councilId, screenLockMaxMinutes }), key);
  const mine = { councilId: "cnc_mine" };
  await acceptPolicy(dir, p(2, "cnc_mine"), key.publicKey, { ...mine, fresh: true });
  // Another council's signed policy (same collector key), newer and laxer, written over policy.json on disk.
  writeFileSync(join(dir, "policy.json"), JSON.stringify(p(50, "cnc_other", 1440)));
  const log = memoryLogger();
  expect(await loadPolicy(dir, key.publicKey, log, "cnc_mine")).toEqual(DEFAULT_POLICY);
  expect(log.lines).toEqual([
    expect.objectContaining({ level: "error", message: expect.stringContaining("it is another council's") }),
  ]);
  // It does not make this council's next policy look older: version 3 from the collector is accepted.
  expect((await acceptPolicy(dir, p(3, "cnc_mine"), key.publicKey, mine)).version).toBe(3);
  expect(await loadPolicy(dir, key.publicKey, log, "cnc_mine")).toMatchObject({ version: 3, councilId: "cnc_mine" });
});
