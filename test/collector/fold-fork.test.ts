// A different envelope signed with the device key at a seq inside a folded ledger range (a cloned laptop, or one
// restored from a backup signing new reports) is a fork: recorded and raised to a person, never answered "duplicate"
// (which the agent takes as stored and deletes). Adapted from the red-team repro of the fold.
import { afterEach, beforeEach, expect, it } from "vitest";
import { payloadHash } from "../../shared/crypto/envelope.js";
import type { Envelope } from "../../shared/schemas/envelope.js";
import { DAY_MS, manualClock } from "../../server/clock.js";
import { MAX_RANGE } from "../../server/stores/ledger-fold.js";
import { ledgerForDevice, RANGE_HASH_BYTES } from "../../server/stores/ledger-store.js";
import { checkResult } from "./device.js";
import { describeDialects, enrolledDevice, foldedDevice, newEnv, type TestEnv } from "./harness.js";

describeDialects("a fork inside a folded range", (dialect) => {
  let env: TestEnv;
  const clock = manualClock("2026-01-01T00:00:00.000Z");
  beforeEach(async () => {
    clock.set("2026-01-01T00:00:00.000Z");
    env = await newEnv(dialect, { clock });
  });
  afterEach(async () => env.close());

  const count = async (table: "ledger" | "integrity_events") => {
    const row = await env.server.ctx.db.kysely
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  };
  const forks = async () =>
    (
      await env.server.ctx.db.kysely
        .selectFrom("integrity_events")
        .select(["kind", "seq"])
        .where("kind", "=", "fork")
        .orderBy("seq")
        .execute()
    ).map((e) => [e.kind, Number(e.seq)]);

  it("at the range's first seq and at inner seqs is refused as a fork and raised, and only once", async () => {
    const { device, send, first, beats } = await foldedDevice(env, clock);
    const ledgerRows = await count("ledger");
    const events = await count("integrity_events");
    const saved = { seq: device.seq, prev: device.prevHash };

    // A clone continuing from seq 1: the range's first seq, the same previous hash, different content.
    device.seq = 1;
    device.prevHash = payloadHash(first);
    const atFirst = device.full([checkResult("disk-encryption", "fail")], clock.now());
    // A laptop restored from a backup taken at seq 3 signs new reports at seq 4 and 5.
    device.seq = 3;
    device.prevHash = payloadHash(beats[1]!);
    const inner1 = device.full([checkResult("disk-encryption", "fail")], clock.now());
    const inner2 = device.full([checkResult("screen-lock", "fail")], clock.now());
    device.seq = saved.seq;
    device.prevHash = saved.prev;

    const a = (await send(atFirst)).results;
    const b = (await send(inner1, inner2)).results;
    for (const r of [...a, ...b]) {
      expect(r.outcome).toBe("rejected");
      expect(r.reason).toMatch(/^fork: a different report with seq \d+ was already received/);
    }
    expect([...a, ...b].map((r) => r.seq)).toEqual([2, 4, 5]);
    expect(await count("ledger")).toBe(ledgerRows + 3);
    expect(await count("integrity_events")).toBe(events + 3);
    expect(await forks()).toEqual([
      ["fork", 2],
      ["fork", 4],
      ["fork", 5],
    ]);

    // Sent again, the same forks are refused again but recorded and raised only once.
    expect((await send(atFirst, inner1, inner2)).results.map((r) => r.outcome)).toEqual(Array(3).fill("rejected"));
    expect(await count("ledger")).toBe(ledgerRows + 3);
    expect(await count("integrity_events")).toBe(events + 3);
    // The genuine folded envelopes are still answered as stored, and the chain goes on.
    expect((await send(...beats)).results.map((r) => r.outcome)).toEqual(Array(5).fill("duplicate"));
    expect((await send(device.heartbeat(undefined, clock.now()))).results[0]).toMatchObject({ outcome: "accepted" });
  });

  it("inside a range folded before ranges kept their hashes: refused as a fork, since nothing shows it is a resend", async () => {
    const { device, send, beats, range } = await foldedDevice(env, clock);
    await env.server.ctx.db.kysely
      .updateTable("ledger")
      .set({ range_hashes: null })
      .where("id", "=", range.id)
      .execute();
    const events = await count("integrity_events");
    // The range's last envelope is still known by its hash; an inner one is not.
    expect((await send(beats[4]!)).results[0]).toMatchObject({ outcome: "duplicate" });
    const [inner] = (await send(beats[2]!)).results;
    expect(inner).toMatchObject({ outcome: "rejected" });
    expect(inner!.reason).toMatch(/^fork: seq 4 lies in the ledger range of seq 2-6, folded before/);
    expect(await count("integrity_events")).toBe(events + 1);
    // The next fold does not extend that range (its hashes are unknown): a new range starts after it.
    for (let i = 0; i < 3; i++) await send(device.heartbeat(undefined, clock.now()));
    clock.advance(91 * DAY_MS);
    await env.server.scheduler.tick();
    const rows = (await ledgerForDevice(env.server.ctx.db.kysely, device.deviceId)).filter(
      (r) => r.outcome === "accepted",
    );
    expect(rows.map((r) => [r.seq, r.last_seq])).toEqual([
      [1, null],
      [2, 6],
      [7, 10],
    ]);
    expect(rows[2]!.range_hashes?.length).toBe(4 * RANGE_HASH_BYTES);
  });

  it(`folds at most ${MAX_RANGE} envelopes into one range, each range keeping all its hashes`, async () => {
    const { device, send } = await enrolledDevice(env);
    await send(device.full([checkResult("disk-encryption", "pass")], clock.now()));
    const beats: Envelope[] = [];
    for (let i = 0; i < MAX_RANGE + 10; i++) beats.push(device.heartbeat(undefined, clock.now()));
    for (let i = 0; i < beats.length; i += 100) {
      const out = await send(...beats.slice(i, i + 100));
      expect(out.results.every((r) => r.outcome === "accepted")).toBe(true);
    }
    clock.advance(91 * DAY_MS);
    await env.server.scheduler.tick();
    const [, a, b] = await ledgerForDevice(env.server.ctx.db.kysely, device.deviceId);
    expect([a?.seq, a?.last_seq, b?.seq, b?.last_seq]).toEqual([2, MAX_RANGE + 1, MAX_RANGE + 2, MAX_RANGE + 11]);
    expect([a?.range_hashes?.length, b?.range_hashes?.length]).toEqual([
      RANGE_HASH_BYTES * MAX_RANGE,
      RANGE_HASH_BYTES * 10,
    ]);
    // Every one of them sent again is a duplicate, across both ranges; nothing is recorded.
    const ledgerRows = await count("ledger");
    for (let i = 0; i < beats.length; i += 100) {
      const out = await send(...beats.slice(i, i + 100));
      expect(out.results.every((r) => r.outcome === "duplicate")).toBe(true);
    }
    expect(await count("ledger")).toBe(ledgerRows);
  });
});
