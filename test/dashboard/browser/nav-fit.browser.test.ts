// In chromium: on a 390 px phone every role's header is one short row (the navigation behind "Menu", opened by keyboard
// or a tap, without script), and once open each link is inside the screen, none covered, no sideways page scroll; the
// DSFM's links have labels nobody can mix up, each landing on the page it names. Screenshots kept.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { RunningServer } from "../../../server/main.js";
import { createCouncil, createToken } from "../../../server/services/admin.js";
import { checkResult, FakeDevice } from "../../collector/device.js";
import { enrolAndReport, readyUser, sessionCookie } from "../support.js";
import { browserSuite, launchChromium } from "./launch.js";
import { signedInPage, startBrowserServer, stopBrowserServer } from "./session.js";

const SHOTS = join(process.cwd(), "test-artifacts", "dashboard");
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1366, height: 768 };
// Every role the dashboard has; a long address, as real ones are, for the "signed in as" line.
const ROLES = ["provider-admin", "provider-technician", "council-manager", "council-viewer"] as const;
// biome-ignore lint/performance/useDomNodeTextContent: Playwright's innerText is the text a person sees (not the DOM property)
const seen = async (l: Locator) => (await l.innerText()).trim();
const ITEMS = "header.top nav a, header.top nav button";
const MENU = "header.top details.menu";
// The header on a phone, menu closed: about two rows of text at most (it was ~230 px, the links wrapped on 5 rows).
const HEADER_MAX = 120;
const STOP = new Set(["a", "an", "and", "by", "for", "of", "the", "to"]);

const suite = browserSuite();

/** What chromium tells a screen reader about Menu: its role and whether it is expanded (the accessibility tree). */
async function menuState(page: Page): Promise<{ role: string; expanded: boolean } | null> {
  const cdp = await page.context().newCDPSession(page);
  type Node = {
    name?: { value?: string };
    role?: { value?: string };
    properties?: { name: string; value: { value: unknown } }[];
  };
  const { nodes } = (await cdp.send("Accessibility.getFullAXTree")) as { nodes: Node[] };
  await cdp.detach();
  const menu = nodes.find((n) => n.name?.value === "Menu" && n.role?.value !== "StaticText");
  if (!menu) return null;
  const expanded = menu.properties?.find((p) => p.name === "expanded")?.value.value === true;
  return { role: String(menu.role?.value), expanded };
}

/** A label's words as a reader hears them: lower case, no plural "s", no little words. */
function words(label: string): string[] {
  return label
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w && !STOP.has(w))
    .map((w) => (w.length > 3 ? w.replace(/s$/, "") : w));
}

/** Edit distance, to catch labels one slip apart ("Device" and "Devices"). */
function distance(a: string, b: string): number {
  const d = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = d[0]!;
    d[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const keep = d[j]!;
      d[j] = Math.min(d[j]! + 1, d[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = keep;
    }
  }
  return d[b.length]!;
}

/** Why two labels could be confused, or null. */
function confusable(a: string, b: string): string | null {
  const [x, y] = [a.toLowerCase().trim(), b.toLowerCase().trim()];
  if (x === y) return "the same label";
  if (x.includes(y) || y.includes(x)) return "one holds the other";
  if (distance(x, y) <= 2) return "one or two letters apart";
  const shared = words(a).filter((w) => words(b).includes(w));
  return shared.length ? `both say "${shared.join(", ")}"` : null;
}

suite("the navigation on a phone, for every role", () => {
  let server: RunningServer;
  let browser: Browser;
  let dataDir = "";
  let wellington = "";
  const cookies: Record<string, string> = {};

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    ({ server, dataDir } = await startBrowserServer("ward-nav-fit-browser-"));
    const deps = { db: server.ctx.db, clock: server.ctx.clock };
    const council = await createCouncil(deps, "Wellington Town Council");
    wellington = council.id;
    const token = await createToken(deps, { council: council.id, expires: "7d", uses: 5 });
    for (const host of ["WTC-CLERK-LT", "WTC-CHAIR-LT"]) {
      const d = new FakeDevice();
      d.inventory.hostname = host;
      await enrolAndReport(server, token.token, d, [
        checkResult("disk-encryption", host === "WTC-CHAIR-LT" ? "fail" : "pass"),
      ]);
    }
    for (const role of ROLES) {
      const council = role.startsWith("council") ? wellington : undefined;
      const u = await readyUser(server, `${role}.longname@wellington-town-council.example`, role, council);
      cookies[role] = (await sessionCookie(server, u.user.id)).cookie;
    }
    browser = await launchChromium();
  }, 120_000);
  afterAll(() => stopBrowserServer(browser, server, dataDir));

  /** The council page with the fullest navigation that role has (council links included). */
  const open = async (
    role: (typeof ROLES)[number],
    viewport: typeof PHONE,
    options: { javaScriptEnabled?: boolean } = {},
  ): Promise<Page> => {
    const [, page] = await signedInPage(browser, server, cookies[role]!, viewport, undefined, options);
    await page.goto(`${server.url}/dashboard/councils/${wellington}/home`);
    return page;
  };

  for (const role of ROLES) {
    it(`${role}: a short header; Menu opens by keyboard; each link is inside 390 px, on the first screen, not covered`, async () => {
      const page = await open(role, PHONE);
      const header = (await page.locator("header.top").boundingBox())!;
      expect(header.height, "the header's height, menu closed").toBeLessThanOrEqual(HEADER_MAX);
      expect(await page.locator("header.top nav").isVisible()).toBe(false);
      const menu = page.locator(`${MENU} summary`);
      const tap = (await menu.boundingBox())!;
      expect(tap.height, "Menu is a finger's size").toBeGreaterThanOrEqual(44);
      expect(tap.x + tap.width).toBeLessThanOrEqual(PHONE.width);
      await page.screenshot({ path: join(SHOTS, `nav-${role}-390-closed.png`) });
      // By keyboard: Tab past the brand to Menu, Enter opens it (said as expanded), and the next Tab is the first link.
      await page.keyboard.press("Tab");
      await page.keyboard.press("Tab");
      expect(await page.evaluate<string>("document.activeElement.textContent")).toBe("Menu");
      expect(await menuState(page)).toEqual({ role: "DisclosureTriangle", expanded: false });
      await page.keyboard.press("Enter");
      expect(await menuState(page)).toEqual({ role: "DisclosureTriangle", expanded: true });
      await page.keyboard.press("Tab");
      expect(await page.evaluate<string>("document.activeElement.closest('nav')?.id ?? ''")).toBe("main-nav");
      const items = page.locator(ITEMS);
      const labels: string[] = [];
      for (let i = 0; i < (await items.count()); i++) labels.push(await seen(items.nth(i)));
      expect(labels.length).toBeGreaterThanOrEqual(role.startsWith("provider") ? 12 : 8);
      for (let i = 0; i < labels.length; i++) {
        const box = (await items.nth(i).boundingBox())!;
        expect(box, labels[i]).not.toBeNull();
        expect(box.x, `${labels[i]} starts on screen`).toBeGreaterThanOrEqual(0);
        expect(box.x + box.width, `${labels[i]} ends on screen`).toBeLessThanOrEqual(PHONE.width);
        expect(box.y + box.height, `${labels[i]} is on the first screen`).toBeLessThanOrEqual(PHONE.height);
        // The link itself is what a tap at its middle reaches: nothing clips or covers it.
        const [cx, cy] = [box.x + box.width / 2, box.y + box.height / 2];
        const hit = await page.evaluate<boolean>(
          `document.querySelectorAll(${JSON.stringify(ITEMS)})[${i}].contains(document.elementFromPoint(${cx}, ${cy}))`,
        );
        expect(hit, `${labels[i]} is not covered`).toBe(true);
      }
      const who = (await page.locator("header.top .who").boundingBox())!;
      expect(who.x + who.width).toBeLessThanOrEqual(PHONE.width);
      expect(await page.evaluate<number>("document.documentElement.scrollWidth")).toBeLessThanOrEqual(PHONE.width);
      await page.screenshot({ path: join(SHOTS, `nav-${role}-390.png`) });
      // Enter on Menu again closes it: the short header back.
      await menu.focus();
      await page.keyboard.press("Enter");
      expect(await page.locator("header.top nav").isVisible()).toBe(false);
      // A wide screen shows the navigation itself, no Menu.
      const desk = await open(role, DESKTOP);
      expect(await desk.locator(MENU).isVisible()).toBe(false);
      for (const label of labels)
        expect(await desk.locator(ITEMS).filter({ hasText: label }).first().isVisible()).toBe(true);
      await desk.locator("header.top").screenshot({ path: join(SHOTS, `nav-${role}-1366.png`) });
      await page.context().close();
      await desk.context().close();
    });
  }

  it("without script, a tap on Menu opens the DSFM's navigation and a link in it works", async () => {
    const page = await open("council-manager", PHONE, { javaScriptEnabled: false });
    expect((await page.locator("header.top").boundingBox())!.height).toBeLessThanOrEqual(HEADER_MAX);
    await page.click(`${MENU} summary`);
    const laptops = page.locator("header.top nav a", { hasText: "Laptops" });
    expect(await laptops.isVisible()).toBe(true);
    await laptops.click();
    await page.waitForLoadState("load");
    expect(await seen(page.locator("main h1"))).toContain("Laptops");
    await page.context().close();
  });

  it("the DSFM's links: no two labels alike, and each lands on the page it names", async () => {
    const page = await open("council-manager", PHONE);
    // Labels as a person reads them (innerText, the rendered text, Menu open), with where each goes.
    await page.click(`${MENU} summary`);
    const nav = page.locator("header.top nav a");
    const links: { label: string; href: string }[] = [];
    for (let i = 0; i < (await nav.count()); i++)
      links.push({ label: await seen(nav.nth(i)), href: (await nav.nth(i).getAttribute("href")) ?? "" });
    const clashes: string[] = [];
    for (let i = 0; i < links.length; i++)
      for (let j = i + 1; j < links.length; j++) {
        const why = confusable(links[i]!.label, links[j]!.label);
        if (why) clashes.push(`"${links[i]!.label}" and "${links[j]!.label}": ${why}`);
      }
    expect(clashes).toEqual([]);
    expect(new Set(links.map((l) => l.href)).size).toBe(links.length);
    for (const { label, href } of links) {
      await page.goto(`${server.url}/dashboard/councils/${wellington}/home`);
      await page.click(`${MENU} summary`);
      await page.click(`header.top nav a[href="${href}"]`);
      await page.waitForLoadState("load");
      const h1 = (await seen(page.locator("main h1"))).toLowerCase();
      if (label === "Home") {
        expect(new URL(page.url()).pathname).toBe(`/dashboard/councils/${wellington}/home`);
        expect(await page.locator("main .verdict").count()).toBe(1);
      } else expect(h1, `${label} lands on ${page.url()}`).toContain(label.toLowerCase());
    }
    await page.context().close();
  });
});
