// The DSFM's jobs in a real browser (Debian's chromium), at 1366×768 and at 390×844 (a phone): read the verdict on the
// home, follow the approve link in the alert email as received by an SMTP server (signed out → log in → confirm),
// approve, see the laptop's next real report pass, print the report. Screenshots in test-artifacts/dashboard/dsfm-*.
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { mapSource } from "../../../agent/checks/framework/replay-source.js";
import { fixture } from "../../../agent/checks/usb-storage/fixtures.test-helper.js";
import { createAlerts } from "../../../server/alerts/index.js";
import { setAlertSettings } from "../../../server/alerts/settings-store.js";
import { totpCode } from "../../../server/dashboard/auth/totp.js";
import type { RunningServer } from "../../../server/main.js";
import { CONTROL_IDS } from "../../../shared/schemas/control.js";
import { enrolledAgent, tokenFor } from "../../agent/agent-harness.js";
import { type SmtpSink, startSmtpSink } from "../../alerts/smtp-sink.js";
import { checkResult, FakeDevice } from "../../collector/device.js";
import { enrolAndReport, readyUser } from "../support.js";
import { browserSuite, launchChromium } from "./launch.js";
import { browserPage, startBrowserServer, stopBrowserServer } from "./session.js";

const SHOTS = join(process.cwd(), "test-artifacts", "dashboard");
// Real macOS captures (agent/checks/usb-storage/fixtures/SOURCES.md): a SanDisk Extreme SSD on the USB bus.
const SANDISK = {
  "mac.diskutil-external": fixture("macos", "diskutil-list-external-usb-stick.plist"),
  "mac.diskutil-info@disk2": fixture("macos", "diskutil-info-flash-disk-fixed.txt"),
  "mac.usb": fixture("macos", "system-profiler-sandisk-extreme-ssd.json"),
};
const VIEWPORTS = [
  { name: "desktop", width: 1366, height: 768 },
  { name: "phone", width: 390, height: 844 },
] as const;

const suite = browserSuite();

suite("the DSFM's jobs in chromium", () => {
  let server: RunningServer;
  let smtp: SmtpSink;
  let browser: Browser;
  let dataDir = "";

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    ({ server, dataDir } = await startBrowserServer("ward-dsfm-browser-"));
    smtp = await startSmtpSink();
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await stopBrowserServer(browser, server, dataDir);
    await smtp?.close();
  });

  for (const vp of VIEWPORTS) {
    it(`${vp.name} ${vp.width}×${vp.height}: verdict, the email's approve link, approve, the next report passes, print`, async () => {
      // A council with two laptops: the clerk's (a real agent core that saw the SanDisk) and one that passes.
      const { council, token } = await tokenFor(server, { uses: 5 });
      const dsfmEmail = `dsfm-${vp.name}@council.example`;
      await setAlertSettings(server.ctx.db.kysely, council.id, {
        smtpUrl: smtp.url,
        from: "ward@council.example",
        publicUrl: server.url,
        recipients: { dsfm: [dsfmEmail], it: [] },
      });
      const other = new FakeDevice();
      other.inventory.hostname = `chair-${vp.name}`;
      await enrolAndReport(
        server,
        token,
        other,
        CONTROL_IDS.map((c) => checkResult(c, "pass")),
      );
      const agent = await enrolledAgent(server.url, token, mapSource("macos", SANDISK));
      await agent.core.cycle();
      expect((await agent.core.deliver()).accepted).toBe(1);
      const dsfm = await readyUser(server, dsfmEmail, "council-manager", council.id);

      // The unapproved-stick alert, as the DSFM's mail server received it.
      // The collector's own sender may claim the row first (it wakes every 15 s): wait for the mail either way.
      await createAlerts(server.ctx, { pollMs: 3_600_000 }).tick();
      const received = () => smtp.received.find((m) => m.envelopeTo.includes(dsfmEmail))?.mail;
      for (let i = 0; i < 300 && !received(); i++) await new Promise((r) => setTimeout(r, 100));
      const mail = received();
      expect(mail?.subject).toContain("unapproved USB storage");
      const link = /^(http:\/\/127\.0\.0\.1:\d+\/dashboard\/approve\?t=[A-Za-z0-9_.-]+)$/m.exec(mail?.text ?? "")?.[1];
      expect(link).toBeDefined();
      expect(mail?.text).toMatch(/Approve this stick \(SanDisk[^\n]*serial [^\n]*\) if it is the council's:/);

      const dialogs: string[] = [];
      const [context, page] = await browserPage(
        browser,
        { width: vp.width, height: vp.height },
        { dialogs, cspErrors: [] },
      );
      const shot = async (name: string, media: "screen" | "print" = "screen", fullPage = true) => {
        await page.emulateMedia({ media });
        await page.screenshot({ path: join(SHOTS, `dsfm-${vp.name}-${name}.png`), fullPage });
        await page.emulateMedia({ media: "screen" });
      };
      // biome-ignore lint/performance/useDomNodeTextContent: Playwright's innerText is the text a person sees
      const text = (selector = "main") => page.innerText(selector);
      const click = async (selector: string) => {
        await page.click(selector);
        await page.waitForLoadState("load");
      };
      // A code is accepted once: the second log-in uses the next 30-second step (one step of drift is allowed).
      let step = 0;
      const logIn = async () => {
        expect(new URL(page.url()).pathname).toBe("/dashboard/login");
        await page.fill("#email", dsfm.user.email);
        await page.fill("#password", dsfm.password);
        await click("main form button[type=submit]");
        await page.fill("#code", totpCode(dsfm.totpSecret, new Date(Date.now() + 30_000 * step++)));
        await click("main form button[type=submit]");
      };
      // Nothing on the page may be wider than the screen (the approve button off-screen at 390 px was the bug).
      const fits = async () => {
        const wide = await page.evaluate<string[]>(
          "[...document.querySelectorAll('main *')].filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1).map((e) => e.tagName + '.' + e.className).slice(0, 5)",
        );
        expect(wide).toEqual([]);
      };

      // 1. Signing in lands on the home: the verdict in one sentence and the to-do.
      await page.goto(`${server.url}/dashboard/`);
      await logIn();
      expect(new URL(page.url()).pathname).toBe(`/dashboard/councils/${council.id}/home`);
      // The clerk's laptop fails USB storage; the replayed Mac gives no captures for its other checks, so Ward says
      // it could not make them (one to-do for the IT provider): two things need the DSFM.
      expect(await text(".verdict")).toContain("1 of 2 laptops meets the policy; 2 things need you.");
      expect(await text("ol.todo")).toMatch(
        /A USB stick the council has not approved was used on clerk-laptop: SanDisk/,
      );
      expect(await text("ol.todo")).toContain("Who to ask: the laptop's user");
      await fits();
      await shot("1-home-verdict");
      // The laptop's page offers the same one-tap approval under its failing USB result, on screen at 390 px too.
      await click('ol.todo a:has-text("Open the laptop\'s page")');
      const approve = page.locator(".approve-sticks a.button");
      expect(await approve.textContent()).toBe("Approve this stick");
      await approve.scrollIntoViewIfNeeded();
      const box = await approve.boundingBox();
      expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(vp.width);
      await fits();
      await shot("1b-device-approve-link", "screen", false);

      // 2. Signed out, the email's link goes through the log-in and then to the confirm page, which changes nothing.
      // On a phone Log out is in the navigation behind Menu.
      if (await page.locator("header.top details.menu").isVisible())
        await page.click("header.top details.menu summary");
      await click("header form[action$='/logout'] button");
      // The email as received (its HTML part), opened in the browser; the DSFM taps its approve link.
      await page.setContent(mail?.html ?? "");
      expect(await page.getAttribute("a[href*='/dashboard/approve?t=']", "href")).toBe(link);
      await shot("2a-alert-email");
      await click("a[href*='/dashboard/approve?t=']");
      await logIn();
      expect(page.url()).toBe(link);
      expect(await text("h1")).toBe("Approve a USB stick");
      expect(await text(".scope")).toMatch(/This stick: SanDisk[^\n]*serial/);
      await fits();
      await shot("2b-email-link-confirm");

      // 3. Approve: the device page says the policy is issued and the laptop's signed fail stands until it reports.
      await click("form.approve-link button[type=submit]");
      expect(new URL(page.url()).pathname).toBe(`/dashboard/devices/${agent.enrollment.deviceId}`);
      expect(await text(".flash")).toContain("Approved: policy version 2 issued");
      expect(await text(".facts")).toMatch(/Version 2 issued; waiting for the laptop/);
      await fits();
      await shot("3-approved-waiting", "screen", false);
      // The home no longer asks for the stick; it says the laptop has still to report with the new policy.
      await page.goto(`${server.url}/dashboard/`);
      expect(await text(".verdict")).toContain("1 of 2 laptops meets the policy; 1 thing needs you.");
      expect(await text("main")).toContain("Waiting for clerk-laptop: a stick approved since the laptop's last report");
      await shot("3b-home-waiting");
      await page.goto(`${server.url}/dashboard/devices/${agent.enrollment.deviceId}`);

      // 4. The answer to the laptop's next report names version 2; it fetches it there and checks again: that passes.
      await agent.core.cycle();
      expect(await agent.core.deliver()).toMatchObject({ policyVersion: 2, policyUpdated: true, error: null });
      const [report] = await agent.core.cycle();
      const usb = report?.kind === "full" ? report.results.find((r) => r.control === "usb-storage") : undefined;
      expect(usb?.status).toBe("pass");
      expect((await agent.core.deliver()).accepted).toBeGreaterThan(0);
      await page.reload();
      expect(await text("#control-usb-storage")).toMatch(/Pass/);
      expect(await text(".facts")).toMatch(/Version 2, confirmed by the laptop's report/);
      await page.locator("#control-usb-storage").scrollIntoViewIfNeeded();
      await shot("4-device-pass", "screen", false);
      await page.goto(`${server.url}/dashboard/`);
      // The stick is done; what is left is the checks the replayed Mac could not make, for the IT provider.
      expect(await text(".verdict")).toContain("1 of 2 laptops meets the policy; 1 thing needs you.");
      expect(await text("ol.todo")).not.toContain("USB stick");
      await shot("5-home-all-pass");

      // 5. The report for the council meeting, as printed.
      await page.goto(`${server.url}/dashboard/councils/${council.id}/report`);
      expect(await text()).toContain("Compliance report");
      await shot("6-report", "screen");
      await shot("6-report-print", "print");
      // As printed on A4 (what goes to the council meeting): chromium's own print to PDF.
      await page.emulateMedia({ media: "print" });
      const pdf = await page.pdf({ path: join(SHOTS, `dsfm-${vp.name}-6-report.pdf`), format: "A4" });
      expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
      const printed = execFileSync("pdftotext", [join(SHOTS, `dsfm-${vp.name}-6-report.pdf`), "-"], {
        encoding: "utf8",
      });
      expect(printed).toContain("1 of 2 laptops met the policy");
      expect(printed).toMatch(/approved:\s+SanDisk Extreme SSD/);
      expect(printed).not.toContain("Log out");
      await fits();
      const audit = await server.ctx.db.kysely
        .selectFrom("audit_log")
        .select(["actor", "detail_json"])
        .where("council_id", "=", council.id)
        .where("action", "=", "usb.approve")
        .execute();
      expect(audit).toMatchObject([{ actor: dsfmEmail }]);
      expect(audit[0]?.detail_json).toContain("Approved from Ward's alert email");
      expect(dialogs).toEqual([]);
      await context.close();
    }, 120_000);
  }
});
