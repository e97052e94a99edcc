// The provider's overview (issue 22b): the estate's totals from SQL, councils worst first, 50 a page, a search by name
// that paging keeps; the same figures on SQLite and PostgreSQL.
import { afterAll, beforeAll, expect, it } from "vitest";
import { estateStatement } from "../../server/dashboard/queries/estate.js";
import { createCouncil, createToken } from "../../server/services/admin.js";
import { checkResult, FakeDevice } from "../collector/device.js";
import { describeDialects, newEnv, type TestEnv } from "../collector/harness.js";
import { BASE, enrolAndReport, getPage, postForm, readyUser, sessionCookie } from "./support.js";

const HOSTILE = "<img src=x onerror=alert(1)> 100%_Parish";

describeDialects("provider overview at scale: totals, worst first, paging, search", (dialect) => {
  let env: TestEnv;
  let cookie = "";
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    env = await newEnv(dialect);
    const deps = { db: env.server.ctx.db, clock: env.server.ctx.clock };
    const q = env.server.ctx.db.kysely;
    const admin = await readyUser(env.server, "admin@provider.example", "provider-admin");
    const session = await sessionCookie(env.server, admin.user.id);
    cookie = session.cookie;
    const council = async (name: string) => {
      const c = await createCouncil(deps, name);
      ids[name] = c.id;
      return (await createToken(deps, { council: c.id, expires: "7d", uses: 10 })).token;
    };
    const pass = checkResult("disk-encryption", "pass");
    // Ashby: two laptops failing (one of them twice), one passing, one whose only fail is waived.
    const ashby = await council("Ashby Parish Council");
    await enrolAndReport(env.server, ashby, new FakeDevice(), [
      checkResult("disk-encryption", "fail"),
      checkResult("screen-lock", "fail"),
    ]);
    await enrolAndReport(env.server, ashby, new FakeDevice(), [
      checkResult("disk-encryption", "fail"),
      checkResult("screen-lock", "pass"),
    ]);
    await enrolAndReport(env.server, ashby, new FakeDevice(), [pass]);
    const waived = await enrolAndReport(env.server, ashby, new FakeDevice(), [checkResult("disk-encryption", "fail")]);
    const w = await postForm(env.server, `${BASE}/devices/${waived}/waivers`, cookie, {
      _csrf: session.csrf,
      control: "disk-encryption",
      reason: "New laptop ordered",
      expires: new Date(env.server.ctx.clock.now().getTime() + 30 * 86_400_000).toISOString().slice(0, 10),
    });
    expect(w.statusCode).toBeLessThan(400);
    // Brill: one laptop that passes but last reported 80 hours ago (silent after the default 72).
    const brill = await council("Brill Town Council");
    const silent = await enrolAndReport(env.server, brill, new FakeDevice(), [pass]);
    const old = new Date(env.server.ctx.clock.now().getTime() - 80 * 3_600_000).toISOString();
    await q.updateTable("devices").set({ last_seen_at: old }).where("id", "=", silent).execute();
    // Cotton: one laptop Ward could not check.
    const cotton = await council("Cotton Parish Council");
    await enrolAndReport(env.server, cotton, new FakeDevice(), [checkResult("disk-encryption", "unknown")]);
    // Dunham: a passing laptop and an integrity event waiting for a person.
    const dunham = await council("Dunham Parish Meeting");
    const d = await enrolAndReport(env.server, dunham, new FakeDevice(), [pass]);
    await q
      .insertInto("integrity_events")
      .values({
        id: "evt_test_gap",
        device_id: d,
        council_id: ids["Dunham Parish Meeting"]!,
        kind: "gap",
        seq: 7,
        detail_json: "{}",
        created_at: env.server.ctx.clock.now().toISOString(),
        acknowledged_at: null,
      })
      .execute();
    // A hostile name, and 55 councils with nothing enrolled yet: 60 councils, two pages.
    await council(HOSTILE);
    for (let i = 1; i <= 55; i++) await council(`Zeal Parish ${String(i).padStart(2, "0")}`);
  }, 120_000);
  afterAll(async () => env?.close());

  const rowOrder = (body: string) =>
    [...body.matchAll(/<th scope="row"><a href="\/dashboard\/councils\/([^"]+)">/g)].map((m) => m[1]);

  it("counts the estate in SQL: laptops once each, councils needing attention, empty councils", async () => {
    const res = await getPage(env.server, `${BASE}/`, cookie);
    expect(res.statusCode).toBe(200);
    const text = res.body.replace(/<[^>]+>/g, "");
    expect(text).toContain("7 laptops in 60 councils: 4 meet the policy (57%). 4 councils need attention.");
    expect(text).toMatch(/2\s+laptops failing a check/);
    expect(text).toMatch(/1\s+laptop silent/);
    expect(text).toMatch(/1\s+laptop Ward could not check/);
    expect(text).toMatch(/1\s+integrity event waiting/);
    expect(text).toMatch(/56\s+councils with no laptop/);
    // Each figure is one click from the same laptops in the device list.
    expect(res.body).toContain(`<a href="${BASE}/devices?status=fail"><strong>2</strong> laptops failing a check</a>`);
    expect(res.body).toContain(`<a href="${BASE}/devices?silent=1"><strong>1</strong> laptop silent</a>`);
    const list = await getPage(env.server, `${BASE}/devices?status=fail`, cookie);
    expect(list.body).toContain("2 devices, worst first");
  });

  it("lists councils worst first: failing, then events, then silent, then unknown, then by name", async () => {
    const res = await getPage(env.server, `${BASE}/`, cookie);
    const order = rowOrder(res.body);
    expect(order).toHaveLength(50);
    expect(order.slice(0, 5)).toEqual([
      ids["Ashby Parish Council"],
      ids["Dunham Parish Meeting"],
      ids["Brill Town Council"],
      ids["Cotton Parish Council"],
      ids[HOSTILE],
    ]);
    const ashby = new RegExp(
      `<th scope="row"><a href="${BASE}/councils/${ids["Ashby Parish Council"]}">[\\s\\S]*?</tr>`,
    ).exec(res.body)?.[0];
    expect(ashby).toContain("✘ 2 failing");
    expect(ashby).toContain('<span aria-hidden="true">‖</span> 1 waived');
    expect(res.body).toContain("⚠ 1 silent</a> <small>no report for 72 h</small>");
    expect(res.body).toContain("⚠ 1 integrity event</a>");
    expect(res.body).toContain("No laptop enrolled yet");
    // The council's name is shown as text, never as markup.
    expect(res.body).not.toContain("<img src=x");
    expect(res.body).toContain("&lt;img src=x onerror=alert(1)&gt; 100%_Parish");
  });

  it("pages 50 at a time with next and previous links", async () => {
    const first = await getPage(env.server, `${BASE}/`, cookie);
    expect(first.body).toContain("60 councils; 1–50 shown.");
    expect(first.body).toContain(`<a href="${BASE}/?page=2" rel="next">Next 50 →</a>`);
    expect(first.body).not.toContain('rel="prev"');
    const second = await getPage(env.server, `${BASE}/?page=2`, cookie);
    expect(second.body).toContain("60 councils; 51–60 shown.");
    expect(second.body).toContain(`<a href="${BASE}/" rel="prev">← Previous 50</a>`);
    expect(rowOrder(second.body)).toHaveLength(10);
    expect(second.body).toContain("Zeal Parish 55");
    // The totals are the whole estate's on every page; a page past the last says so and keeps them.
    expect(second.body).toContain("4 councils need attention");
    const past = await getPage(env.server, `${BASE}/?page=9`, cookie);
    expect(past.statusCode).toBe(200);
    expect(rowOrder(past.body)).toHaveLength(0);
    expect(past.body).toContain("4 councils need attention");
  });

  it("searches by council name (any case, % and _ literal); paging keeps the search", async () => {
    const brill = await getPage(env.server, `${BASE}/?q=BRILL`, cookie);
    expect(rowOrder(brill.body)).toEqual([ids["Brill Town Council"]]);
    expect(brill.body).toContain("1 council matches “BRILL”");
    expect(brill.body).toContain('value="BRILL"');
    expect(brill.body).toContain("4 councils need attention");
    const literal = await getPage(env.server, `${BASE}/?q=${encodeURIComponent("100%_")}`, cookie);
    expect(rowOrder(literal.body)).toEqual([ids[HOSTILE]]);
    const zeal = await getPage(env.server, `${BASE}/?q=zeal`, cookie);
    expect(zeal.body).toContain("55 councils match “zeal”; 1–50 shown.");
    expect(zeal.body).toContain(`<a href="${BASE}/?q=zeal&amp;page=2" rel="next">`);
    const zeal2 = await getPage(env.server, `${BASE}/?q=zeal&page=2`, cookie);
    expect(rowOrder(zeal2.body)).toHaveLength(5);
    expect(zeal2.body).toContain(`<a href="${BASE}/?q=zeal" rel="prev">`);
    const none = await getPage(env.server, `${BASE}/?q=${encodeURIComponent("<script>x")}`, cookie);
    expect(none.body).toContain("No council&#39;s name contains this.");
    expect(none.body).not.toContain("<script>x");
  });

  it("counts each control across every council, waived fails apart, each count a link to those laptops", async () => {
    const res = await getPage(env.server, `${BASE}/`, cookie);
    const table = /<table class="per-control">[\s\S]*?<\/table>/.exec(res.body)?.[0] ?? "";
    const disk = /<th scope="row">Disk encryption<\/th>[\s\S]*?<\/tr>/.exec(table)?.[0] ?? "";
    expect(disk).toContain(
      `href="${BASE}/devices?control=disk-encryption&amp;status=fail" class="s-fail"><span aria-hidden="true">✘</span> 2</a>`,
    );
    expect(disk).toContain('<span aria-hidden="true">?</span> 1</a>');
    expect(disk).toContain('<span aria-hidden="true">‖</span> 1</a>');
    expect(disk).toContain('<span aria-hidden="true">✔</span> 3</a>');
  });

  it("reads indexes only: SQLite is never left to build one (a guessed plan took seconds with 20 councils of 500)", async () => {
    const handle = env.server.ctx.db.sqlite;
    if (dialect !== "sqlite" || !handle) return;
    const q = env.server.ctx.db.kysely;
    const st = (await estateStatement(q, env.server.ctx.clock.now(), { search: "parish", page: 1 })).compile(q);
    const plan = handle
      .prepare(`explain query plan ${st.sql}`)
      .all(...(st.parameters as unknown[]))
      .map((r) => (r as { detail: string }).detail);
    expect(plan.join("\n")).toContain("current_results_status_device_22b");
    expect(plan.join("\n")).toContain("devices_council_seen_id_22b");
    expect(plan.filter((l) => /AUTOMATIC|SCAN (df|du|per|k|flags) LEFT-JOIN/.test(l))).toEqual([]);
  });
});
