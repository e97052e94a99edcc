// In chromium at 390×844, every page a council's people open (and the IT provider's own): no line of text past the
// screen's edge (a long address or name wraps), each filter's label beside its field, the chart's labels readable.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { mapSource } from "../../../agent/checks/framework/replay-source.js";
import { fixture } from "../../../agent/checks/usb-storage/fixtures.test-helper.js";
import { createAlerts } from "../../../server/alerts/index.js";
import { setAlertSettings } from "../../../server/alerts/settings-store.js";
import type { RunningServer } from "../../../server/main.js";
import { createCouncil, createToken } from "../../../server/services/admin.js";
import { enrolledAgent } from "../../agent/agent-harness.js";
import { checkResult, FakeDevice } from "../../collector/device.js";
import { enrolAndReport, readyUser, sessionCookie } from "../support.js";
import { browserSuite, launchChromium } from "./launch.js";
import { signedInPage, startBrowserServer, stopBrowserServer } from "./session.js";

const SHOTS = join(process.cwd(), "test-artifacts", "phone");
const PHONE = { width: 390, height: 844 };
// Real council addresses are this long (a role mailbox on a council's own domain).
const DSFM = "democratic.services.finance.manager@muchwenlockandshropshirehills-towncouncil.gov.uk";
const COUNCIL = "Much Wenlock and Shropshire Hills Town Council";
// Real macOS captures (agent/checks/usb-storage/fixtures/SOURCES.md): a SanDisk Extreme SSD on the USB bus.
const SANDISK = {
  "mac.diskutil-external": fixture("macos", "diskutil-list-external-usb-stick.plist"),
  "mac.diskutil-info@disk2": fixture("macos", "diskutil-info-flash-disk-fixed.txt"),
  "mac.usb": fixture("macos", "system-profiler-sandisk-extreme-ssd.json"),
};

// Evaluated in the page (this file is type-checked without the DOM's types): each piece of visible text in main whose
// line ends past the screen's right edge or starts before its left one, ignoring text hidden for screen readers only.
const TEXT_OFF_SCREEN = `(() => {
  const width = document.documentElement.clientWidth;
  const out = [];
  const walk = document.createTreeWalker(document.querySelector("main"), NodeFilter.SHOW_TEXT);
  for (let n = walk.nextNode(); n; n = walk.nextNode()) {
    if (!n.textContent.trim() || n.parentElement.closest(".sr-only, thead, option, script")) continue;
    const range = document.createRange();
    range.selectNodeContents(n);
    for (const r of range.getClientRects())
      if (r.width && (r.right > width + 0.5 || r.left < -0.5))
        out.push(n.textContent.trim().slice(0, 60) + " (" + Math.round(r.left) + "–" + Math.round(r.right) + " px)");
  }
  return out;
})()`;

// Each labelled field of a filter form: the label, its field, and both boxes (to tell whether they sit together).
const FILTER_PAIRS = `[...document.querySelectorAll("main form.filters label[for]")].map((l) => {
  const f = document.getElementById(l.htmlFor);
  const a = l.getBoundingClientRect(), b = f.getBoundingClientRect();
  return { label: l.textContent.trim(), l: { x: a.left, r: a.right, y: a.top, b: a.bottom }, f: { x: b.left, r: b.right, y: b.top, b: b.bottom } };
})`;

// The main chart's axis labels as drawn: the font size times the chart's scale on screen, where each one is, and
// whether it stays inside its figure (a label past the figure's box is cut off or runs into the text around it).
const CHART_TEXT = `[...document.querySelectorAll("figure.trend-main svg text")].map((t) => {
  const svg = t.ownerSVGElement;
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  const r = t.getBoundingClientRect(), f = t.closest("figure").getBoundingClientRect();
  const inside = r.left >= f.left && r.right <= f.right && r.top >= f.top && r.bottom <= f.bottom;
  return { text: t.textContent, px: parseFloat(getComputedStyle(t).fontSize) * scale, left: r.left, right: r.right, inside };
})`;

const suite = browserSuite();

suite("text on a phone, every page of a council's people", () => {
  let server: RunningServer;
  let browser: Browser;
  let dataDir = "";
  let councilId = "";
  let deviceId = "";
  const cookies: Record<string, string> = {};

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    ({ server, dataDir } = await startBrowserServer("ward-phone-text-browser-"));
    const deps = { db: server.ctx.db, clock: server.ctx.clock };
    councilId = (await createCouncil(deps, COUNCIL)).id;
    await setAlertSettings(server.ctx.db.kysely, councilId, {
      recipients: { dsfm: [DSFM], it: ["support@itprovider.example"] },
      publicUrl: `${server.url}/dashboard`,
    });
    const token = await createToken(deps, { council: councilId, expires: "7d", uses: 5 });
    for (const host of ["MWSHTC-CHAIR-LAPTOP-WINDOWS-11-PRO", "clerk-laptop"]) {
      const d = new FakeDevice();
      d.inventory.hostname = host;
      const id = await enrolAndReport(server, token.token, d, [
        checkResult("disk-encryption", host === "clerk-laptop" ? "pass" : "fail"),
        checkResult("screen-lock", "unknown"),
      ]);
      if (host === "clerk-laptop") deviceId = id;
    }
    // A real agent core that saw an unapproved stick: its alert, written to the DSFM's long address, is on the alerts page.
    const agent = await enrolledAgent(server.url, token.token, mapSource("macos", SANDISK));
    await agent.core.cycle();
    expect((await agent.core.deliver()).accepted).toBe(1);
    await createAlerts(server.ctx, { pollMs: 3_600_000 }).tick();
    for (const role of ["council-manager", "council-viewer"] as const) {
      const u = await readyUser(server, role === "council-manager" ? DSFM : `viewer.${DSFM}`, role, councilId);
      cookies[role] = (await sessionCookie(server, u.user.id)).cookie;
    }
    const admin = await readyUser(server, "first.last@it-provider-for-many-councils.example", "provider-admin");
    cookies["provider-admin"] = (await sessionCookie(server, admin.user.id)).cookie;
    browser = await launchChromium();
  }, 120_000);
  afterAll(() => stopBrowserServer(browser, server, dataDir));

  const pages = () => {
    const c = `/councils/${councilId}`;
    return [
      ["home", `${c}/home`],
      ["laptops", "/devices"],
      ["check-results", c],
      ["approvals", `${c}/approvals`],
      ["waivers", `${c}/waivers`],
      ["report", `${c}/report`],
      ["evidence", `${c}/evidence`],
      ["alerts", `${c}/alerts`],
      ["audit", "/audit"],
      ["device", `/devices/${deviceId}`],
      ["waiver-form", `/devices/${deviceId}/waivers/new`],
    ] as const;
  };
  /** The IT provider's own pages (besides a council's, which it sees as the DSFM does). */
  const providerPages = () =>
    [
      ["overview", "/"],
      ["all-devices", "/devices"],
      ["policy", `/councils/${councilId}/policy`],
      ["councils", "/councils"],
      ["tokens", "/tokens"],
      ["users", "/users"],
      ["api-tokens", "/api-tokens"],
      ["policy-templates", "/policy-templates"],
      ["audit", "/audit"],
    ] as const;

  async function visit(page: Page, path: string): Promise<void> {
    const res = await page.goto(`${server.url}/dashboard${path}`);
    expect(res?.status(), path).toBe(200);
  }

  for (const role of ["council-manager", "council-viewer", "provider-admin"] as const) {
    it(`${role}: no text past the screen's edge on any page`, async () => {
      const [ctx, page] = await signedInPage(browser, server, cookies[role]!, PHONE);
      const off: string[] = [];
      for (const [name, path] of role === "provider-admin" ? providerPages() : pages()) {
        // A viewer has no audit log and cannot add waivers.
        if (role === "council-viewer" && (name === "audit" || name === "waiver-form")) continue;
        await visit(page, path);
        for (const t of await page.evaluate<string[]>(TEXT_OFF_SCREEN)) off.push(`${name}: ${t}`);
        const wide = await page.evaluate<number>("document.documentElement.scrollWidth");
        if (wide > PHONE.width) off.push(`${name}: the page is ${wide} px wide`);
        if (role === "council-manager") await page.screenshot({ path: join(SHOTS, `text-${name}-390.png`) });
      }
      expect(off).toEqual([]);
      await ctx.close();
    });
  }

  it("each filter's label sits beside its field, on the same line, before it; the field is finger-sized", async () => {
    const [ctx, page] = await signedInPage(browser, server, cookies["council-manager"]!, PHONE);
    const c = `/councils/${councilId}`;
    for (const path of ["/devices", c, `${c}/report`, `${c}/evidence`]) {
      await visit(page, path);
      type Box = { x: number; r: number; y: number; b: number };
      const pairs = await page.evaluate<{ label: string; l: Box; f: Box }[]>(FILTER_PAIRS);
      expect(pairs.length, path).toBeGreaterThanOrEqual(2);
      for (const { label, l, f } of pairs) {
        const mid = (l.y + l.b) / 2;
        expect(mid > f.y && mid < f.b, `${path}: "${label}" is on its field's line`).toBe(true);
        expect(l.r, `${path}: "${label}" comes before its field`).toBeLessThanOrEqual(f.x);
        expect(f.r, `${path}: "${label}"'s field fits`).toBeLessThanOrEqual(390);
        // Tall enough for a finger (WCAG 2.5.8 asks at least 24 px; 40 px here).
        expect(f.b - f.y, `${path}: "${label}"'s field height`).toBeGreaterThanOrEqual(40);
      }
    }
    await visit(page, "/devices");
    await page.locator("main form.filters").screenshot({ path: join(SHOTS, "text-laptops-filters-390.png") });
    await ctx.close();
  });

  it("the compliance chart's labels are drawn at 10 px or more, inside the screen and their figure", async () => {
    const [ctx, page] = await signedInPage(browser, server, cookies["council-manager"]!, PHONE);
    for (const path of [`/councils/${councilId}`, `/councils/${councilId}/report`]) {
      await visit(page, path);
      type Drawn = { text: string; px: number; left: number; right: number; inside: boolean };
      const texts = await page.evaluate<Drawn[]>(CHART_TEXT);
      expect(texts.length, path).toBeGreaterThanOrEqual(6);
      for (const t of texts) {
        expect(t.px, `${path}: "${t.text}"`).toBeGreaterThanOrEqual(10);
        expect(t.left, `${path}: "${t.text}"`).toBeGreaterThanOrEqual(0);
        expect(t.right, `${path}: "${t.text}"`).toBeLessThanOrEqual(390);
        expect(t.inside, `${path}: "${t.text}" inside its figure`).toBe(true);
      }
      await page.locator("figure.trend-main").screenshot({ path: join(SHOTS, "text-chart-390.png") });
    }
    await ctx.close();
  });

  it("the USB approvals page says when nothing is approved and nothing has happened yet (no bare headings)", async () => {
    const [ctx, page] = await signedInPage(browser, server, cookies["council-manager"]!, PHONE);
    await visit(page, `/councils/${councilId}/approvals`);
    // biome-ignore lint/performance/useDomNodeTextContent: Playwright's innerText is the text a person sees
    const main = await page.innerText("main");
    expect(main).toContain("SanDisk Extreme SSD");
    expect(main).toMatch(/Approved devices \(policy version 1\)\n[\s\S]*No stick is approved yet\./);
    expect(main).toMatch(/History\s+No stick has been approved or removed yet\./);
    await page.screenshot({ path: join(SHOTS, "text-approvals-empty-390.png"), fullPage: true });
    await ctx.close();
  });
});
