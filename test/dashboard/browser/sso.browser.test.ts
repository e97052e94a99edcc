// In chromium: sign in through a real OpenID provider on loopback (oidc-provider) and land on the right council with
// the right role: a council's own domain → its manager on its page; a provider admin group → the overview. Screenshots kept.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { RunningServer } from "../../../server/main.js";
import { createCouncil, createToken } from "../../../server/services/admin.js";
import { checkResult, FakeDevice } from "../../collector/device.js";
import { signInAtIdp, startTestIdp, type TestIdp } from "../../support/oidc-provider.js";
import { freePort } from "../../support/postgres.js";
import { enrolAndReport } from "../support.js";
import { browserSuite, launchChromium } from "./launch.js";
import { startBrowserServer, stopBrowserServer } from "./session.js";

const SHOTS = join(process.cwd(), "test-artifacts", "dashboard");
// biome-ignore lint/performance/useDomNodeTextContent: Playwright's innerText is the text a person sees (not the DOM property)
const seen = (page: Page, selector: string) => page.innerText(selector);

const suite = browserSuite();

suite("single sign-on in chromium", () => {
  let idp: TestIdp;
  let server: RunningServer;
  let browser: Browser;
  let dataDir = "";
  let wellington = "";
  let other = "";
  const cspErrors: string[] = [];

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    const port = await freePort();
    const redirectUrl = `http://127.0.0.1:${port}/dashboard/sso/callback`;
    idp = await startTestIdp({
      accounts: {
        "dsfm@wellington": { email: "dsfm@wellington-tc.example", email_verified: true, name: "Wellington DSFM" },
        "alice@provider": { email: "alice@provider.example", email_verified: true, groups: ["ward-admins"] },
      },
      redirectUris: [redirectUrl],
    });
    const sso = {
      issuer: idp.issuer,
      clientId: idp.clientId,
      clientSecret: idp.clientSecret,
      redirectUrl,
      label: "Provider Example",
      providerDomains: ["provider.example"],
      groupRoles: { "ward-admins": "provider-admin" },
      allowInsecureHttp: true,
    };
    ({ server, dataDir } = await startBrowserServer("ward-sso-browser-", { port, flags: () => ({ sso }) }));
    const deps = { db: server.ctx.db, clock: server.ctx.clock };
    const w = await createCouncil(deps, "Wellington Town Council");
    const o = await createCouncil(deps, "Other Parish Council");
    wellington = w.id;
    other = o.id;
    await enrolAndReport(
      server,
      (await createToken(deps, { council: w.id, expires: "1d", uses: 1 })).token,
      new FakeDevice(),
      [checkResult("disk-encryption", "fail")],
    );
    await enrolAndReport(
      server,
      (await createToken(deps, { council: o.id, expires: "1d", uses: 1 })).token,
      new FakeDevice(),
      [checkResult("disk-encryption", "pass")],
    );
    await server.ctx.db.kysely
      .insertInto("council_sso_domains")
      .values({
        domain: "wellington-tc.example",
        council_id: w.id,
        role: "council-manager",
        created_at: new Date().toISOString(),
      })
      .execute();
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await stopBrowserServer(browser, server, dataDir);
    await idp?.close();
  });

  /** From Ward's log-in page through the provider's log-in and consent pages, back to Ward. */
  async function signIn(page: Page, login: string, shots?: string) {
    page.on("console", (m) => {
      if (/Content Security Policy/i.test(m.text())) cspErrors.push(m.text());
    });
    await page.goto(`${server.url}/dashboard/login`);
    if (shots) await page.screenshot({ path: join(SHOTS, `${shots}-login.png`), fullPage: true });
    await page.click("#sso");
    await page.waitForSelector('input[name="login"]');
    expect(page.url().startsWith(idp.issuer)).toBe(true);
    await page.fill('input[name="login"]', login);
    await page.fill('input[name="password"]', "any password");
    if (shots) await page.screenshot({ path: join(SHOTS, `${shots}-idp.png`), fullPage: true });
    await page.click('button[type="submit"]');
    await page.waitForLoadState("load");
    if (page.url().startsWith(idp.issuer)) {
      // The provider's consent page on the first sign-in.
      await page.click('button[type="submit"]');
    }
    await page.waitForURL(
      (u) => u.href.startsWith(`${server.url}/dashboard/`) && !u.pathname.startsWith("/dashboard/sso"),
    );
    await page.waitForLoadState("load");
  }

  it("signs a council's DSFM in through the identity provider and lands on their council as its manager", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page, "dsfm@wellington", "sso");
    expect(new URL(page.url()).pathname).toBe(`/dashboard/councils/${wellington}/home`);
    const header = await seen(page, "header");
    expect(header).toContain("dsfm@wellington-tc.example (Council manager)");
    expect(await seen(page, "h1")).toContain("Wellington Town Council");
    await page.screenshot({ path: join(SHOTS, "sso-council-manager.png"), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: join(SHOTS, "sso-council-manager-phone.png"), fullPage: true });
    const across = await page.goto(`${server.url}/dashboard/councils/${other}`);
    expect(across?.status()).toBe(404);
    await page.close();
  });

  it("signs a provider admin (by group) in to the overview of every council", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page, "alice@provider");
    expect(new URL(page.url()).pathname).toBe("/dashboard/");
    expect(await seen(page, "header")).toContain("alice@provider.example (Provider admin)");
    const main = await seen(page, "main");
    expect(main).toContain("Wellington Town Council");
    expect(main).toContain("Other Parish Council");
    await page.screenshot({ path: join(SHOTS, "sso-provider-admin.png"), fullPage: true });
    expect(cspErrors).toEqual([]);
    await page.close();
  });

  it("lets the provider admin make a read-only council API token on the dashboard, shown once, that reads only that council", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page, "alice@provider");
    await page.goto(`${server.url}/dashboard/api-tokens`);
    await page.fill("#name", "HaloPSA bridge");
    await page.selectOption("#scope", wellington);
    await page.selectOption("#access", "read");
    await page.click('form[action="/dashboard/api-tokens"] button[type="submit"]');
    await page.waitForLoadState("load");
    const token = (await seen(page, "#new-api-token")).trim();
    expect(token).toMatch(/^wat_[A-Za-z0-9_-]{43}$/);
    await page.screenshot({ path: join(SHOTS, "api-tokens-created.png"), fullPage: true });
    const auth = { authorization: `Bearer ${token}` };
    const mine = await fetch(`${server.url}/api/v1/councils/${wellington}/devices`, { headers: auth });
    expect(mine.status).toBe(200);
    const devices = (await mine.json()) as { items: { id: string }[] };
    expect(devices.items).toHaveLength(1);
    expect((await fetch(`${server.url}/api/v1/councils/${other}/devices`, { headers: auth })).status).toBe(404);
    const write = await fetch(`${server.url}/api/v1/devices/${devices.items[0]!.id}/waivers`, {
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify({ control: "disk-encryption", reason: "x", expiresOn: "2099-01-01" }),
    });
    expect(write.status).toBe(403);
    // Reloading the page re-sends the form: no second token, and the first one is not shown again.
    await page.reload();
    const again = await seen(page, "main");
    expect(again).toContain("This form was already sent");
    expect(again).not.toContain(token);
    expect(await page.locator("tbody tr").count()).toBe(1);
    await page.screenshot({ path: join(SHOTS, "api-tokens-list.png"), fullPage: true });
    await page.close();
  });

  it("offers the same flow to a script (no browser) as a check of the helper the other tests use", async () => {
    const start = await fetch(`${server.url}/dashboard/sso/start`, { redirect: "manual" });
    const callback = await signInAtIdp(
      String(start.headers.get("location")),
      "alice@provider",
      `${server.url}/dashboard/sso/callback`,
    );
    expect(callback).toContain("code=");
  });
});
