// Issue 18's Must show, in Debian's chromium, as the IT provider's admin: add a council, set its policy (a refused
// value shown beside its field, then a preview in words, then saved), copy the msiexec line (the collector's real
// address and the token), enrol this machine's real agent with the deb command's values the way the package's install
// script does, and find the worst device across two councils first in the list. Screenshots at 1366×768 and 390×844.
import { mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { main as wardCli } from "../../../agent/cli/main.js";
import { installerCommand } from "../../../installers/sea/installer-commands.js";
import { totpCode } from "../../../server/dashboard/auth/totp.js";
import { createUser } from "../../../server/dashboard/users.js";
import type { RunningServer } from "../../../server/main.js";
import { createToken } from "../../../server/services/admin.js";
import { CONTROL_IDS } from "../../../shared/schemas/control.js";
import { checkResult, FakeDevice } from "../../collector/device.js";
import { enrolAndReport } from "../support.js";
import { freePort } from "../../support/postgres.js";
import { browserSuite, launchChromium } from "./launch.js";
import { browserPage, startBrowserServer, stopBrowserServer } from "./session.js";

const SHOTS = join(process.cwd(), "test-artifacts", "provider");
const DESKTOP = { width: 1366, height: 768 };
const PHONE = { width: 390, height: 844 };

const suite = browserSuite();

suite("the IT provider's estate in chromium", () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let publicUrl = "";
  let dataDir = "";
  let wellingtonId = "";
  let token = "";
  let ashbyId = "";
  const url = (path: string) => `${server.url}/dashboard${path}`;
  // biome-ignore lint/performance/useDomNodeTextContent: Playwright's innerText is the text a person sees
  const text = (selector = "main") => page.innerText(selector);
  const submit = async (selector: string) => {
    await page.click(selector);
    await page.waitForLoadState("load");
  };
  /** The page as it is, on a laptop screen and on a phone. */
  const shots = async (name: string, fitsPhone = true) => {
    await page.screenshot({ path: join(SHOTS, `${name}-1366.png`), fullPage: true });
    await page.setViewportSize(PHONE);
    await page.screenshot({ path: join(SHOTS, `${name}-390.png`), fullPage: true });
    // Nothing wider than the phone (no sideways scrolling, WCAG 1.4.10 Reflow).
    if (fitsPhone) expect(await page.evaluate<number>("document.documentElement.scrollWidth")).toBeLessThanOrEqual(390);
    await page.setViewportSize(DESKTOP);
  };

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    // A port free now, so the collector can be told its own public address before it starts.
    const port = await freePort();
    publicUrl = `http://127.0.0.1:${port}`;
    ({ server, dataDir } = await startBrowserServer("ward-provider-", {
      port,
      flags: (dir) => ({ publicUrl, distDir: join(dir, "no-packages-built") }),
    }));
    browser = await launchChromium();
    [, page] = await browserPage(browser, DESKTOP, undefined, {
      permissions: ["clipboard-read", "clipboard-write"],
    });
  }, 60_000);
  afterAll(() => stopBrowserServer(browser, server, dataDir));

  it("signs in as the provider admin (one-time password, TOTP, own password)", async () => {
    const admin = await createUser(
      { db: server.ctx.db, clock: server.ctx.clock },
      { email: "admin@provider.example", role: "provider-admin" },
    );
    await page.goto(url("/"));
    await page.fill("#email", admin.user.email);
    await page.fill("#password", admin.password);
    await submit("form button[type=submit]");
    const secret = await text("#totp-secret");
    await page.fill("#code", totpCode(secret, new Date()));
    await submit("main form button[type=submit]");
    await page.fill("#new-password", "the clerk keeps the minutes");
    await page.fill("#repeat", "the clerk keeps the minutes");
    await submit("main form button[type=submit]");
    expect(page.url()).toBe(url("/"));
  }, 60_000);

  it("adds a council from the Councils page", async () => {
    await submit("nav >> text=Councils");
    await page.fill("#council-name", "Wellington Town Council");
    await shots("01-councils");
    await submit("main form button[type=submit]");
    wellingtonId = /councils\/(cou_[\w-]+)\/policy/.exec(page.url())?.[1] ?? "";
    expect(wellingtonId).not.toBe("");
    expect(await text()).toContain("Wellington Town Council was added with Ward's default policy");
  }, 60_000);

  it("sets its policy: a refused value is said beside its field, the preview says what changes, then saved", async () => {
    await page.fill("#f-screenLockMaxMinutes", "0");
    await page.fill("#f-clauses-disk-encryption", "Wellington IT Policy 4.2.4");
    await submit("button[value=preview]");
    expect(await text("#f-screenLockMaxMinutes-error")).toBe("✘ Must be at least 1.");
    expect(await page.inputValue("#f-clauses-disk-encryption")).toBe("Wellington IT Policy 4.2.4");
    await shots("02-policy-refused");
    await page.fill("#f-screenLockMaxMinutes", "10");
    await submit("button[value=preview]");
    const preview = await text(".preview");
    expect(preview).toContain("What changes: version 1 → 2");
    expect(preview).toContain("Screen lock: locks after at most 30 minutes idle → locks after at most 10 minutes idle");
    expect(preview).toContain("Council policy clause for Disk encryption: none → “Wellington IT Policy 4.2.4”");
    await shots("03-policy-preview");
    await submit("#save-policy");
    expect(await text()).toContain("Saved as version 2.");
  }, 60_000);

  it("copies the msiexec line: the collector's real address and the token just made", async () => {
    await submit("nav >> text=Enrolment tokens");
    await page.selectOption("#council", wellingtonId);
    await submit("main form.card button[type=submit]");
    token = (await text("#new-token")).trim();
    expect(token).toMatch(/^wet_[\w-]{43}$/);
    await page.click("button[data-copy=cmd-msiexec]");
    await page.waitForSelector("button[data-copy=cmd-msiexec] >> text=Copied");
    const copied = await page.evaluate<string>("navigator.clipboard.readText()");
    expect(copied).toBe(`msiexec /i ward-agent.msi /qn SERVER_URL=${publicUrl} ENROLL_TOKEN=${token}`);
    expect(await text("#public-url")).toBe(publicUrl);
    await shots("04-token-commands");
  }, 60_000);

  it("enrols this machine's real agent with the deb command's values, as the package's install script does", async () => {
    const deb = await text("#cmd-deb");
    const m = /sudo SERVER_URL=(\S+) ENROLL_TOKEN=(\S+) apt install \.\/ward-agent_[\d.]+_amd64\.deb/.exec(deb);
    expect(m?.[1]).toBe(publicUrl);
    expect(m?.[2]).toBe(token);
    // postinst: WARD_SERVER_URL / WARD_ENROLL_TOKEN from SERVER_URL / ENROLL_TOKEN, `ward installer write-config`.
    const root = mkdtempSync(join(tmpdir(), "ward-deb-root-"));
    const config = join(root, "etc", "ward", "agent.json");
    const stateDir = join(root, "var", "lib", "ward");
    const err: string[] = [];
    const io = {
      out: () => {},
      err: (t: string) => err.push(t),
      env: { WARD_SERVER_URL: m![1], WARD_ENROLL_TOKEN: m![2] },
    };
    expect(await installerCommand(["write-config", "--config", config, "--state-dir", stateDir], io)).toBe(0);
    expect(JSON.parse(readFileSync(config, "utf8"))).toEqual({ serverUrl: publicUrl, enrollToken: token });
    // ward-agent.service's first start: `ward run` enrols from the config file, checks this machine, delivers.
    const out: string[] = [];
    const cli = { out: (t: string) => out.push(t), err: (t: string) => out.push(t) };
    const code = await wardCli(["run", "--once", "--quiet", "--config", config, "--state-dir", stateDir], cli);
    expect([0, 1]).toContain(code);
    expect(JSON.parse(readFileSync(config, "utf8"))).toEqual({ serverUrl: publicUrl }); // the token is removed
    // The agent holds Wellington's policy as saved in the browser: version 2, verified with the collector's key.
    const said: string[] = [];
    const quiet = { out: (t: string) => said.push(t), err: () => {} };
    await wardCli(["status", "--json", "--config", config, "--state-dir", stateDir], quiet);
    const status = JSON.parse(said.join("")) as { council: string; policy: { version: number } };
    expect([status.council, status.policy.version]).toEqual(["Wellington Town Council", 2]);
    const device = await server.ctx.db.kysely
      .selectFrom("devices")
      .selectAll()
      .where("council_id", "=", wellingtonId)
      .executeTakeFirstOrThrow();
    expect(device.last_seen_at).not.toBeNull();
    await page.goto(url(`/devices/${device.id}`));
    expect(await text()).toContain(device.hostname);
  }, 120_000);

  it("finds the worst device across two councils first in the list", async () => {
    await page.goto(url("/councils"));
    await page.fill("#council-name", "Ashby Parish Council");
    await submit("main form button[type=submit]");
    ashbyId = /councils\/(cou_[\w-]+)\/policy/.exec(page.url())?.[1] ?? "";
    const deps = { db: server.ctx.db, clock: server.ctx.clock };
    const t = await createToken(deps, { council: ashbyId, expires: "1d", uses: 2, councilById: true });
    const worst = new FakeDevice();
    worst.inventory.hostname = "ASHBY-CHAIR-LT";
    await enrolAndReport(
      server,
      t.token,
      worst,
      CONTROL_IDS.map((c) => checkResult(c, "fail")),
    );
    const clean = new FakeDevice();
    clean.inventory.hostname = "ASHBY-CLERK-LT";
    await enrolAndReport(
      server,
      t.token,
      clean,
      CONTROL_IDS.map((c) => checkResult(c, "pass")),
    );
    await page.goto(url("/devices"));
    const rows = page.locator("table.fleet tbody tr");
    expect(await rows.count()).toBe(3);
    const first = await text("table.fleet tbody tr:first-child");
    expect(first).toContain("ASHBY-CHAIR-LT");
    expect(first).toContain("Ashby Parish Council");
    const all = await text("table.fleet");
    expect(all).toContain("Wellington Town Council");
    await shots("05-devices-worst-first", false);
  }, 60_000);

  it("saves Wellington's policy as a template and applies it to both councils: one changes, one already matches", async () => {
    await page.goto(url(`/councils/${wellingtonId}/policy`));
    await submit("text=Save this policy as a template");
    await page.fill("#template-name", "Town councils 2026");
    await submit("main form.card >> text=Save template");
    expect(await text()).toContain("Template “Town councils 2026” saved.");
    await page.check(`form[action$="/apply"] input[name=council][value="${ashbyId}"]`);
    await page.check(`form[action$="/apply"] input[name=council][value="${wellingtonId}"]`);
    await submit("form[action$='/apply'] button[value=preview]");
    const preview = await text(".preview");
    expect(preview).toContain("Ashby Parish Council: version 1 → 2");
    expect(preview).toContain("Wellington Town Council: already matches (left as it is)");
    expect(await text("#apply-template")).toBe("Apply: 1 council changes");
    await shots("06-template-preview");
    await submit("#apply-template");
    const done = await text(".flash-ok");
    expect(done).toContain("Ashby Parish Council: now version 2");
    expect(done).toContain("Wellington Town Council: already matched, left as it is");
    await page.goto(url("/audit"));
    expect(await text()).toContain("changed a council's policy");
    await shots("07-audit");
  }, 60_000);
});
