// An odd or hostile stick (CJK or control-character serial, entity-heavy names) never stops the USB alert: the alert
// goes on every channel, the good stick's link works, a link that cannot be bounded is left out, Slack stays in limits.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { sql } from "kysely";
import { expect, it } from "vitest";
import { WebhookPayloadV1 } from "../../server/alerts/webhook-schema.js";
import { approveLinkSecret, checkApproveLink } from "../../server/services/approve-link.js";
import { describeDialects } from "../collector/harness.js";
import { usbFail } from "../dashboard/usb-results.js";
import { type AlertTest, webhookAlertTests } from "./alert-env.js";

const GOOD = {
  vendorId: "0781",
  productId: "5583",
  serial: "4C530001230512113283",
  vendor: "SanDisk",
  model: "Ultra Fit",
};
/** The red team's sticks: CJK text at the schema's limits; control characters; Slack entities and marks. */
const CJK = {
  vendorId: "abce",
  productId: "1235",
  serial: "中".repeat(256),
  vendor: "文".repeat(100),
  model: "字".repeat(99),
};
const CTRL = {
  vendorId: "abcf",
  productId: "1236",
  serial: "\u0001".repeat(256),
  vendor: "\u0001".repeat(100),
  model: "\u0001".repeat(99),
};
const AMP = {
  vendorId: "abcd",
  productId: "1234",
  serial: "&".repeat(256),
  vendor: "&".repeat(120),
  model: "*".repeat(79),
};
const ARTIFACTS = join(process.cwd(), "test-artifacts", "alerts");

type Block = { type: string; text?: { text: string }; elements?: { text: string }[] };
const APPROVE_URL = /<(https:\/\/ward\.council\.example\/dashboard\/approve\?t=[A-Za-z0-9_.-]+)\|Approve…>/g;

describeDialects(
  "odd and hostile sticks in approve links",
  (dialect) => {
    const start = webhookAlertTests(dialect);
    const claimOf = async (t: AlertTest, url: string) => {
      const secret = await approveLinkSecret(t.env.server.ctx.db.kysely, t.clock.now());
      expect(url.length).toBeLessThanOrEqual(2000);
      const checked = checkApproveLink(secret, new URL(url).searchParams.get("t")!, t.clock.now());
      expect(checked.state).toBe("valid");
      return checked.state === "valid" ? checked.claim : undefined;
    };

    it("a CJK stick and a control-character stick beside a SanDisk: the alert goes at the first tick on every channel", async () => {
      const { t, sink } = await start((sink) => [
        { name: "slack", url: sink.url("/slack"), format: "slack", role: "dsfm" },
        { name: "teams", url: sink.url("/teams"), format: "teams", role: "dsfm" },
        { name: "bridge", url: sink.url("/json"), format: "json", role: "it" },
      ]);
      await t.full(usbFail(GOOD, CJK, CTRL));
      await t.alerts.tick();
      expect((await t.outbox()).map((o) => [o.status, o.last_error])).toEqual([
        ["sent", null],
        ["sent", null],
        ["sent", null],
      ]);
      expect(sink.hits.map((h) => h.path).sort()).toEqual(["/json", "/slack", "/teams"]);
      const json = WebhookPayloadV1.parse(sink.hits.find((h) => h.path === "/json")!.body);
      // The CJK stick's serial fits whole (the approval is for exactly that stick); its name is cut in the token only.
      const claims = await Promise.all(json.approve.map((a) => claimOf(t, a.url)));
      expect(claims.map((c) => c?.s)).toEqual([GOOD.serial, CJK.serial]);
      expect(claims[1]!.n).toMatch(/^文+…$/);
      expect(Buffer.byteLength(claims[1]!.n)).toBeLessThanOrEqual(120);
      // The control-character serial cannot fit a link: that stick gets none, the others keep theirs.
      expect(JSON.stringify(json.approve)).not.toContain("abcf");
      const slack = JSON.stringify(sink.hits.find((h) => h.path === "/slack")!.body);
      expect([...slack.matchAll(APPROVE_URL)]).toHaveLength(2);
    });

    it("a stored approve link over the limit is dropped at send time; the alert and the good link still go", async () => {
      const { t, sink } = await start((sink) => [
        { name: "bridge", url: sink.url("/json"), format: "json", role: "it" },
      ]);
      await t.full(usbFail(GOOD));
      const q = t.env.server.ctx.db.kysely;
      const [row] = await t.outbox();
      const content = JSON.parse(row!.content_json);
      content.approve.push({
        label: "Approve this stick (odd)",
        url: `https://ward.council.example/${"x".repeat(2100)}`,
      });
      await sql`update alert_outbox set content_json = ${JSON.stringify(content)} where id = ${row!.id}`.execute(q);
      await t.alerts.tick();
      expect((await t.outbox()).map((o) => [o.status, o.last_error])).toEqual([["sent", null]]);
      const json = WebhookPayloadV1.parse(sink.hits[0]!.body);
      expect((await Promise.all(json.approve.map((a) => claimOf(t, a.url)))).map((c) => c?.s)).toEqual([GOOD.serial]);
    });

    it("Slack: an entity-heavy stick and a long hostname keep every section within 3,000 and every link whole", async () => {
      const { t, sink } = await start(
        (sink) => [
          { name: "slack", url: sink.url("/slack"), format: "slack", role: "it" },
          { name: "teams", url: sink.url("/teams"), format: "teams", role: "it" },
        ],
        { hostname: "a.co.".repeat(51) },
      );
      const long = "a.co.".repeat(24);
      await t.full(usbFail(AMP, { ...GOOD, vendor: long, model: long }));
      await t.alerts.tick();
      const slack = sink.hits.find((h) => h.path === "/slack")!.body as { text: string; blocks: Block[] };
      mkdirSync(ARTIFACTS, { recursive: true });
      writeFileSync(join(ARTIFACTS, "slack-usb-approve-hostile.json"), `${JSON.stringify(slack, null, 2)}\n`);
      const texts = slack.blocks.flatMap((b) => (b.text ? [b.text.text] : []));
      for (const text of texts) {
        expect(text.length).toBeLessThanOrEqual(3000);
        // Every & starts a whole entity: no cut left "&am" behind.
        expect(text.replace(/&(amp|lt|gt);/g, "")).not.toContain("&");
      }
      // The device link in a section of its own, whole.
      const deviceLink = `<https://ward.council.example/devices/${t.device.deviceId}|Open the device page>`;
      expect(texts).toContain(deviceLink);
      const urls = [...JSON.stringify(slack).matchAll(APPROVE_URL)].map((m) => m[1]!);
      expect((await Promise.all(urls.map((url) => claimOf(t, url)))).map((c) => c?.s)).toEqual([
        AMP.serial,
        GOOD.serial,
      ]);
      // Teams cuts nothing: the device link and each approve link are whole buttons.
      const teams = sink.hits.find((h) => h.path === "/teams")!.body as {
        attachments: { content: { body: Record<string, unknown>[]; actions: { url: string }[] } }[];
      };
      const card = teams.attachments[0]!.content;
      expect(card.actions.map((a) => a.url)).toEqual([`https://ward.council.example/devices/${t.device.deviceId}`]);
      const buttons = card.body.filter((b) => b.type === "ActionSet").flatMap((b) => b.actions as { url: string }[]);
      expect(buttons.map((b) => b.url)).toEqual(urls);
    });
  },
  ["sqlite"],
);
