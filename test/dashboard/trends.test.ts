// Compliance trends: derived from the stored status history (per day, per control, waivers), drawn as escaped SVG.
import { afterAll, beforeAll, expect, it } from "vitest";
import type { CheckStatus, ControlId } from "../../shared/schemas/control.js";
import { manualClock } from "../../server/clock.js";
import { createCouncil } from "../../server/services/admin.js";
import { insertWaiver } from "../../server/stores/waiver-store.js";
import { complianceTrend } from "../../server/dashboard/trends/history.js";
import { trendsHtml } from "../../server/dashboard/trends/section.js";
import { shareChart } from "../../server/dashboard/trends/svg.js";
import { checkResult, FakeDevice } from "../collector/device.js";
import { councilWithToken, describeDialects, newEnv, type TestEnv } from "../collector/harness.js";
import { BASE, enrolAndReport, getPage, readyUser, sessionCookie } from "./support.js";

const CONTROLS: ControlId[] = ["disk-encryption", "screen-lock", "usb-storage"];
const results = (over: Partial<Record<ControlId, CheckStatus>> = {}) =>
  CONTROLS.map((c) => checkResult(c, over[c] ?? "pass"));
const day = (d: number, h = 10) => new Date(Date.UTC(2026, 10, d, h));

it("draws the share per day as SVG: one dot per counted day, a gap for a day without laptops, values in words", () => {
  const svg = shareChart(
    [
      { day: "2026-11-01", laptops: 4, meeting: 3 },
      { day: "2026-11-02", laptops: 0, meeting: 0 },
      { day: "2026-11-03", laptops: 4, meeting: 4 },
    ],
    { id: "t", title: 'Council <script>alert("x")</script>', width: 640, height: 200, axes: true },
  ).text;
  expect(svg).toContain('role="img" aria-labelledby="t-t t-d"');
  expect(svg).toContain('<title id="t-t">Council &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</title>');
  expect(svg).not.toContain("<script");
  expect(svg.match(/<circle /g)).toHaveLength(2);
  // Two separate segments (M … M …): the empty day breaks the line rather than drawing through it.
  const path = /<path d="([^"]+)"/.exec(svg)![1]!;
  expect(path.match(/M/g)).toHaveLength(2);
  // 75% is three quarters up the plot (top 8, height 200 - 8 - 24 = 168): y = 8 + 168 * 0.25 = 50.
  expect(path).toMatch(/^M44\.0 50\.0 M632\.0 8\.0$/);
  expect(svg).toContain("1 November 2026: 75% (3 of 4 laptops)");
  expect(svg).toContain("3 November 2026: 100% (4 of 4 laptops)");
  expect(svg).toContain("lowest 75% (3 of 4 laptops) on 1 November 2026");
});

it("says in words when there is no history, and draws nothing", () => {
  const empty = trendsHtml(
    {
      days: ["2026-11-01"],
      overall: [{ day: "2026-11-01", laptops: 0, meeting: 0 }],
      perControl: {},
      hasHistory: false,
    },
    "Wellington <b>Town</b> Council",
  ).text;
  expect(empty).toContain("No compliance history to draw yet: no laptop of Wellington &lt;b&gt;Town&lt;/b&gt; Council");
  expect(empty).not.toContain("<svg");
});

describeDialects("compliance trends from the status history", (dialect) => {
  let env: TestEnv;
  const clock = manualClock(day(1));
  let a: Awaited<ReturnType<typeof councilWithToken>>;
  let b: Awaited<ReturnType<typeof councilWithToken>>;
  let cookie = "";
  let emptyCouncil = "";
  const range = { from: "2026-11-01", to: "2026-11-06" };

  beforeAll(async () => {
    env = await newEnv(dialect, { clock });
    a = await councilWithToken(env);
    b = await councilWithToken(env);
    emptyCouncil = (await createCouncil({ db: env.server.ctx.db, clock }, "Quiet Parish Council")).id;
    // Day 1: A1 passes everything, A2 fails disk encryption. Day 3: A2 fixed. Day 4: A2 fails USB; a waiver covers
    // it from day 5. B1 (another council) fails screen lock from day 2 on.
    const a1 = new FakeDevice();
    const a2 = new FakeDevice();
    const b1 = new FakeDevice();
    await enrolAndReport(env.server, a.token.token, a1, results(), day(1));
    const a2id = await enrolAndReport(env.server, a.token.token, a2, results({ "disk-encryption": "fail" }), day(1));
    clock.set(day(2));
    await enrolAndReport(env.server, b.token.token, b1, results({ "screen-lock": "fail" }), day(2));
    const send = async (d: FakeDevice, at: Date, over: Partial<Record<ControlId, CheckStatus>>) => {
      clock.set(at);
      const res = await env.server.app.inject({
        method: "POST",
        url: "/v1/reports",
        payload: { deviceId: d.deviceId, envelopes: [d.full(results(over), at)] },
      });
      expect(res.statusCode).toBe(200);
    };
    await send(a2, day(3), {});
    await send(a2, day(4), { "usb-storage": "fail" });
    clock.set(day(5));
    await insertWaiver(env.server.ctx.db.kysely, {
      councilId: a.council.id,
      deviceId: a2id,
      control: "usb-storage",
      reason: "Council's own encrypted stick, approval on its way",
      approvedBy: "dsfm@a.example",
      expiresAt: day(20),
      now: day(5),
    });
    clock.set(day(6, 12));
    const admin = await readyUser(env.server, `p-${dialect}@provider.example`, "provider-admin");
    cookie = (await sessionCookie(env.server, admin.user.id)).cookie;
  }, 120_000);
  afterAll(async () => env?.close());

  it("replays each laptop's state at each day's end: fixed, failing again, then waived", async () => {
    const t = await complianceTrend(env.server.ctx.db.kysely, a.council.id, range, clock.now());
    expect(t.days).toEqual(["2026-11-01", "2026-11-02", "2026-11-03", "2026-11-04", "2026-11-05", "2026-11-06"]);
    expect(t.overall.map((c) => `${c.meeting}/${c.laptops}`)).toEqual(["1/2", "1/2", "2/2", "1/2", "2/2", "2/2"]);
    expect(t.perControl["disk-encryption"]!.map((c) => c.meeting)).toEqual([1, 1, 2, 2, 2, 2]);
    expect(t.perControl["usb-storage"]!.map((c) => c.meeting)).toEqual([2, 2, 2, 1, 2, 2]);
    // A control the laptops never reported has no laptops counted, rather than a made-up share.
    expect(t.perControl.firewall!.every((c) => c.laptops === 0)).toBe(true);
    expect(t.hasHistory).toBe(true);
  });

  it("gives the same days from the aggregated path, where no waiver touches the window (up to day 4)", async () => {
    const t = await complianceTrend(
      env.server.ctx.db.kysely,
      a.council.id,
      { from: "2026-11-01", to: "2026-11-04" },
      clock.now(),
    );
    expect(t.overall.map((c) => `${c.meeting}/${c.laptops}`)).toEqual(["1/2", "1/2", "2/2", "1/2"]);
    expect(t.perControl["disk-encryption"]!.map((c) => `${c.meeting}/${c.laptops}`)).toEqual([
      "1/2",
      "1/2",
      "2/2",
      "2/2",
    ]);
    expect(t.perControl["usb-storage"]!.map((c) => c.meeting)).toEqual([2, 2, 2, 1]);
  });

  it("across every council, counts each laptop from the day it enrolled", async () => {
    const t = await complianceTrend(env.server.ctx.db.kysely, null, range, clock.now());
    expect(t.overall.map((c) => `${c.meeting}/${c.laptops}`)).toEqual(["1/2", "1/3", "2/3", "1/3", "2/3", "2/3"]);
  });

  it("shows on the council page, the provider's overview and the printed report; an empty council says so", async () => {
    const council = await getPage(env.server, `${BASE}/councils/${a.council.id}`, cookie);
    expect(council.body).toContain("Compliance over time");
    expect(council.body).toContain('<svg xmlns="http://www.w3.org/2000/svg"');
    expect(council.body).not.toMatch(/<script>|style="/);
    const overview = await getPage(env.server, `${BASE}/`, cookie);
    expect(overview.body).toContain("every council's laptops");
    const report = await getPage(
      env.server,
      `${BASE}/councils/${a.council.id}/report?from=2026-11-01&to=2026-11-06`,
      cookie,
    );
    expect(report.body).toContain("<h3>The same figures as a table</h3>");
    expect(report.body).not.toContain('<details class="trend-table">');
    expect(council.body).toContain('<details class="trend-table">');
    expect(report.body).toContain("<td>100% (2 of 2 laptops)</td>");
    const earlier = await getPage(
      env.server,
      `${BASE}/councils/${a.council.id}/report?from=2026-10-28&to=2026-11-06`,
      cookie,
    );
    expect(earlier.body).toContain("No laptop had enrolled before 1 November 2026: the days before are left out");
    expect(earlier.body).not.toContain('<th scope="row">31 October 2026</th>');
    const quiet = await getPage(env.server, `${BASE}/councils/${emptyCouncil}`, cookie);
    expect(quiet.body).toContain("No compliance history to draw yet: no laptop of Quiet Parish Council");
  });
});
