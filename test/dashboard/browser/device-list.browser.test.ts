// In chromium at 1366×768 and 390×844: the device list across two councils (worst first, a filter, a bulk waiver),
// the DSFM's own-council list, and the compliance trend on the council page and the printed report. Screenshots kept.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { CheckStatus, ControlId } from "../../../shared/schemas/control.js";
import { manualClock } from "../../../server/clock.js";
import type { RunningServer } from "../../../server/main.js";
import { createCouncil, createToken } from "../../../server/services/admin.js";
import { checkResult, FakeDevice } from "../../collector/device.js";
import { readyUser, sessionCookie } from "../support.js";
import { browserSuite, launchChromium } from "./launch.js";
import { signedInPage, startBrowserServer, stopBrowserServer } from "./session.js";

const SHOTS = join(process.cwd(), "test-artifacts", "dashboard");
// biome-ignore lint/performance/useDomNodeTextContent: Playwright's innerText is the text a person sees (not the DOM property)
const seen = (page: Page, selector: string) => page.innerText(selector);
const XSS_HOST = "<img src=x onerror=alert(1)>";
const CONTROLS: ControlId[] = ["disk-encryption", "screen-lock", "usb-storage", "hotspot", "os-patch", "firewall"];
const DAY = 86_400_000;

const suite = browserSuite();

suite("device list and trends in chromium", () => {
  let server: RunningServer;
  let browser: Browser;
  let dataDir = "";
  const councils: Record<string, string> = {};
  const dialogs: string[] = [];
  const cspErrors: string[] = [];
  const real = Date.now();
  const clock = manualClock(new Date(real - 10 * DAY));

  async function open(cookie: string, viewport: { width: number; height: number }): Promise<[BrowserContext, Page]> {
    return signedInPage(browser, server, cookie, viewport, { dialogs, cspErrors });
  }
  const shot = (page: Page, name: string, fullPage = true) =>
    page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage });
  const rowNames = (page: Page) => page.locator("table.fleet tbody th a").allInnerTexts();

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    ({ server, dataDir } = await startBrowserServer("ward-fleet-browser-", { clock }));
    const deps = { db: server.ctx.db, clock };
    const laptops: [string, string, Partial<Record<ControlId, CheckStatus>>[]][] = [
      // council, hostname, results on day 0, 3, 6, 9 (each report replaces the last)
      ["Wellington Town Council", "WTC-CLERK-LT", [{ "disk-encryption": "fail" }, {}, {}, {}]],
      [
        "Wellington Town Council",
        "WTC-CHAIR-LT",
        [
          { "disk-encryption": "fail", hotspot: "fail" },
          { hotspot: "fail" },
          { hotspot: "fail" },
          { "disk-encryption": "fail", hotspot: "fail" },
        ],
      ],
      ["Wellington Town Council", "WTC-DSFM-MBP", [{ "os-patch": "unknown" }, { "os-patch": "unknown" }, {}, {}]],
      ["Wellington Town Council", XSS_HOST, [{}, {}, {}, {}]],
      [
        "Ashby Parish Council",
        "APC-CLERK-LT",
        [{ "usb-storage": "fail" }, { "usb-storage": "fail" }, {}, { "usb-storage": "fail", "os-patch": "unknown" }],
      ],
      ["Ashby Parish Council", "APC-OFFICE-PC", [{}, { firewall: "fail" }, {}, {}]],
      [
        "Ashby Parish Council",
        "APC-RFO-LT",
        [
          { "screen-lock": "unknown" },
          { "screen-lock": "unknown" },
          { "screen-lock": "unknown" },
          { "screen-lock": "unknown" },
        ],
      ],
    ];
    const tokens: Record<string, string> = {};
    for (const name of ["Wellington Town Council", "Ashby Parish Council"]) {
      councils[name] = (await createCouncil(deps, name)).id;
      tokens[name] = (await createToken(deps, { council: councils[name]!, expires: "30d", uses: 10 })).token;
    }
    const devices = laptops.map(([council, host]) => {
      const d = new FakeDevice(`SN-${host.length}-${Math.random().toString(36).slice(2, 8)}`);
      d.inventory.hostname = host;
      return { d, council };
    });
    for (const [step, offset] of [0, 3, 6, 9].entries()) {
      const at = new Date(real - (10 - offset) * DAY);
      clock.set(at);
      for (const [i, { d, council }] of devices.entries()) {
        const results = CONTROLS.map((c) => checkResult(c, laptops[i]![2][step]![c] ?? "pass"));
        if (step === 0) {
          const res = await server.app.inject({
            method: "POST",
            url: "/v1/enroll",
            payload: d.enrollBody(tokens[council]!),
          });
          d.deviceId = (JSON.parse(res.body) as { deviceId: string }).deviceId;
        }
        const sent = await server.app.inject({
          method: "POST",
          url: "/v1/reports",
          payload: { deviceId: d.deviceId, envelopes: [d.full(results, at)] },
        });
        expect(sent.statusCode).toBe(200);
      }
    }
    clock.set(new Date(real));
    browser = await launchChromium();
  }, 120_000);
  afterAll(() => stopBrowserServer(browser, server, dataDir));

  it("as the provider at 1366×768: every council's devices worst first, a filter, a bulk waiver", async () => {
    const admin = await readyUser(server, "it@provider.example", "provider-admin");
    const { cookie } = await sessionCookie(server, admin.user.id);
    const [ctx, page] = await open(cookie, { width: 1366, height: 768 });
    await page.goto(`${server.url}/dashboard/`);
    await page.click("nav >> text=All devices");
    await page.waitForLoadState("load");
    expect(await page.title()).toBe("All devices · Ward");
    const names = await rowNames(page);
    expect(names.slice(0, 3)).toEqual(["WTC-CHAIR-LT", "APC-CLERK-LT", "APC-RFO-LT"]);
    expect(names).toContain(XSS_HOST);
    await shot(page, "fleet-provider-1366", false);
    await shot(page, "fleet-provider-1366-full");
    await page.selectOption("#control", "disk-encryption");
    await page.selectOption("#status", "fail");
    await page.click("form.filters button[type=submit]");
    await page.waitForLoadState("load");
    expect(await rowNames(page)).toEqual(["WTC-CHAIR-LT"]);
    await page.goto(`${server.url}/dashboard/devices?status=fail`);
    await page.click("details.card summary");
    for (const host of ["WTC-CHAIR-LT", "APC-CLERK-LT"]) await page.check(`input[aria-label="Select ${host}"]`);
    await page.selectOption("#bulk-control", "usb-storage");
    await page.fill("#bulk-reason", "Council-issued encrypted sticks; approval requested");
    await page.fill("#bulk-expires", new Date(real + 30 * DAY).toISOString().slice(0, 10));
    await shot(page, "fleet-bulk-form-1366", false);
    await page.click("button[value=waiver]");
    await page.waitForLoadState("load");
    expect(await seen(page, "main")).toContain("Waiver added to each selected device.");
    await shot(page, "fleet-bulk-done-1366", false);
    const waivers = await server.ctx.db.kysely.selectFrom("waivers").select("control").execute();
    expect(waivers.map((w) => w.control)).toEqual(["usb-storage", "usb-storage"]);
    // The overview's trend was worked out at the first visit, before the waivers; it is kept 5 minutes and says so.
    await page.goto(`${server.url}/dashboard/`);
    expect(await seen(page, ".trend-controls")).toContain("USB storage: 86% (6 of 7 laptops)");
    clock.set(new Date(real + 6 * 60_000));
    await page.goto(`${server.url}/dashboard/`);
    expect(await seen(page, ".trend-controls")).toContain("USB storage: 100% (7 of 7 laptops)");
    await page.locator("section.trend").scrollIntoViewIfNeeded();
    await shot(page, "fleet-overview-trend-1366");
    await ctx.close();
  });

  it("as the DSFM at 390×844: only their council's devices; the council page and the report show the trend", async () => {
    const wellington = councils["Wellington Town Council"]!;
    const dsfm = await readyUser(server, "dsfm@wellington.example", "council-manager", wellington);
    const { cookie } = await sessionCookie(server, dsfm.user.id);
    const [ctx, page] = await open(cookie, { width: 390, height: 844 });
    await page.goto(`${server.url}/dashboard/devices`);
    expect(await page.title()).toBe("Laptops · Wellington Town Council · Ward");
    expect((await rowNames(page)).sort()).toEqual([XSS_HOST, "WTC-CHAIR-LT", "WTC-CLERK-LT", "WTC-DSFM-MBP"].sort());
    await shot(page, "fleet-dsfm-390", false);
    await shot(page, "fleet-dsfm-390-full");
    const other = await page.goto(`${server.url}/dashboard/devices?council=${councils["Ashby Parish Council"]}`);
    expect(other?.status()).toBe(404);
    await page.goto(`${server.url}/dashboard/councils/${wellington}`);
    const chart = page.locator("section.trend svg.trend-chart").first();
    expect(await chart.getAttribute("role")).toBe("img");
    const box = await chart.boundingBox();
    expect(box!.width).toBeLessThanOrEqual(390);
    await page.locator("section.trend").scrollIntoViewIfNeeded();
    await shot(page, "trend-council-390", false);
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.goto(`${server.url}/dashboard/councils/${wellington}/report`);
    await page.emulateMedia({ media: "print" });
    await shot(page, "trend-report-print-1366");
    expect(dialogs).toEqual([]);
    expect(cspErrors).toEqual([]);
    await ctx.close();
  });
});
