// Storage grows with change, not time: the daily purge drops raw envelopes at 90 days (folding runs of heartbeats into
// one ledger range), history at 400; the ledger stays.
import { afterEach, beforeEach, expect, it } from "vitest";
import { DAY_MS, manualClock } from "../../server/clock.js";
import { ledgerForDevice, RANGE_HASH_BYTES } from "../../server/stores/ledger-store.js";
import { sha256Hex } from "../../shared/crypto/ed25519.js";
import { checkResult } from "./device.js";
import { describeDialects, enrolledDevice, newEnv, post, sendDailyHeartbeats, type TestEnv } from "./harness.js";

describeDialects("retention", (dialect) => {
  let env: TestEnv;
  const clock = manualClock("2026-01-01T00:00:00.000Z");
  beforeEach(async () => {
    clock.set("2026-01-01T00:00:00.000Z");
    env = await newEnv(dialect, { clock });
  });
  afterEach(async () => env.close());

  const count = async (
    table: "ledger" | "raw_envelopes" | "status_changes" | "integrity_events" | "current_results",
  ) => {
    const row = await env.server.ctx.db.kysely
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  };

  it("purges raw envelopes after 90 days and history after 400, keeping the ledger and current state", async () => {
    const enrolled = await enrolledDevice(env);
    const { device, send } = enrolled;
    device.lose(1);
    await send(device.full([checkResult("disk-encryption", "fail")], clock.now()));
    expect([
      await count("ledger"),
      await count("raw_envelopes"),
      await count("status_changes"),
      await count("integrity_events"),
    ]).toEqual([1, 1, 1, 1]);
    // Heartbeats add a ledger row and raw evidence each, but no history: storage follows change.
    await sendDailyHeartbeats(enrolled, clock, 5);
    expect([await count("ledger"), await count("status_changes")]).toEqual([6, 1]);

    expect(await env.server.scheduler.tick()).toEqual(["retention"]);
    expect(await env.server.scheduler.tick()).toEqual([]);
    expect(await count("raw_envelopes")).toBe(6);

    const before = await ledgerForDevice(env.server.ctx.db.kysely, device.deviceId);
    clock.advance(91 * DAY_MS);
    expect(await env.server.scheduler.tick()).toEqual(["retention"]);
    // The five heartbeats are one range now: it links to the full report before it and to the report after it.
    expect([await count("raw_envelopes"), await count("ledger"), await count("status_changes")]).toEqual([0, 2, 1]);
    const [full, range] = await ledgerForDevice(env.server.ctx.db.kysely, device.deviceId);
    const beats = before.slice(1);
    expect(full).toEqual(before[0]);
    expect(range).toMatchObject({
      id: beats[0]!.id,
      seq: beats[0]!.seq,
      prev_hash: full!.hash,
      hash: beats[4]!.hash,
      last_seq: beats[4]!.seq,
      envelopes: 5,
      collected_at: beats[0]!.collected_at,
      last_collected_at: beats[4]!.collected_at,
      run_digest: beats.slice(1).reduce((d, b) => sha256Hex(d + b.hash), beats[0]!.hash),
    });
    // Each folded envelope's hash is kept (its first 16 bytes, in seq order): a resend is told from a fork by it.
    const hashes = (rows: { hash: string }[]) =>
      Buffer.concat(rows.map((r) => Buffer.from(r.hash, "hex").subarray(0, RANGE_HASH_BYTES)));
    expect(Buffer.from(range!.range_hashes!).equals(hashes(beats))).toBe(true);
    // The chain goes on from the range: the next heartbeat is accepted as "next", and the next fold takes it in.
    const next = await send(device.heartbeat(undefined, clock.now()));
    expect(next.results[0]).toMatchObject({ outcome: "accepted" });
    expect((await ledgerForDevice(env.server.ctx.db.kysely, device.deviceId))[2]).toMatchObject({
      chain: "next",
      prev_hash: range!.hash,
    });

    clock.advance(310 * DAY_MS);
    await env.server.scheduler.tick();
    expect([await count("status_changes"), await count("integrity_events")]).toEqual([0, 0]);
    expect([await count("ledger"), await count("current_results")]).toEqual([2, 1]);
    expect((await ledgerForDevice(env.server.ctx.db.kysely, device.deviceId))[1]).toMatchObject({
      id: beats[0]!.id,
      last_seq: beats[4]!.seq + 1,
      envelopes: 6,
    });
    const [, grown] = await ledgerForDevice(env.server.ctx.db.kysely, device.deviceId);
    expect(Buffer.from(grown!.range_hashes!).equals(hashes([...beats, { hash: next.results[0]!.hash }]))).toBe(true);
  });

  it("honours --raw-retention-days and --retention-days", async () => {
    await env.close();
    env = await newEnv(dialect, { clock, config: { rawRetentionDays: 7, retentionDays: 30 } });
    const { device } = await enrolledDevice(env);
    await post(env, "/v1/reports", { deviceId: device.deviceId, envelopes: [device.full(undefined, clock.now())] });
    clock.advance(8 * DAY_MS);
    await env.server.scheduler.tick();
    expect([await count("raw_envelopes"), await count("status_changes")]).toEqual([0, 1]);
    clock.advance(30 * DAY_MS);
    await env.server.scheduler.tick();
    expect(await count("status_changes")).toBe(0);
  });
});
