// Every shared control description reaches every surface: the council page, the CSV, the digest and an alert all
// show its title, taken from the one description (so a control added to shared/controls/ is covered here at once).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONTROLS } from "../../shared/controls/index.js";
import { AlertContent } from "../../server/alerts/content.js";
import { buildDigest } from "../../server/alerts/digest.js";
import { getAlertSettings } from "../../server/alerts/settings-store.js";
import { findCouncil } from "../../server/stores/council-store.js";
import { listDevices } from "../../server/stores/device-store.js";
import { type AlertTest, alertTest, result } from "../alerts/alert-env.js";
import { BASE, getPage, readyUser, sessionCookie } from "../dashboard/support.js";

// Every rule alerts at the first failing report, so one report raises one alert per control.
const SETTINGS = {
  recipients: { dsfm: ["dsfm@council.example"], it: ["it@provider.example"] },
  confirmReports: 1,
  screenLockGraceHours: 0,
};

describe("one description per control, read by every surface", () => {
  let t: AlertTest;
  let cookie = "";

  beforeAll(async () => {
    t = await alertTest("sqlite", SETTINGS);
    await t.full(...CONTROLS.map((c) => result(c.id, "fail")));
    const manager = await readyUser(t.env.server, "dsfm@council.example", "council-manager", t.councilId);
    cookie = (await sessionCookie(t.env.server, manager.user.id)).cookie;
  });
  afterAll(async () => t?.close());

  it("walks at least the five original controls", () => {
    expect(CONTROLS.map((c) => c.id)).toEqual(
      expect.arrayContaining(["disk-encryption", "screen-lock", "usb-storage", "hotspot", "os-patch"]),
    );
  });

  it.each(CONTROLS.map((c) => [c.id, c] as const))(
    "%s: its title heads a column on the council page",
    async (_id, c) => {
      const page = await getPage(t.env.server, `${BASE}/councils/${t.councilId}`, cookie);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain(`<th scope="col">${c.title}</th>`);
    },
  );

  it.each(CONTROLS.map((c) => [c.id, c] as const))("%s: its title heads a column in the CSV export", async (_id, c) => {
    const csv = await getPage(t.env.server, `${BASE}/councils/${t.councilId}/export.csv`, cookie);
    expect(csv.statusCode).toBe(200);
    const header = csv.body.replace(/^\uFEFF/, "").split("\r\n")[0] ?? "";
    expect(header.split(",")).toContain(`"${c.title}"`);
  });

  it.each(CONTROLS.map((c) => [c.id, c] as const))(
    "%s: its title and plain name are in the weekly digest",
    async (_id, c) => {
      const q = t.env.server.ctx.db.kysely;
      const council = await findCouncil(q, t.councilId);
      const digest = await buildDigest(
        q,
        council!,
        await listDevices(q, t.councilId),
        await getAlertSettings(q, t.councilId),
        t.clock.now(),
      );
      expect(digest.plain).toContain(`${c.title}: 0 passing, 1 failing, 0 could not tell`);
      expect(digest.plain.join("\n")).toContain(`${c.plainName} failing since`);
    },
  );

  it.each(CONTROLS.map((c) => [c.id, c] as const))(
    "%s: its alert carries its title, a headline of its own and its reason",
    async (_id, c) => {
      const alerts = (await t.outbox())
        .filter((r) => r.rule === c.id)
        .map((r) => AlertContent.parse(JSON.parse(r.content_json)));
      expect(alerts.length).toBeGreaterThan(0);
      const alert = alerts[0]!;
      expect(alert.technical).toContain(`Control: ${c.title} (${c.id}); status: fail`);
      expect(c.alerts.kinds.map((k) => k.headline)).toContain(alert.headline);
      expect(alert.plain).toContain(c.states.fail.why);
    },
  );
});
