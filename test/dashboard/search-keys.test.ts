// Searches find names whatever their case, non-ASCII capitals included (issue 22b): the overview's council search, the
// device list's and a council's device search read stored keys made in JavaScript, on SQLite and PostgreSQL alike.
import type { Kysely } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import { councilMatrix } from "../../server/dashboard/queries/council-devices.js";
import { deviceList } from "../../server/dashboard/queries/device-list.js";
import { upsertDeviceAsset } from "../../server/dashboard/asset-store.js";
import { estatePage } from "../../server/dashboard/queries/estate.js";
import { backfillSearchKeys } from "../../server/db/migrations/0550-issue22b-search-keys.js";
import { backfillAssetKeys } from "../../server/db/migrations/0560-issue22b-asset-search-keys.js";
import { createCouncil, createToken } from "../../server/services/admin.js";
import { searchKey } from "../../server/stores/search-key.js";
import { checkResult, FakeDevice } from "../collector/device.js";
import { describeDialects, newEnv, type TestEnv } from "../collector/harness.js";
import { enrolAndReport } from "./support.js";

const NAMES = ["Évora Town Council", "Öster Parish", "Zero\u200bWidth Parish", "Ashby Parish Council", "100% Parish_x"];

describeDialects("searches by stored keys, whatever the case", (dialect) => {
  let env: TestEnv;
  let evoraId = "";
  let device: FakeDevice;
  let token = "";
  const councils = async (search: string) =>
    (await estatePage(env.server.ctx.db.kysely, env.server.ctx.clock.now(), { search, page: 1 })).councils
      .map((c) => c.name)
      .sort();
  const devices = async (search: string) =>
    (
      await deviceList(env.server.ctx.db.kysely, env.server.ctx.clock.now(), {
        councilId: null,
        search,
        control: null,
        status: null,
        silent: false,
        os: null,
        sort: "hostname",
        page: 1,
      })
    ).rows.map((r) => r.hostname);
  const inCouncil = async (search: string) =>
    (
      await councilMatrix(env.server.ctx.db.kysely, env.server.ctx.clock.now(), {
        councilId: evoraId,
        search,
        filter: "all",
        sort: "hostname",
        page: 1,
      })
    ).rows.map((r) => r.hostname);

  beforeAll(async () => {
    env = await newEnv(dialect);
    const deps = { db: env.server.ctx.db, clock: env.server.ctx.clock };
    for (const name of NAMES) {
      const c = await createCouncil(deps, name);
      if (name.startsWith("Évora")) evoraId = c.id;
    }
    token = (await createToken(deps, { council: evoraId, expires: "7d", uses: 10 })).token;
    device = new FakeDevice();
    device.inventory.hostname = "SØREN-PC";
    await enrolAndReport(env.server, token, device, [checkResult("disk-encryption", "pass")]);
  });
  afterAll(async () => env?.close());

  it("makes keys in JavaScript: every script's capitals lowered, NFKC, invisible and bidi characters gone", () => {
    expect(searchKey("ÉVORA Town")).toBe("évora town");
    expect(searchKey("ＰＣ\u202e-01")).toBe("pc-01");
    expect(searchKey("Zero\u200bWidth  Parish")).toBe("zerowidth parish");
  });

  it("finds a council by its name in any case on the overview, non-ASCII capitals included", async () => {
    for (const q of ["évora", "Évora", "ÉVORA", "town"]) expect(await councils(q), q).toEqual(["Évora Town Council"]);
    for (const q of ["öster", "ÖSTER", "Öster"]) expect(await councils(q), q).toEqual(["Öster Parish"]);
    expect(await councils("zerowidth")).toEqual(["Zero\u200bWidth Parish"]);
    expect(await councils("ASHBY")).toEqual(["Ashby Parish Council"]);
    // % and _ are what they say, not wildcards.
    expect(await councils("%")).toEqual(["100% Parish_x"]);
    expect(await councils("_")).toEqual(["100% Parish_x"]);
    expect(await councils("0%")).toEqual(["100% Parish_x"]);
    expect(await councils("nowhere")).toEqual([]);
  });

  it("finds a device by its hostname in any case, and by its new hostname after a report renames it", async () => {
    expect(await devices("søren")).toEqual(["SØREN-PC"]);
    expect(await devices("ØREN")).toEqual(["SØREN-PC"]);
    expect(await devices("ÉVORA")).toEqual(["SØREN-PC"]);
    expect(await inCouncil("søren-pc")).toEqual(["SØREN-PC"]);
    device.inventory.hostname = "ÅSA-LAPTOP";
    const sent = await env.server.app.inject({
      method: "POST",
      url: "/v1/reports",
      payload: { deviceId: device.deviceId, envelopes: [device.full()] },
    });
    expect(sent.statusCode).toBe(200);
    expect(await devices("åsa")).toEqual(["ÅSA-LAPTOP"]);
    expect(await inCouncil("ÅSA")).toEqual(["ÅSA-LAPTOP"]);
    expect(await devices("søren")).toEqual([]);
  });

  it("finds a device by its asset number or assigned user in any case, in the list and in its council", async () => {
    const q = env.server.ctx.db.kysely;
    const values = { asset_number: "ÆB-0042", assigned_user: "Zoë Özil", location: "Town hall" };
    await upsertDeviceAsset(q, device.deviceId, values, "admin@provider.example", new Date().toISOString());
    for (const s of ["ZOË ÖZIL", "özil", "æb-0042"]) expect(await devices(s), s).toEqual(["ÅSA-LAPTOP"]);
    expect(await inCouncil("ZOË")).toEqual(["ÅSA-LAPTOP"]);
    expect(await inCouncil("æb-00")).toEqual(["ÅSA-LAPTOP"]);
  });

  it("the migration's backfill writes the keys of names stored before it", async () => {
    const q = env.server.ctx.db.kysely;
    await q.updateTable("councils").set({ name_key: "" }).execute();
    await q.updateTable("devices").set({ hostname_key: "" }).execute();
    await q.updateTable("device_assets").set({ asset_number_key: "", assigned_user_key: "" }).execute();
    expect(await councils("évora")).toEqual([]);
    expect(await devices("özil")).toEqual([]);
    await backfillSearchKeys(q as unknown as Kysely<unknown>);
    await backfillAssetKeys(q as unknown as Kysely<unknown>);
    expect(await devices("ÖZIL")).toEqual(["ÅSA-LAPTOP"]);
    expect(await councils("ÉVORA")).toEqual(["Évora Town Council"]);
    expect(await devices("ÅSA")).toEqual(["ÅSA-LAPTOP"]);
    const keys = await q.selectFrom("councils").select(["name", "name_key"]).execute();
    for (const k of keys) expect(k.name_key).toBe(searchKey(k.name));
  });
});
