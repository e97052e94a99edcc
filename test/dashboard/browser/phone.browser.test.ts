// Every DSFM page at 390×844 (a phone) and 1366×768 (a laptop) in chromium: no sideways page scroll, and each page's
// action buttons inside the screen's width (issue 17 item 4). Screenshots kept in test-artifacts/phone/.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { mapSource } from "../../../agent/checks/framework/replay-source.js";
import { fixture } from "../../../agent/checks/usb-storage/fixtures.test-helper.js";
import { setAlertSettings } from "../../../server/alerts/settings-store.js";
import { createAlerts } from "../../../server/alerts/index.js";
import type { RunningServer } from "../../../server/main.js";
import { enrolledAgent, tokenFor } from "../../agent/agent-harness.js";
import { checkResult, FakeDevice } from "../../collector/device.js";
import { enrolAndReport, postForm, readyUser, sessionCookie } from "../support.js";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { browserSuite, launchChromium } from "./launch.js";
import { signedInPage, startBrowserServer, stopBrowserServer } from "./session.js";

const SHOTS = join(process.cwd(), "test-artifacts", "phone");
const SANDISK = {
  "mac.diskutil-external": fixture("macos", "diskutil-list-external-usb-stick.plist"),
  "mac.diskutil-info@disk2": fixture("macos", "diskutil-info-flash-disk-fixed.txt"),
  "mac.usb": fixture("macos", "system-profiler-sandisk-extreme-ssd.json"),
};
const SIZES = [
  { name: "phone", width: 390, height: 844 },
  { name: "desktop", width: 1366, height: 768 },
] as const;

const suite = browserSuite();

suite("DSFM pages on a phone and a laptop", () => {
  let server: RunningServer;
  let browser: Browser;
  let councilId = "";
  let deviceId = "";
  let cookie = "";
  let dataDir = "";

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    ({ server, dataDir } = await startBrowserServer("ward-phone-browser-"));
    const { council, token } = await tokenFor(server, { uses: 10 });
    councilId = council.id;
    const q = server.ctx.db.kysely;
    await setAlertSettings(q, council.id, {
      recipients: { dsfm: ["dsfm@council.example"], it: ["support@itprovider.example"] },
      publicUrl: `${server.url}/dashboard`,
    });
    const agent = await enrolledAgent(server.url, token, mapSource("macos", SANDISK));
    deviceId = agent.enrollment.deviceId;
    await agent.core.cycle();
    await agent.core.deliver();
    // More laptops with long names, as councils have them: the tables must still fit.
    for (const name of ["DTC-CHAIR-LAPTOP-WINDOWS-11-PRO", "DTC-RFO-SURFACE-LAPTOP-5", "clerk-laptop-2"]) {
      const d = new FakeDevice();
      d.inventory.hostname = name;
      await enrolAndReport(server, token, d, [
        checkResult("disk-encryption", name.includes("CHAIR") ? "fail" : "pass"),
        checkResult("screen-lock", "unknown"),
        checkResult("hotspot", "not_applicable"),
      ]);
    }
    await createAlerts(server.ctx, { pollMs: 3_600_000 }).tick();
    const dsfm = await readyUser(server, "dsfm@council.example", "council-manager", council.id);
    const s = await sessionCookie(server, dsfm.user.id);
    cookie = s.cookie;
    const expires = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    await postForm(server, `/dashboard/devices/${deviceId}/waivers`, cookie, {
      _csrf: s.csrf,
      control: "screen-lock",
      reason: "Presentation laptop for the council chamber, shown on the big screen at every meeting",
      expires,
    });
    browser = await launchChromium();
  }, 90_000);
  afterAll(() => stopBrowserServer(browser, server, dataDir));

  /** The pages a DSFM uses and the button or link each must keep within reach. */
  const pages = () => [
    { name: "home", path: "/", actions: ["ol.todo a.button"] },

    { name: "council", path: `/councils/${councilId}`, actions: [] as string[] },
    { name: "approvals", path: `/councils/${councilId}/approvals`, actions: ["tr.usb-row form.approve button"] },
    { name: "device", path: `/devices/${deviceId}`, actions: ["#waiver-form button[type=submit]"] },
    { name: "waivers", path: `/councils/${councilId}/waivers`, actions: ["form[action$='/revoke'] button"] },
    { name: "report", path: `/councils/${councilId}/report`, actions: ["#print-report"] },
    { name: "alerts", path: `/councils/${councilId}/alerts`, actions: ["#settings ~ form button[type=submit]"] },
  ];

  async function open(context: BrowserContext, path: string): Promise<Page> {
    const page = await context.newPage();
    await page.goto(`${server.url}/dashboard${path}`);
    await page.waitForLoadState("load");
    return page;
  }

  for (const size of SIZES) {
    it(`fits ${size.width}×${size.height}: no sideways page scroll, the actions on screen`, async () => {
      const [context, blank] = await signedInPage(
        browser,
        server,
        cookie,
        { width: size.width, height: size.height },
        undefined,
        { deviceScaleFactor: 1, isMobile: size.name === "phone", hasTouch: size.name === "phone" },
      );
      await blank.close(); // each page below opens in a tab of its own
      const problems: string[] = [];
      for (const p of pages()) {
        const page = await open(context, p.path);
        expect(page.url()).toContain(p.path);
        await page.screenshot({ path: join(SHOTS, `${size.name}-${p.name}.png`), fullPage: true });
        await page.screenshot({ path: join(SHOTS, `${size.name}-${p.name}-first-screen.png`) });
        // A string, evaluated in the page (this file is type-checked without the DOM's types).
        const { scrollWidth, innerWidth } = await page.evaluate<{ scrollWidth: number; innerWidth: number }>(
          "({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth })",
        );
        // On a phone, chromium widens the layout viewport to fit a too-wide page (innerWidth grows), so the screen's own
        // width is the measure too.
        if (scrollWidth > innerWidth || innerWidth > size.width)
          problems.push(
            `${p.name}: page is ${scrollWidth} px wide (layout ${innerWidth}) on a ${size.width} px screen`,
          );
        for (const selector of p.actions) {
          const button = page.locator(selector).first();
          expect(await button.count(), `${p.name}: ${selector}`).toBe(1);
          await button.scrollIntoViewIfNeeded();
          // A trial tap: Playwright checks the button is visible, stable and not covered, without pressing it.
          await button.click({ trial: true, timeout: 5000 });
          const box = await button.boundingBox();
          if (!box || box.x < 0 || box.x + box.width > size.width)
            problems.push(`${p.name}: ${selector} is outside the screen (${JSON.stringify(box)})`);
        }
        await page.close();
      }
      // The printed report as it comes out of the printer (print stylesheet), from the laptop.
      if (size.name === "desktop") {
        const report = await open(context, `/councils/${councilId}/report`);
        await report.emulateMedia({ media: "print" });
        await report.screenshot({ path: join(SHOTS, "desktop-report-print.png"), fullPage: true });
        // biome-ignore lint/performance/useDomNodeTextContent: Playwright's innerText is the text a person sees
        expect(await report.innerText("#report-headline")).toMatch(
          /^0 of 4 laptops met the policy on \d{1,2} \w+ \d{4}/,
        );
      }
      await context.close();
      expect(problems).toEqual([]);
    }, 90_000);
  }
});
