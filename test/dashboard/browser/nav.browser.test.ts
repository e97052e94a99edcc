// In chromium at 390×844 (a phone): once the DSFM taps Menu, their navigation shows "Laptops" (their council's device
// list) on screen without scrolling; one tap opens their council's device list and nothing of another council.
// Screenshots kept in test-artifacts/dashboard/.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { RunningServer } from "../../../server/main.js";
import { createCouncil, createToken } from "../../../server/services/admin.js";
import { checkResult, FakeDevice } from "../../collector/device.js";
import { enrolAndReport, readyUser, sessionCookie } from "../support.js";
import { browserSuite, launchChromium } from "./launch.js";
import { signedInPage, startBrowserServer, stopBrowserServer } from "./session.js";

const SHOTS = join(process.cwd(), "test-artifacts", "dashboard");

const suite = browserSuite();

suite("the DSFM's navigation on a phone", () => {
  let server: RunningServer;
  let browser: Browser;
  let dataDir = "";
  let wellington = "";

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    ({ server, dataDir } = await startBrowserServer("ward-nav-browser-"));
    const deps = { db: server.ctx.db, clock: server.ctx.clock };
    for (const [name, hosts] of [
      ["Wellington Town Council", ["WTC-CLERK-LT", "WTC-CHAIR-LT"]],
      ["Ashby Parish Council", ["APC-CLERK-LT"]],
    ] as const) {
      const council = await createCouncil(deps, name);
      if (name.startsWith("Wellington")) wellington = council.id;
      const token = await createToken(deps, { council: council.id, expires: "7d", uses: 5 });
      for (const host of hosts) {
        const d = new FakeDevice();
        d.inventory.hostname = host;
        await enrolAndReport(server, token.token, d, [
          checkResult("disk-encryption", host === "WTC-CHAIR-LT" ? "fail" : "pass"),
        ]);
      }
    }
    browser = await launchChromium();
  }, 120_000);
  afterAll(() => stopBrowserServer(browser, server, dataDir));

  it("shows Laptops in view at 390 px once Menu is open; tapping it lists their council's laptops only", async () => {
    const dsfm = await readyUser(server, "dsfm@wellington.example", "council-manager", wellington);
    const { cookie } = await sessionCookie(server, dsfm.user.id);
    const [ctx, page] = await signedInPage(browser, server, cookie, { width: 390, height: 844 });
    await page.goto(`${server.url}/dashboard/councils/${wellington}/home`);
    await page.click("header.top details.menu summary");
    const link = page.locator("nav >> text=Laptops");
    const box = await link.boundingBox();
    expect(box).not.toBeNull();
    // On screen as the page opens: inside the 390 px width, without scrolling the navigation row.
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(390);
    expect(await page.evaluate<number>("document.documentElement.scrollWidth")).toBeLessThanOrEqual(390);
    await page.locator("header.top").screenshot({ path: join(SHOTS, "nav-dsfm-390.png") });
    await page.screenshot({ path: join(SHOTS, "nav-dsfm-390-home.png") });
    await link.click();
    await page.waitForLoadState("load");
    expect(await page.title()).toBe("Laptops · Wellington Town Council · Ward");
    const rows = await page.locator("table.fleet tbody th a").allInnerTexts();
    expect(rows.sort()).toEqual(["WTC-CHAIR-LT", "WTC-CLERK-LT"]);
    await page.screenshot({ path: join(SHOTS, "nav-dsfm-390-device-list.png") });
    await ctx.close();
  });
});
