// A database failure in the alert hook before it writes anything (its reads: waivers, results, states) is never
// swallowed as "stored without alerts" when it ended the transaction: on SQLite the batch then fails whole and is sent
// again, never half committed; on PostgreSQL the hook's savepoint keeps the report and rolls back only the alerting.
import { sql } from "kysely";
import { afterEach, expect, it, vi } from "vitest";
import { currentResults } from "../../server/stores/results-store.js";
import { ledgerForDevice } from "../../server/stores/ledger-store.js";
import { checkResult } from "../collector/device.js";
import { describeDialects, enrolledDevice, newEnv, post, type TestEnv } from "../collector/harness.js";

// The hook's first read fails once, as the database would: SQLite rolls back the whole transaction on SQLITE_IOERR
// (and FULL, NOMEM, BUSY may), so the fault does the same before throwing; PostgreSQL fails a real statement, which
// aborts the transaction up to the last savepoint.
const fault = vi.hoisted(() => ({ armed: false }));
vi.mock("../../server/stores/waiver-store.js", async (original) => {
  const real = await original<typeof import("../../server/stores/waiver-store.js")>();
  return {
    ...real,
    activeWaivers: async (...args: Parameters<typeof real.activeWaivers>) => {
      if (fault.armed) {
        fault.armed = false;
        const [q] = args;
        if (q.getExecutor().adapter.constructor.name.includes("Sqlite")) {
          await sql`rollback`.execute(q);
          throw Object.assign(new Error("disk I/O error"), { code: "SQLITE_IOERR" });
        }
        await sql`select 1 / 0`.execute(q);
      }
      return real.activeWaivers(...args);
    },
  };
});

describeDialects("the alert hook and a failing database read", (dialect) => {
  let env: TestEnv | undefined;
  afterEach(async () => {
    fault.armed = false;
    await env?.close();
    env = undefined;
  });

  it("loses no report and keeps results and chain in step", async () => {
    env = await newEnv(dialect);
    const { device, send } = await enrolledDevice(env);
    expect((await send(device.full([checkResult("disk-encryption", "pass")]))).results[0]!.outcome).toBe("accepted");
    const q = env.server.ctx.db.kysely;
    const seqs = async () => (await ledgerForDevice(q, device.deviceId)).map((r) => `${r.seq}:${r.outcome}`);
    const status = async () => (await currentResults(q, device.deviceId)).map((r) => `${r.control}:${r.status}`);

    // A full report that fails a control (the hook reads the waivers for it), then two heartbeats naming it.
    const batch = [device.full([checkResult("disk-encryption", "fail")]), device.heartbeat(), device.heartbeat()];
    fault.armed = true;
    const first = await post(env, "/v1/reports", { deviceId: device.deviceId, envelopes: batch });
    expect(fault.armed).toBe(false);

    if (dialect === "sqlite") {
      // The transaction is gone: nothing of the batch is kept (before the fix seq 3 and 4 were, and seq 2 was lost).
      expect(first.status).toBeGreaterThanOrEqual(500);
      expect(await seqs()).toEqual(["1:accepted"]);
      expect(await status()).toEqual(["disk-encryption:pass"]);
      // The agent sends the same batch again: all of it is accepted, and the results are the failing ones.
      const again = await post(env, "/v1/reports", { deviceId: device.deviceId, envelopes: batch });
      expect(again.status).toBe(200);
      expect((again.body as { results: { outcome: string }[] }).results.map((r) => r.outcome)).toEqual([
        "accepted",
        "accepted",
        "accepted",
      ]);
    } else {
      // The savepoint kept the transaction: the whole batch is stored, only the alerting of seq 2 rolled back.
      expect(first.status).toBe(200);
      expect((first.body as { results: { outcome: string }[] }).results.map((r) => r.outcome)).toEqual([
        "accepted",
        "accepted",
        "accepted",
      ]);
    }
    expect(await seqs()).toEqual(["1:accepted", "2:accepted", "3:accepted", "4:accepted"]);
    expect(await status()).toEqual(["disk-encryption:fail"]);
  });
});
