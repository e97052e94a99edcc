// The worker threads' verdicts agree with open(): a valid signature passes, a forged or malformed one never does.
import { gunzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { generateEd25519KeyPair } from "../../shared/crypto/ed25519.js";
import { payloadHash, seal } from "../../shared/crypto/envelope.js";
import { createVerifyPool } from "./verify-pool.js";

describe("verify pool", () => {
  const pool = createVerifyPool(2);
  afterAll(() => pool.close());
  const keys = generateEd25519KeyPair();
  const other = generateEd25519KeyPair();

  it("passes valid signatures and refuses altered, forged and malformed ones, with each payload's hash", async () => {
    const good = Array.from({ length: 7 }, (_, i) => seal({ seq: i + 1, note: "ok" }, keys));
    const altered = { ...good[0]!, payload: good[0]!.payload.replace("ok", "ko") };
    const forged = seal({ seq: 9 }, other);
    const malformed = { ...good[1]!, signature: "not-base64url!" };
    const short = { ...good[2]!, signature: good[2]!.signature.slice(0, 20) };
    // Over 1 KB (the default gzip window) and outside ASCII (packed by UTF-16 length, hashed as UTF-8).
    const big = seal({ seq: 8, note: "café ✓ 𝄞 ".repeat(300) }, keys);
    const all = [...good, altered, forged, malformed, short, big];
    const checks = await pool.check(keys.publicKey, all);
    expect(checks.map((c) => c.ok)).toEqual([...Array(7).fill(true), false, false, false, false, true]);
    expect(checks.map((c) => c.hash)).toEqual(all.map((e) => payloadHash(e)));
    // The body raw_envelopes stores: exactly what the main thread would have compressed.
    expect(checks.map((c) => gunzipSync(c.gzipped).toString("utf8"))).toEqual(all.map((e) => JSON.stringify(e)));
  });

  it("refuses everything for a key that is not an Ed25519 public key", async () => {
    const env = seal({ seq: 1 }, keys);
    expect(await pool.check("short", [env])).toMatchObject([{ ok: false, hash: payloadHash(env) }]);
    expect(await pool.check("bad key!", [env])).toMatchObject([{ ok: false, hash: payloadHash(env) }]);
  });

  it("stops once, refusing checks after", async () => {
    const p = createVerifyPool(1);
    await p.close();
    await p.close();
    await expect(p.check(keys.publicKey, [seal({ seq: 1 }, keys)])).rejects.toThrow(/stopped/);
  });
});
