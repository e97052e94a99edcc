// In chromium: the council manager records attestations on the Evidence pack page (a form with mistakes keeps
// what was typed and says what to change), downloads the signed pack and finds them in it; a year on, one has
// expired and the next pack says so. Screenshots at desktop width and at 390 px.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { manualClock } from "../../../server/clock.js";
import { verifyPack } from "../../../server/evidence/signature.js";
import { listAudit } from "../../../server/dashboard/audit.js";
import type { RunningServer } from "../../../server/main.js";
import { seedDemoCouncil } from "../../evidence/demo-council.js";
import { readyUser, sessionCookie } from "../support.js";
import { chromiumAvailable, launchChromium } from "./launch.js";
import { browserPage, startBrowserServer, stopBrowserServer } from "./session.js";

const SHOTS = join(process.cwd(), "test-artifacts", "evidence");
const DAY = 86_400_000;
const POPPLER = spawnSync("pdftotext", ["-v"]).status === 0;
const suite = chromiumAvailable() && POPPLER ? describe : describe.skip;

suite("evidence pack page in chromium", () => {
  const end = new Date();
  const clock = manualClock(end);
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let councilId = "";
  let userId = "";
  // The collector's data folder; the downloaded packs are saved there too (removed with it).
  let dir = "";
  const url = (path: string) => `${server.url}/dashboard${path}`;
  // biome-ignore lint/performance/useDomNodeTextContent: Playwright's innerText is the text a person sees (not the DOM property)
  const text = (selector = "main") => page.innerText(selector);
  const shot = async (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  const signIn = async () => {
    const { cookie } = await sessionCookie(server, userId);
    await context.clearCookies();
    await context.addCookies([
      { name: "ward_session", value: cookie.slice("ward_session=".length), url: `${server.url}/dashboard/` },
    ]);
  };
  const day = (offset: number) => new Date(clock.now().getTime() + offset * DAY).toISOString().slice(0, 10);
  /** Downloads the pack through the page's button and returns its text as pdftotext reads it. */
  const downloadPack = async (name: string): Promise<string> => {
    await page.goto(url(`/councils/${councilId}/evidence`));
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#download-pdf")]);
    const file = join(dir, `${name}.pdf`);
    await download.saveAs(file);
    expect(download.suggestedFilename()).toMatch(
      /^ward-evidence-demo-town-council-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.pdf$/,
    );
    expect(verifyPack(readFileSync(file), server.ctx.key.publicKey).ok).toBe(true);
    return execFileSync("pdftotext", [file, "-"], { encoding: "utf8" });
  };

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    ({ server, dataDir: dir } = await startBrowserServer("ward-evidence-browser-", { clock }));
    councilId = (await seedDemoCouncil(server, clock, end)).councilId;
    userId = (await readyUser(server, "dsfm@demo-town.example", "council-manager", councilId)).user.id;
    browser = await launchChromium();
    [context, page] = await browserPage(browser, { width: 1280, height: 900 }, undefined, { acceptDownloads: true });
    await signIn();
  }, 120_000);
  afterAll(() => stopBrowserServer(browser, server, dir));

  it("keeps what was typed when the form has mistakes, and says what to change", async () => {
    await page.goto(url(`/councils/${councilId}`));
    await page.click("text=Evidence pack (PDF)");
    expect(page.url()).toBe(url(`/councils/${councilId}/evidence`));
    await page.selectOption("#kind", "it-policy");
    await page.fill("#checked_on", day(0));
    await page.fill("#expires", day(400));
    await page.fill("#adopted_on", day(-200));
    await page.click("#record button[type=submit]");
    const shown = await text();
    expect(shown).toContain("The attestation was not recorded: 3 answers need changing");
    expect(shown).toContain("Say what evidence you saw");
    expect(shown).toContain(
      `An attestation lasts at most a year from the day you checked: choose ${day(365)} or earlier.`,
    );
    expect(shown).toContain("Give the minute reference of the meeting");
    expect(await page.inputValue("#kind")).toBe("it-policy");
    expect(await page.inputValue("#adopted_on")).toBe(day(-200));
    expect(await page.inputValue("#expires")).toBe(day(400));
    expect(await page.getAttribute("#evidence", "aria-invalid")).toBe("true");
    await shot("evidence-form-errors");
  }, 60_000);

  it("records attestations, which appear in the next pack", async () => {
    await page.fill("#evidence", "Minutes of the council meeting of this month, item 7: IT policy v4 adopted.");
    await page.fill("#expires", day(365));
    await page.fill("#reviewed_on", day(-3));
    await page.fill("#minute_ref", "C 26/140 item 7");
    await page.click("#record button[type=submit]");
    expect(await text()).toContain("Attestation recorded; it appears in the next evidence pack.");
    await page.selectOption("#kind", "admin-separate");
    await page.fill(
      "#evidence",
      "Entra admin roles list: two admin accounts, held by the IT provider, separate from mail accounts.",
    );
    await page.fill("#expires", day(30));
    await page.click("#record button[type=submit]");
    const table = await text("#attestations");
    expect(table).toMatch(/Administrator accounts kept separate\s+✔ in force until/);
    expect(table).toContain("C 26/140 item 7");
    await shot("evidence-page-desktop");
    await page.setViewportSize({ width: 390, height: 844 });
    await shot("evidence-page-phone");
    // Nothing but the table's own scroll box is wider than the phone.
    expect(await page.evaluate<number>("document.documentElement.scrollWidth")).toBeLessThanOrEqual(390);
    await page.setViewportSize({ width: 1280, height: 900 });

    const pack = await downloadPack("after-recording");
    expect(pack).toMatch(/Administrator accounts kept separate: ✔ in force/);
    expect(pack).toContain("C 26/140 item 7");
    expect(pack).toContain("dsfm@demo-town.example");
    const actions = (await listAudit(server.ctx.db.kysely, { councilId })).map((a) => a.action);
    expect(actions.filter((a) => a === "attestation.record")).toHaveLength(2);
    expect(actions).toContain("evidence.download");
  }, 90_000);

  it("a month on, the 30-day attestation has expired on the page and in the next pack", async () => {
    clock.set(new Date(end.getTime() + 32 * DAY));
    await signIn();
    await page.goto(url(`/councils/${councilId}/evidence`));
    expect(await text("#attestations")).toMatch(/Administrator accounts kept separate\s+✘ expired/);
    await shot("evidence-page-expired");
    const pack = await downloadPack("after-expiry");
    expect(pack).toMatch(/Administrator accounts kept separate: ✘ lapsed/);
    expect(pack).toMatch(/IT policy adopted and reviewed: ✔ in force/);
  }, 90_000);
});
