// The agent opens a signed policy only in RFC 8785 canonical form: one holding a lone UTF-16 surrogate is refused even
// when the collector's key signed it, and the policy held stays in force.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import { generateEd25519KeyPair, signBytes } from "../../shared/crypto/ed25519.js";
import { seal } from "../../shared/crypto/envelope.js";
import { silentLogger } from "../../shared/logger.js";
import { Policy } from "../../shared/schemas/policy.js";
import { acceptPolicy, loadPolicy } from "./policy-store.js";

let dir = "";
afterEach(() => rmSync(dir, { recursive: true, force: true }));

it("refuses a signed policy holding a lone surrogate as not canonical, keeping the one held", async () => {
  dir = mkdtempSync(join(tmpdir(), "ward-policy-"));
  const key = generateEd25519KeyPair();
  const at = "2026-11-20T09:00:00.000Z";
  expect(
    (
      await acceptPolicy(
        dir,
        seal(Policy.parse({ version: 1, issuedAt: at, councilId: "cnc_mine" }), key),
        key.publicKey,
      )
    ).version,
  ).toBe(1);
  const good = seal(Policy.parse({ version: 2, issuedAt: at, councilId: "cnc_mine" }), key);
  const payload = good.payload.replace('"cnc_mine"', '"cnc_mine\\ud800"');
  expect(payload).not.toBe(good.payload);
  const lone = { ...good, payload, signature: signBytes(Buffer.from(payload, "utf8"), key.privateKey) };
  await expect(acceptPolicy(dir, lone, key.publicKey)).rejects.toMatchObject({
    code: "canonical_invalid",
    message: expect.stringMatching(/lone UTF-16 surrogate/),
  });
  // The policy held is still version 1, and verifies.
  expect(await loadPolicy(dir, key.publicKey, silentLogger, "cnc_mine")).toMatchObject({
    version: 1,
    councilId: "cnc_mine",
  });
});
