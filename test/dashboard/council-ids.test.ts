// Dashboard write routes find a council by its id only: a council named after another's id changes nothing (issue 14.14).
import { afterEach, expect, it } from "vitest";
import { canonicalJson } from "../../shared/canonical-json.js";
import { Policy } from "../../shared/schemas/policy.js";
import { createCouncil } from "../../server/services/admin.js";
import { findCouncilById, insertCouncil } from "../../server/stores/council-store.js";
import { describeDialects, newEnv, type TestEnv } from "../collector/harness.js";
import { BASE, postForm, readyUser, sessionCookie } from "./support.js";

describeDialects("council lookups by id", (dialect) => {
  let env: TestEnv | undefined;
  afterEach(async () => env?.close());

  it("approves a USB stick in the council of the URL's id, not in a council whose name is that id", async () => {
    env = await newEnv(dialect);
    const q = env.server.ctx.db.kysely;
    const policy = canonicalJson(Policy.parse({ version: 1, issuedAt: "2026-11-20T09:00:00.000Z" }));
    // Made before the rule that refuses such names (or straight in the database): it is first in the table.
    await insertCouncil(q, {
      id: "cou_bbbbbbbbbbbb",
      name: "cou_aaaaaaaaaaaa",
      policy_json: policy,
      created_at: "2026-11-20T09:00:00.000Z",
    });
    await insertCouncil(q, {
      id: "cou_aaaaaaaaaaaa",
      name: "Alpha Town Council",
      policy_json: policy,
      created_at: "2026-11-20T09:00:01.000Z",
    });
    const m = await readyUser(env.server, "dsfm@alpha.example", "council-manager", "cou_aaaaaaaaaaaa");
    const s = await sessionCookie(env.server, m.user.id);
    const res = await postForm(env.server, `${BASE}/councils/cou_aaaaaaaaaaaa/approvals`, s.cookie, {
      _csrf: s.csrf,
      vendorId: "0781",
      productId: "5581",
      serial: "4C530001",
      label: "Clerk's backup stick",
      reason: "Minutes backup",
    });
    expect(res.statusCode).toBe(303);
    const approved = (id: string) => findCouncilById(q, id).then((c) => Policy.parse(JSON.parse(c!.policy_json)));
    expect((await approved("cou_aaaaaaaaaaaa")).approvedUsbDevices.map((d) => d.serial)).toEqual(["4C530001"]);
    expect((await approved("cou_bbbbbbbbbbbb")).approvedUsbDevices).toEqual([]);
    expect((await approved("cou_bbbbbbbbbbbb")).version).toBe(1);
    // And no new council may be named like an id.
    await expect(
      createCouncil({ db: env.server.ctx.db, clock: env.server.ctx.clock }, "cou_aaaaaaaaaaaa"),
    ).rejects.toThrow(/cannot start with cou_/);
  });
});
