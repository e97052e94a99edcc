// In chromium at 1366×768 and 390×844: the provider's overview of 130 councils (issue 22b): the estate's totals, the
// councils needing attention first, a search by name that paging keeps, nothing wider than a phone. Screenshots kept.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { RunningServer } from "../../../server/main.js";
import { createCouncil } from "../../../server/services/admin.js";
import { seedDevices } from "../seed.js";
import { readyUser, sessionCookie } from "../support.js";
import { browserSuite, launchChromium } from "./launch.js";
import { signedInPage, startBrowserServer, stopBrowserServer } from "./session.js";

const SHOTS = join(process.cwd(), "test-artifacts", "overview");
// biome-ignore lint/performance/useDomNodeTextContent: Playwright's innerText is the text a person sees (not the DOM property)
const seen = (page: Page, selector: string) => page.innerText(selector);
const HOSTILE = "<img src=x onerror=alert(1)> Parish";

const suite = browserSuite();

suite("the provider's overview in chromium", () => {
  let server: RunningServer;
  let browser: Browser;
  let dataDir = "";
  let cookie = "";
  const dialogs: string[] = [];
  const cspErrors: string[] = [];

  async function open(viewport: { width: number; height: number }): Promise<[BrowserContext, Page]> {
    return signedInPage(browser, server, cookie, viewport, { dialogs, cspErrors });
  }
  const shot = (page: Page, name: string, fullPage = true) =>
    page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage });
  const rowNames = (page: Page) => page.locator("table.matrix tbody th a").allInnerTexts();

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    ({ server, dataDir } = await startBrowserServer("ward-overview-browser-"));
    const deps = { db: server.ctx.db, clock: server.ctx.clock };
    const q = server.ctx.db.kysely;
    const now = server.ctx.clock.now();
    // 130 parish councils of one to three laptops, every fourth one all passing; one of 40 laptops (the worst); two
    // with nothing enrolled yet; and a name written to attack the page.
    const big = await createCouncil(deps, "Market Harborough Town Council");
    await seedDevices(q, big.id, 40, now, "dev_big");
    for (let i = 1; i <= 130; i++) {
      const c = await createCouncil(deps, `Newtown Parish ${String(i).padStart(3, "0")}`);
      await seedDevices(q, c.id, 1 + (i % 3), now, `dev_p${String(i).padStart(3, "0")}`);
      if (i % 4 === 0) {
        await q
          .updateTable("current_results")
          .set({ status: "pass" })
          .where("device_id", "like", `dev_p${String(i).padStart(3, "0")}%`)
          .execute();
        await q
          .updateTable("devices")
          .set({ last_seen_at: now.toISOString() })
          .where("id", "like", `dev_p${String(i).padStart(3, "0")}%`)
          .execute();
      }
    }
    await createCouncil(deps, "Zeal Monachorum Parish Meeting");
    await createCouncil(deps, HOSTILE);
    const admin = await readyUser(server, "admin@provider.example", "provider-admin");
    cookie = (await sessionCookie(server, admin.user.id)).cookie;
    browser = await launchChromium();
  }, 120_000);
  afterAll(() => stopBrowserServer(browser, server, dataDir));

  it("at 1366×768: the estate's totals, then the councils needing attention first, 50 a page", async () => {
    const [ctx, page] = await open({ width: 1366, height: 768 });
    await page.goto(`${server.url}/dashboard/`);
    const estate = await seen(page, "section.estate");
    expect(estate).toMatch(/\d+ laptops in 133 councils: \d+ meet the policy \(\d+%\)\. \d+ councils need attention\./);
    expect(estate).toContain("2 councils with no laptop");
    const names = await rowNames(page);
    expect(names).toHaveLength(50);
    expect(names[0]).toBe("Market Harborough Town Council");
    expect(await seen(page, "main")).toContain("133 councils; 1–50 shown.");
    await shot(page, "overview-1366-top", false);
    await shot(page, "overview-1366");
    await page.click("a[rel=next]");
    await page.waitForLoadState("load");
    expect(new URL(page.url()).search).toBe("?page=2");
    expect(await seen(page, "main")).toContain("133 councils; 51–100 shown.");
    await ctx.close();
  }, 60_000);

  it("searches by council name; Next and Previous keep the search", async () => {
    const [ctx, page] = await open({ width: 1366, height: 768 });
    await page.goto(`${server.url}/dashboard/?page=3`);
    await page.fill("#council-q", "parish 0");
    await page.click("form[role=search] button[type=submit]");
    await page.waitForLoadState("load");
    // A new search starts at its first page.
    expect(new URL(page.url()).searchParams.get("q")).toBe("parish 0");
    expect(new URL(page.url()).searchParams.get("page")).toBeNull();
    expect(await seen(page, "main")).toContain("99 councils match “parish 0”; 1–50 shown.");
    expect((await rowNames(page)).every((n) => n.startsWith("Newtown Parish 0"))).toBe(true);
    await page.click("a[rel=next]");
    await page.waitForLoadState("load");
    expect(new URL(page.url()).search).toBe("?q=parish+0&page=2");
    expect(await rowNames(page)).toHaveLength(49);
    await shot(page, "overview-1366-search-page2", false);
    await page.click("a[rel=prev]");
    await page.waitForLoadState("load");
    expect(new URL(page.url()).search).toBe("?q=parish+0");
    await page.fill("#council-q", "<img");
    await page.click("form[role=search] button[type=submit]");
    await page.waitForLoadState("load");
    expect(await rowNames(page)).toEqual([HOSTILE]);
    expect(await page.locator("main img").count()).toBe(0);
    await ctx.close();
  }, 60_000);

  it("at 390×844: one card per council, nothing wider than the screen, the search button on screen", async () => {
    const [ctx, page] = await open({ width: 390, height: 844 });
    await page.goto(`${server.url}/dashboard/`);
    // A string, evaluated in the page (this file is type-checked without the DOM's types).
    const widths = await page.evaluate<{ scroll: number; main: number }>(
      '({ scroll: document.documentElement.scrollWidth, main: document.querySelector("main").getBoundingClientRect().width })',
    );
    expect(widths.scroll).toBeLessThanOrEqual(390);
    expect(widths.main).toBeLessThanOrEqual(390);
    const button = await page.locator("form[role=search] button[type=submit]").boundingBox();
    expect(button).not.toBeNull();
    expect((button?.x ?? 0) + (button?.width ?? 0)).toBeLessThanOrEqual(390);
    await shot(page, "overview-390-top", false);
    await shot(page, "overview-390");
    expect(dialogs).toEqual([]);
    expect(cspErrors).toEqual([]);
    await ctx.close();
  }, 60_000);
});
