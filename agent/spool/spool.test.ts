// The spool: durable entries oldest first, corrupt files set aside, limits drop the oldest and keep the newest.
import { mkdtempSync, readdirSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { memoryLogger } from "../../shared/logger.js";
import { generateEd25519KeyPair } from "../../shared/crypto/ed25519.js";
import { seal } from "../../shared/crypto/envelope.js";
import { sampleReport, signedChain } from "../../shared/testing/sample-report.js";
import { Spool } from "./spool.js";

function spoolWith(n: number) {
  const dir = mkdtempSync(join(tmpdir(), "ward-spool-"));
  const log = memoryLogger();
  const spool = new Spool(dir, log);
  const { envelopes } = signedChain(n);
  return { dir, log, spool, envelopes };
}

describe("Spool", () => {
  it("keeps entries oldest first and removes only what it is told", async () => {
    const { spool, envelopes } = spoolWith(3);
    for (const [i, e] of envelopes.entries()) await spool.append(i + 1, e);
    expect((await spool.list()).map((e) => e.seq)).toEqual([1, 2, 3]);
    await spool.remove([1, 3]);
    expect((await spool.list()).map((e) => [e.seq, e.envelope])).toEqual([[2, envelopes[1]]]);
  });

  it("sets aside a corrupt entry instead of sending it, and says so", async () => {
    const { dir, spool, envelopes, log } = spoolWith(2);
    await spool.append(1, envelopes[0]!);
    writeFileSync(join(dir, "spool", "000000000002.json"), '{"payload": "trunc');
    expect((await spool.list()).map((e) => e.seq)).toEqual([1]);
    expect(readdirSync(join(dir, "spool", "corrupt"))).toEqual(["000000000002.json"]);
    expect(log.lines.some((l) => l.level === "error" && l.message.includes("moved to corrupt/"))).toBe(true);
  });

  it("drops the oldest entries past the age limit, keeping the newest", async () => {
    const { dir, spool, envelopes } = spoolWith(4);
    for (const [i, e] of envelopes.entries()) await spool.append(i + 1, e);
    const old = new Date("2026-09-01T00:00:00Z");
    for (const seq of [1, 2]) utimesSync(join(dir, "spool", `00000000000${seq}.json`), old, old);
    const dropped = await spool.enforceLimits({ maxAgeDays: 30, maxBytes: 1e9 }, new Date("2026-11-22T00:00:00Z"));
    expect(dropped).toEqual({ count: 2, firstSeq: 1, lastSeq: 2 });
    expect((await spool.list()).map((e) => e.seq)).toEqual([3, 4]);
  });

  it("never drops a drop record: it explains an earlier gap", async () => {
    const { spool, envelopes } = spoolWith(4);
    const key = generateEd25519KeyPair();
    const { resultsHash: _r, results: _x, ...base } = sampleReport({ seq: 1 });
    const dropRecord = seal(
      { ...base, kind: "spool-drop", dropped: { count: 3, firstSeq: 1, lastSeq: 3, reason: "full" } },
      key,
    );
    await spool.append(1, dropRecord);
    for (const [i, e] of envelopes.slice(1).entries()) await spool.append(i + 2, e);
    const dropped = await spool.enforceLimits({ maxAgeDays: 30, maxBytes: 1 }, new Date());
    expect(dropped).toEqual({ count: 2, firstSeq: 2, lastSeq: 3 });
    expect((await spool.list()).map((e) => e.seq)).toEqual([1, 4]);
  });

  it("drops by size down to the budget but never the newest entry", async () => {
    const { spool, envelopes } = spoolWith(4);
    for (const [i, e] of envelopes.entries()) await spool.append(i + 1, e);
    const dropped = await spool.enforceLimits({ maxAgeDays: 30, maxBytes: 1 }, new Date());
    expect(dropped).toEqual({ count: 3, firstSeq: 1, lastSeq: 3 });
    expect((await spool.depth()).count).toBe(1);
  });
});
