// In a real browser (Debian's chromium): log in with MFA, see a device a real agent reported, approve its USB stick
// and see the next report pass, add a waiver, print the report; hostile device text stays text. Screenshots kept.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { mapSource } from "../../../agent/checks/framework/replay-source.js";
import { fixture } from "../../../agent/checks/usb-storage/fixtures.test-helper.js";
import { totpCode } from "../../../server/dashboard/auth/totp.js";
import { createUser } from "../../../server/dashboard/users.js";
import type { RunningServer } from "../../../server/main.js";
import { enrolledAgent, tokenFor } from "../../agent/agent-harness.js";
import { FakeDevice, checkResult } from "../../collector/device.js";
import { enrolAndReport } from "../support.js";
import type { Browser, Page } from "playwright-core";
import { browserSuite, launchChromium } from "./launch.js";
import { browserPage, startBrowserServer, stopBrowserServer } from "./session.js";

const SHOTS = join(process.cwd(), "test-artifacts", "dashboard");
// Real macOS captures (agent/checks/usb-storage/fixtures/SOURCES.md): a SanDisk Extreme SSD on the USB bus.
const SANDISK = {
  "mac.diskutil-external": fixture("macos", "diskutil-list-external-usb-stick.plist"),
  "mac.diskutil-info@disk2": fixture("macos", "diskutil-info-flash-disk-fixed.txt"),
  "mac.usb": fixture("macos", "system-profiler-sandisk-extreme-ssd.json"),
};
const XSS_HOST = "<img src=x onerror=alert(1)>";

const suite = browserSuite();

suite("dashboard in chromium", () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let agent: Awaited<ReturnType<typeof enrolledAgent>>;
  let dataDir = "";
  let councilId = "";
  const dialogs: string[] = [];
  const cspErrors: string[] = [];
  const shot = async (name: string, media: "screen" | "print" = "screen") => {
    await page.emulateMedia({ media });
    await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
    await page.emulateMedia({ media: "screen" });
  };
  const url = (path: string) => `${server.url}/dashboard${path}`;
  // biome-ignore lint/performance/useDomNodeTextContent: Playwright's innerText is the text a person sees (not the DOM property)
  const text = (selector = "main") => page.innerText(selector);
  const usbText = () => text("#control-usb-storage");
  /** Clicks a submit button or link and waits for the page it leads to. */
  const submit = async (selector: string) => {
    await page.click(selector);
    await page.waitForLoadState("load");
  };

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    ({ server, dataDir } = await startBrowserServer("ward-dashboard-browser-"));
    const { council, token } = await tokenFor(server, { uses: 5 });
    councilId = council.id;
    agent = await enrolledAgent(server.url, token, mapSource("macos", SANDISK));
    await agent.core.cycle();
    expect((await agent.core.deliver()).accepted).toBe(1);
    const hostile = new FakeDevice();
    hostile.inventory.hostname = XSS_HOST;
    await enrolAndReport(server, token, hostile, [checkResult("disk-encryption", "pass")]);
    browser = await launchChromium();
    [, page] = await browserPage(browser, { width: 1280, height: 900 }, { dialogs, cspErrors });
  }, 60_000);
  afterAll(() => stopBrowserServer(browser, server, dataDir));

  it("logs in with a one-time password, sets up TOTP, chooses a password, and sees the overview", async () => {
    const admin = await createUser(
      { db: server.ctx.db, clock: server.ctx.clock },
      { email: "admin@provider.example", role: "provider-admin" },
    );
    await page.goto(url("/"));
    expect(page.url()).toBe(url("/login"));
    await page.fill("#email", admin.user.email);
    await page.fill("#password", admin.password);
    await shot("01-login");
    await submit("form button[type=submit]");
    // The set-up page shows the QR code and the key; the test is the authenticator app.
    const secret = await text("#totp-secret");
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    expect(await page.locator("figure.qr svg").count()).toBe(1);
    await shot("02-mfa-setup");
    await page.fill("#code", totpCode(secret, new Date()));
    await submit("main form button[type=submit]");
    expect(page.url()).toBe(url("/password"));
    await page.fill("#new-password", "a council meeting every Tuesday");
    await page.fill("#repeat", "a council meeting every Tuesday");
    await submit("main form button[type=submit]");
    expect(page.url()).toBe(url("/"));
    const overview = await text();
    expect(overview).toContain("Overview");
    expect(overview).toMatch(/2\s/);
    await shot("03-overview");
  }, 60_000);

  it("shows the device the real agent reported, failing usb-storage because of the SanDisk", async () => {
    await page.goto(url(`/councils/${councilId}`));
    const council = await text();
    expect(council).toContain("clerk-laptop");
    expect(council).toContain(XSS_HOST); // shown as text…
    expect(dialogs).toEqual([]); // …and never run
    expect(await page.locator("main img").count()).toBe(0);
    await shot("04-council");
    await page.goto(url(`/devices/${agent.enrollment.deviceId}`));
    expect(await usbText()).toMatch(/Fail[\s\S]*SanDisk Extreme SSD/);
    await shot("05-device-usb-fail");
  }, 60_000);

  it("approves the USB stick in the browser; the agent fetches the new policy and its next report passes", async () => {
    await page.goto(url(`/councils/${councilId}/approvals`));
    expect(await text()).toContain("Not approved");
    await page.fill("tr.usb-row input[name=reason]", "The clerk's backup drive for the minutes");
    await submit("tr.usb-row form.approve button");
    expect(await text()).toContain("Policy version 2 issued");
    expect(await text()).toContain("Until that report arrives, a stick keeps the result the laptop last signed");
    expect(await text()).toContain("Approved");
    await shot("06-approved");

    // Until the laptop reports again, its signed fail stands, and the page says so in words: never an invented pass.
    await page.goto(url(`/devices/${agent.enrollment.deviceId}`));
    expect(await text(".facts")).toMatch(/Version 2 issued; waiting for the laptop \(it last confirmed version 1\)/);
    expect(await usbText()).toMatch(/Fail[\s\S]*stays as the laptop last reported it/);
    await shot("06b-device-waiting-for-laptop");

    // The answer to the laptop's next report batch names version 2: the agent fetches it in that same delivery.
    await agent.core.cycle();
    const delivered = await agent.core.deliver();
    expect(delivered).toMatchObject({ policyVersion: 2, policyUpdated: true, error: null });
    expect((await agent.core.currentPolicy()).version).toBe(2);
    const [report] = await agent.core.cycle();
    const usb = report?.kind === "full" ? report.results.find((r) => r.control === "usb-storage") : undefined;
    expect(usb?.status).toBe("pass");
    expect((await agent.core.deliver()).accepted).toBeGreaterThan(0);

    await page.goto(url(`/devices/${agent.enrollment.deviceId}`));
    expect(await usbText()).toMatch(/Pass/);
    expect(await text(".facts")).toMatch(/Version 2, confirmed by the laptop's report/);
    expect(await text(".timeline")).toMatch(/USB storage[\s\S]*Fail[\s\S]*Pass/);
    await shot("07-device-usb-pass");
  }, 60_000);

  it("adds a waiver with a reason and an expiry date, and prints the council report", async () => {
    await page.goto(url(`/devices/${agent.enrollment.deviceId}`));
    const expires = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    await page.selectOption("#control", "screen-lock");
    await page.fill("#reason", "Presentation laptop for the council chamber");
    await page.fill("#expires", expires);
    await submit("form[action$='/waivers'] button");
    const saved = await text();
    expect(saved).toContain("Saved");
    expect(saved).toContain("Presentation laptop for the council chamber");
    expect(saved).toContain(`until ${expires}`);
    await shot("08-waiver");
    await page.goto(url(`/councils/${councilId}/report`));
    expect(await text()).toContain("Compliance report");
    await shot("09-report-print", "print");
    expect(dialogs).toEqual([]);
    expect(cspErrors).toEqual([]);
  }, 60_000);

  it("walks a re-enrolment: the request, the IT provider's alert, the approval, and the old key refused only after it (issue 14.1)", async () => {
    const { setAlertSettings } = await import("../../../server/alerts/settings-store.js");
    const { council, token } = await tokenFor(server, { uses: 5 });
    await setAlertSettings(server.ctx.db.kysely, council.id, { recipients: { it: ["it@provider.example"], dsfm: [] } });
    const api = async (path: string, body: unknown) => {
      const res = await fetch(`${server.url}${path}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as Record<string, never> };
    };
    const laptop = new FakeDevice("PF-REENROL-1");
    laptop.inventory.hostname = "dsfm-laptop";
    laptop.deviceId = String((await api("/v1/enroll", laptop.enrollBody(token))).body.deviceId);
    const reinstalled = new FakeDevice("PF-REENROL-1");
    reinstalled.inventory.hostname = "dsfm-laptop";
    const asked = await api("/v1/enroll", reinstalled.enrollBody(token));
    expect(asked.status).toBe(409);
    const alerts = await server.ctx.db.kysely
      .selectFrom("alert_outbox")
      .select(["destination", "content_json"])
      .where("device_id", "=", laptop.deviceId)
      .execute();
    expect(alerts.map((a) => a.destination)).toEqual(["email:it@provider.example"]);
    expect(alerts[0]?.content_json).toContain("A new key asks to take over");
    expect((await api("/v1/reports", { deviceId: laptop.deviceId, envelopes: [laptop.full()] })).status).toBe(200);
    await page.goto(url("/"));
    expect(await text("#reenrolments")).toContain("dsfm-laptop");
    await shot("10-reenrol-request");
    await submit("#reenrolments form.approve button");
    expect(await text()).toContain("New key approved");
    expect(await text("#keys-replaced")).toContain("dsfm-laptop");
    await shot("11-reenrol-approved");
    expect((await api("/v1/reports", { deviceId: laptop.deviceId, envelopes: [laptop.full()] })).status).toBe(401);
    const again = await api("/v1/enroll", reinstalled.enrollBody(token));
    expect(again.body.deviceId).toBe(laptop.deviceId);
    reinstalled.deviceId = laptop.deviceId;
    expect((await api("/v1/reports", { deviceId: reinstalled.deviceId, envelopes: [reinstalled.full()] })).status).toBe(
      200,
    );
    expect(dialogs).toEqual([]);
  }, 60_000);
});
