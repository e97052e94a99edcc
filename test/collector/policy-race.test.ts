// Two policy changes at once never overwrite each other: both USB approvals end up in the council's policy.
import { afterEach, expect, it } from "vitest";
import { Policy } from "../../shared/schemas/policy.js";
import { approveUsb } from "../../server/dashboard/approvals.js";
import { councilWithToken, describeDialects, newEnv, type TestEnv } from "./harness.js";

describeDialects("policy changes at once", (dialect) => {
  let env: TestEnv | undefined;
  afterEach(async () => env?.close());

  it("keeps both of two simultaneous USB approvals, each with its own version", async () => {
    env = await newEnv(dialect);
    const { council } = await councilWithToken(env);
    const deps = { db: env.server.ctx.db, clock: env.server.ctx.clock };
    const ids = ["0001", "0002", "0003", "0004"].map((p) => ({ vendorId: "0781", productId: p, serial: null }));
    const results = await Promise.all(
      ids.map((id, i) => approveUsb(deps, council.id, id, `Stick ${i}`, "dsfm@council.example")),
    );
    const row = await env.server.ctx.db.kysely
      .selectFrom("councils")
      .select("policy_json")
      .where("id", "=", council.id)
      .executeTakeFirstOrThrow();
    const policy = Policy.parse(JSON.parse(row.policy_json));
    expect(policy.approvedUsbDevices.map((a) => a.productId).sort()).toEqual(["0001", "0002", "0003", "0004"]);
    expect(policy.version).toBe(5);
    expect(new Set(results.map((r) => r.version)).size).toBe(4);
  });
});
