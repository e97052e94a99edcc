// Links in alerts (device page, one-tap approve links, the digest) start with the council's public URL, else the
// collector's configured publicUrl; with neither there are none. The alert settings page says which URL links use.
import { afterEach, expect, it } from "vitest";
import { AlertContent } from "../../server/alerts/content.js";
import { renderEmail } from "../../server/alerts/format-email.js";
import { describeDialects } from "../collector/harness.js";
import { BASE, getPage, readyUser, sessionCookie } from "../dashboard/support.js";
import { usbFail } from "../dashboard/usb-results.js";
import { type AlertTest, alertTest } from "./alert-env.js";

const STICK = {
  vendorId: "0781",
  productId: "5583",
  serial: "4C530001230512113283",
  vendor: "SanDisk",
  model: "Ultra Fit",
};
const COLLECTOR = "https://ward.provider.example";
const RECIPIENTS = { recipients: { dsfm: ["dsfm@council.example"], it: [] } };

describeDialects(
  "where alert links start",
  (dialect) => {
    let t: AlertTest | undefined;
    afterEach(async () => t?.close());

    /** The DSFM's alert email about the stick, as rendered from the outbox. */
    const usbEmail = async () => {
      await t!.full(usbFail(STICK));
      const [row] = (await t!.outbox()).filter((r) => r.rule === "usb-storage");
      return renderEmail(AlertContent.parse(JSON.parse(row!.content_json)), "dsfm", "ref").text;
    };
    const settingsPage = async (role: "council-manager" | "provider-admin") => {
      const u = await readyUser(
        t!.env.server,
        `${role}@x.example`,
        role,
        role === "provider-admin" ? undefined : t!.councilId,
      );
      const { cookie } = await sessionCookie(t!.env.server, u.user.id);
      return (await getPage(t!.env.server, `${BASE}/councils/${t!.councilId}/alerts`, cookie)).body;
    };

    it("a council without its own public URL gets the collector's, and its settings page says so", async () => {
      t = await alertTest(dialect, RECIPIENTS, { env: { config: { publicUrl: `${COLLECTOR}/` } } });
      const text = await usbEmail();
      expect(text).toContain(`Device page: ${COLLECTOR}/devices/${t.device.deviceId}`);
      expect(text).toMatch(
        /Approve this stick \(SanDisk Ultra Fit[^\n]*:\nhttps:\/\/ward\.provider\.example\/dashboard\/approve\?t=/,
      );
      expect(await settingsPage("council-manager")).toContain(
        `Links in alerts (the laptop's page, one-tap USB approval) start with <strong>${COLLECTOR}</strong>: the address your IT provider set for Ward.`,
      );
      expect(await settingsPage("provider-admin")).toMatch(
        /start with <strong>https:\/\/ward\.provider\.example<\/strong>: the collector's public URL/,
      );
    });

    it("the council's own public URL wins over the collector's", async () => {
      t = await alertTest(
        dialect,
        { ...RECIPIENTS, publicUrl: "https://ward.council.example" },
        { env: { config: { publicUrl: COLLECTOR } } },
      );
      const text = await usbEmail();
      expect(text).toContain(`Device page: https://ward.council.example/devices/${t.device.deviceId}`);
      expect(text).toContain("https://ward.council.example/dashboard/approve?t=");
      expect(text).not.toContain("ward.provider.example");
      expect(await settingsPage("council-manager")).toContain(
        "start with <strong>https://ward.council.example</strong>: this council&#39;s own address for alert links.",
      );
    });

    it("with neither, alerts carry no links and the page says what to ask for", async () => {
      t = await alertTest(dialect, RECIPIENTS);
      const text = await usbEmail();
      expect(text).not.toContain("Device page:");
      expect(text).not.toContain("/approve?t=");
      expect(await settingsPage("council-manager")).toContain("Alerts carry no links to the dashboard");
    });
  },
  ["sqlite"],
);
