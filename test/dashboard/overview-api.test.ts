// /dashboard/api/overview pages and searches like the HTML overview (50 a page or ?limit=, ?q=, ?page=), carries the
// estate's totals, refuses a bad query string with a 400 that says what to send, and keeps a council to its own.
import { afterAll, beforeAll, expect, it } from "vitest";
import type { OverviewApiAnswer } from "../../server/dashboard/pages/overview-api.js";
import { createCouncil, createToken } from "../../server/services/admin.js";
import { checkResult, FakeDevice } from "../collector/device.js";
import { describeDialects, newEnv, type TestEnv } from "../collector/harness.js";
import { BASE, enrolAndReport, getPage, readyUser, sessionCookie } from "./support.js";

const API = `${BASE}/api/overview`;

describeDialects("the overview's JSON API: paged, searched, validated", (dialect) => {
  let env: TestEnv;
  let provider = "";
  let dsfm = "";
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    env = await newEnv(dialect);
    const deps = { db: env.server.ctx.db, clock: env.server.ctx.clock };
    const council = async (name: string) => {
      const c = await createCouncil(deps, name);
      ids[name] = c.id;
      return (await createToken(deps, { council: c.id, expires: "7d", uses: 10 })).token;
    };
    // Ashby: two laptops, one failing two checks. Cotton: one laptop Ward could not check. 55 with none.
    const ashby = await council("Ashby Parish Council");
    await enrolAndReport(env.server, ashby, new FakeDevice(), [
      checkResult("disk-encryption", "fail"),
      checkResult("screen-lock", "fail"),
    ]);
    await enrolAndReport(env.server, ashby, new FakeDevice(), [checkResult("disk-encryption", "pass")]);
    const cotton = await council("Cotton Parish Council");
    await enrolAndReport(env.server, cotton, new FakeDevice(), [checkResult("disk-encryption", "unknown")]);
    for (let i = 1; i <= 55; i++) await council(`Zeal Parish ${String(i).padStart(2, "0")}`);
    const admin = await readyUser(env.server, "admin@provider.example", "provider-admin");
    provider = (await sessionCookie(env.server, admin.user.id)).cookie;
    const m = await readyUser(env.server, "dsfm@ashby.example", "council-manager", ids["Ashby Parish Council"]);
    dsfm = (await sessionCookie(env.server, m.user.id)).cookie;
  }, 120_000);
  afterAll(async () => env?.close());

  const answer = async (url: string, cookie = provider) => {
    const res = await getPage(env.server, url, cookie);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers["content-type"]).toContain("application/json");
    return JSON.parse(res.body) as OverviewApiAnswer;
  };
  const refused = async (url: string) => {
    const res = await getPage(env.server, url, provider);
    expect(res.statusCode, url).toBe(400);
    return (JSON.parse(res.body) as { error: { code: string; message: string } }).error;
  };

  it("answers 50 councils worst first with the whole estate's totals and a link to the next page", async () => {
    const first = await answer(API);
    expect(first).toMatchObject({ search: "", page: 1, limit: 50, matching: 57, pages: 2, next: `${API}?page=2` });
    expect(first.totals).toEqual({
      councils: 57,
      needAttention: 2,
      empty: 55,
      devices: 3,
      meeting: 1,
      failing: 1,
      unknown: 1,
      silent: 0,
      noResults: 0,
      events: 0,
    });
    expect(first.councils).toHaveLength(50);
    expect(first.councils.slice(0, 3).map((c) => c.id)).toEqual([
      ids["Ashby Parish Council"],
      ids["Cotton Parish Council"],
      ids["Zeal Parish 01"],
    ]);
    // Each council keeps the summary it had (per-control counts) and gains its laptops counted once each.
    expect(first.councils[0]).toMatchObject({
      name: "Ashby Parish Council",
      devices: 2,
      failing: 1,
      unknown: 0,
      noResults: 0,
      controls: { "disk-encryption": { fail: 1, pass: 1 }, "screen-lock": { fail: 1 } },
      events: {},
    });
    const second = await answer(first.next!);
    expect(second).toMatchObject({ page: 2, next: null, totals: first.totals });
    expect(second.councils.map((c) => c.name)).toEqual(
      Array.from({ length: 7 }, (_, i) => `Zeal Parish ${String(49 + i).padStart(2, "0")}`),
    );
    // A page past the last is empty and still carries the totals.
    expect(await answer(`${API}?page=9`)).toMatchObject({ councils: [], totals: first.totals, next: null });
  });

  it("takes a bounded limit and a council-name search (any case, spaces trimmed) that the next link keeps", async () => {
    const small = await answer(`${API}?limit=2`);
    expect(small).toMatchObject({ limit: 2, pages: 29, next: `${API}?page=2&limit=2` });
    expect(small.councils.map((c) => c.id)).toEqual([ids["Ashby Parish Council"], ids["Cotton Parish Council"]]);
    const zeal = await answer(`${API}?q=${encodeURIComponent(" ZEAL ")}&limit=20&page=2`);
    expect(zeal).toMatchObject({ search: "ZEAL", matching: 55, pages: 3, next: `${API}?q=ZEAL&page=3&limit=20` });
    expect(zeal.councils.map((c) => c.name)[0]).toBe("Zeal Parish 21");
    expect(zeal.totals.councils).toBe(57);
    expect(await answer(`${API}?q=nowhere`)).toMatchObject({ matching: 0, councils: [], pages: 1, next: null });
  });

  it("refuses a bad query string with a 400 that names the value and says what to send", async () => {
    for (const [query, says] of [
      ["page=0", "page: page must be a whole number from 1 to 10000"],
      ["page=two", "page: page must be a whole number from 1 to 10000"],
      ["page=1&page=2", "page: page must be a whole number from 1 to 10000, given once"],
      ["limit=201", "limit: limit must be a whole number from 1 to 200"],
      ["limit=-5", "limit: limit must be a whole number from 1 to 200"],
      [`q=${"x".repeat(101)}`, "q: q must be at most 100 characters"],
      ["q=a%00b", "q: q must not contain control characters"],
      ["cursor=abc", "(root): cursor is not a parameter of this API"],
    ] as const) {
      const error = await refused(`${API}?${query}`);
      expect(error.code).toBe("usage");
      expect(error.message, query).toContain(says);
      expect(error.message).toContain("Send q (part of a council's name, at most 100 characters), page (");
    }
  });

  it("keeps a council's people to their own council, totals included", async () => {
    const own = await answer(`${API}?q=parish`, dsfm);
    expect(own.councils.map((c) => c.id)).toEqual([ids["Ashby Parish Council"]]);
    expect(own.totals).toMatchObject({ councils: 1, devices: 2, failing: 1, meeting: 1, unknown: 0, empty: 0 });
    expect(await answer(`${API}?q=cotton`, dsfm)).toMatchObject({ councils: [], matching: 0 });
  });
});
