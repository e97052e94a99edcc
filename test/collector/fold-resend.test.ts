// An envelope the collector acknowledged, sent again after its heartbeat run was folded into a ledger range, is
// answered as already stored (the agent deletes it), never as stale or a fork (which would set it aside or alarm).
import { afterEach, beforeEach, expect, it } from "vitest";
import { EnrollResponse, ReportsResponse } from "../../shared/schemas/api.js";
import type { Envelope } from "../../shared/schemas/envelope.js";
import { DAY_MS, manualClock } from "../../server/clock.js";
import { ledgerForDevice } from "../../server/stores/ledger-store.js";
import { checkResult, FakeDevice } from "./device.js";
import { bodyOf, councilWithToken, describeDialects, newEnv, post, type TestEnv } from "./harness.js";

describeDialects("resent inside a folded range", (dialect) => {
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

  it("answers duplicate for the first, an inner and the last envelope of a range, storing nothing", async () => {
    const { token } = await councilWithToken(env);
    const device = new FakeDevice();
    device.deviceId = bodyOf(await post(env, "/v1/enroll", device.enrollBody(token.token)), EnrollResponse).deviceId;
    const send = async (...envelopes: Envelope[]) =>
      bodyOf(await post(env, "/v1/reports", { deviceId: device.deviceId, envelopes }), ReportsResponse);
    await send(device.full([checkResult("disk-encryption", "pass")], clock.now()));
    const beats: Envelope[] = [];
    for (let i = 0; i < 5; i++) {
      clock.advance(DAY_MS);
      beats.push(device.heartbeat(undefined, clock.now()));
      expect((await send(beats.at(-1)!)).results[0]).toMatchObject({ outcome: "accepted" });
    }
    clock.advance(91 * DAY_MS);
    expect(await env.server.scheduler.tick()).toEqual(["retention"]);
    const [, range] = await ledgerForDevice(env.server.ctx.db.kysely, device.deviceId);
    expect(range).toMatchObject({ seq: 2, last_seq: 6, envelopes: 5 });
    // The chain went on past the range.
    expect((await send(device.heartbeat(undefined, clock.now()))).results[0]).toMatchObject({ outcome: "accepted" });
    const ledgerRows = await count("ledger");
    const events = await count("integrity_events");

    // A spool restored from a backup sends the folded heartbeats again, alone and in one batch.
    for (const beat of [beats[0]!, beats[2]!, beats[4]!]) {
      const [answer] = (await send(beat)).results;
      expect(answer).toMatchObject({ outcome: "duplicate" });
    }
    const again = await send(...beats);
    expect(again.results.map((r) => r.outcome)).toEqual(Array(5).fill("duplicate"));
    // Nothing was recorded: no "stale" rejection, no fork, no integrity event.
    expect(await count("ledger")).toBe(ledgerRows);
    expect(await count("integrity_events")).toBe(events);
  });
});
