// An envelope the collector acknowledged, sent again after its heartbeat run was folded into a ledger range, is
// answered as already stored (the agent deletes it), never as stale or a fork (which would set it aside or alarm).
import { afterEach, beforeEach, expect, it } from "vitest";
import { manualClock } from "../../server/clock.js";
import { describeDialects, foldedDevice, newEnv, type TestEnv } from "./harness.js";

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
    const { send, beats, answers, ticked } = await foldedDevice(env, clock);
    for (const answer of answers) expect(answer).toMatchObject({ outcome: "accepted" });
    expect(ticked).toEqual(["retention"]);
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
