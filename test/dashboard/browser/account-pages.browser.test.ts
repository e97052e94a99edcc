// In chromium at 390×844 and 1366×768: the MFA set-up, second-factor and password pages (forced and by choice), as a
// council's DSFM with a long real-world address meets them, before and after a refused value: nothing past the screen,
// every field and button a finger's size, the set-up openable on the phone itself, the password rule said before it is
// broken, a refused code said in the code's words. Screenshots in test-artifacts/account/.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createSession } from "../../../server/dashboard/auth/session-store.js";
import type { SessionStage } from "../../../server/dashboard/tables.js";
import { updateUser } from "../../../server/dashboard/auth/user-store.js";
import { createUser } from "../../../server/dashboard/users.js";
import type { RunningServer } from "../../../server/main.js";
import { createCouncil } from "../../../server/services/admin.js";
import { browserSuite, launchChromium } from "./launch.js";
import { signedInPage, startBrowserServer, stopBrowserServer } from "./session.js";

const SHOTS = join(process.cwd(), "test-artifacts", "account");
const VIEWPORTS = [
  { name: "phone", width: 390, height: 844 },
  { name: "desktop", width: 1366, height: 768 },
] as const;
// biome-ignore lint/performance/useDomNodeTextContent: Playwright's innerText is the text a person sees (not the DOM property)
const seen = async (l: Locator) => (await l.innerText()).trim();
const DSFM = "democratic.services.finance.manager@muchwenlockandshropshirehills-towncouncil.gov.uk";

const suite = browserSuite();

suite("account pages on a phone and a laptop", () => {
  let server: RunningServer;
  let browser: Browser;
  let dataDir = "";
  let userId = "";

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    ({ server, dataDir } = await startBrowserServer("ward-account-browser-"));
    const deps = { db: server.ctx.db, clock: server.ctx.clock };
    const council = await createCouncil(deps, "Much Wenlock and Shropshire Hills Town Council");
    userId = (await createUser(deps, { email: DSFM, role: "council-manager", council: council.id })).user.id;
    browser = await launchChromium();
  }, 120_000);
  afterAll(() => stopBrowserServer(browser, server, dataDir));

  /** A page at `path` with a session at `stage` (the MFA secret forgotten first for the set-up). */
  const open = async (vp: (typeof VIEWPORTS)[number], stage: SessionStage, path: string): Promise<Page> => {
    if (stage === "mfa-setup") await updateUser(server.ctx.db.kysely, userId, { totp_secret: null });
    const { id } = await createSession(server.ctx.db.kysely, userId, stage, server.ctx.clock.now(), "127.0.0.1");
    const [, page] = await signedInPage(browser, server, `ward_session=${id}`, vp);
    await page.goto(`${server.url}/dashboard/${path}`);
    return page;
  };

  /** Each field, button and link in main: its name and box (to check it is inside the screen and big enough). */
  const controls = (page: Page) =>
    page.evaluate<{ name: string; x: number; r: number; h: number }[]>(`[...document.querySelectorAll(
      "main input:not([type=hidden]), main button, main a")].map((e) => {
        const b = e.getBoundingClientRect();
        return { name: e.id || e.textContent.trim(), x: b.left, r: b.right, h: b.height };
      })`);

  /** Nothing wider than the screen, and each control inside it and at least `min` px tall. */
  const fits = async (page: Page, vp: (typeof VIEWPORTS)[number], what: string) => {
    expect(await page.evaluate<number>("document.documentElement.scrollWidth"), what).toBeLessThanOrEqual(vp.width);
    const min = vp.name === "phone" ? 38 : 24;
    for (const c of await controls(page)) {
      expect(c.x, `${what}: ${c.name} starts on screen`).toBeGreaterThanOrEqual(0);
      expect(c.r, `${what}: ${c.name} ends on screen`).toBeLessThanOrEqual(vp.width);
      expect(c.h, `${what}: ${c.name} is a finger's size`).toBeGreaterThanOrEqual(min);
    }
  };

  for (const vp of VIEWPORTS) {
    it(`${vp.name}: MFA set-up: the code, the key, and a button that adds Ward to this phone's app; a refused code`, async () => {
      const page = await open(vp, "mfa-setup", "mfa");
      const secret = (await seen(page.locator("#totp-secret"))).trim();
      expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
      const add = page.locator("#totp-add");
      const href = (await add.getAttribute("href")) ?? "";
      expect(href).toMatch(/^otpauth:\/\/totp\//);
      expect(new URL(href).searchParams.get("secret")).toBe(secret);
      expect(await seen(add)).toBe("Add Ward to my authenticator app");
      if (vp.name === "phone") expect((await add.boundingBox())!.height).toBeGreaterThanOrEqual(44);
      const key = (await page.locator("#totp-secret").boundingBox())!;
      expect(key.x + key.width, "the key ends on screen").toBeLessThanOrEqual(vp.width);
      await fits(page, vp, "set-up");
      await page.screenshot({ path: join(SHOTS, `${vp.name}-mfa-setup.png`), fullPage: true });
      await page.fill("#code", "000000");
      await page.click("main form button[type=submit]");
      await page.waitForLoadState("load");
      const said = await seen(page.locator(".flash-error"));
      expect(said).toContain("That code was not accepted. Type the newest code your app shows");
      expect(said).not.toContain("password");
      await fits(page, vp, "set-up, code refused");
      await page.screenshot({ path: join(SHOTS, `${vp.name}-mfa-setup-error.png`), fullPage: true });
      await page.context().close();
    });

    it(`${vp.name}: the code page fits`, async () => {
      const page = await open(vp, "mfa", "mfa");
      expect(await page.locator("#totp-add").count()).toBe(0);
      await fits(page, vp, "code");
      await page.screenshot({ path: join(SHOTS, `${vp.name}-mfa.png`), fullPage: true });
      await page.context().close();
    });

    for (const [name, stage] of [
      ["password-forced", "change-password"],
      ["password", "ok"],
    ] as const) {
      it(`${vp.name}: ${name}: the 12-character rule is said by its field before it is broken; refused, it fits`, async () => {
        const page = await open(vp, stage, "password");
        const hint = page.locator("#new-password-hint");
        expect(await hint.isVisible()).toBe(true);
        expect(await seen(hint)).toContain("At least 12 characters");
        expect(await page.getAttribute("#new-password", "aria-describedby")).toBe("new-password-hint");
        await fits(page, vp, name);
        await page.screenshot({ path: join(SHOTS, `${vp.name}-${name}.png`), fullPage: true });
        if (stage === "ok") await page.fill("#current", "wrong password here");
        await page.fill("#new-password", "short");
        await page.fill("#repeat", "short");
        // The browser's own minlength check would stop the form first: the server's message is what is tested.
        await page.evaluate(
          "document.querySelectorAll('input[minlength]').forEach((i) => i.removeAttribute('minlength'))",
        );
        await page.click("main form button[type=submit]");
        await page.waitForLoadState("load");
        expect(await page.locator(".flash-error").count()).toBe(1);
        await fits(page, vp, `${name}, refused`);
        await page.screenshot({ path: join(SHOTS, `${vp.name}-${name}-error.png`), fullPage: true });
        await page.context().close();
      });
    }
  }
});
