// Slack, Teams and the JSON webhook carry the same one-tap approve links as the email for an unapproved USB stick:
// signed, expiring, opening the confirm page; the stick's label (device text) is inert in each channel's format.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { WebhookPayloadV1 } from "../../server/alerts/webhook-schema.js";
import { approveLinkSecret, checkApproveLink } from "../../server/services/approve-link.js";
import { describeDialects } from "../collector/harness.js";
import { usbFail } from "../dashboard/usb-results.js";
import { result, webhookAlertTests } from "./alert-env.js";

const SANDISK = {
  vendorId: "0781",
  productId: "5583",
  serial: "4C530001230512113283",
  vendor: "SanDisk",
  model: "Ultra Fit",
};
/** A stick whose names and serial try Slack mentions and links, Teams Markdown links and a host to click. */
const HOSTILE = {
  vendorId: "abcd",
  productId: "1234",
  serial: "X|Y>Z",
  vendor: "<!channel> @here",
  model: "[Tap](https://evil.example) *now*",
};
const ARTIFACTS = join(process.cwd(), "test-artifacts", "alerts");

describeDialects(
  "approve links in chat alerts",
  (dialect) => {
    const start = webhookAlertTests(dialect);

    it("Slack, Teams and JSON each carry one signed approve link per stick, labels made inert", async () => {
      const { t, sink } = await start((sink) => [
        { name: "slack", url: sink.url("/slack"), format: "slack", role: "dsfm" },
        { name: "teams", url: sink.url("/teams"), format: "teams", role: "dsfm" },
        { name: "bridge", url: sink.url("/json"), format: "json", role: "it" },
      ]);
      await t.full(usbFail(SANDISK, HOSTILE));
      await t.alerts.tick();
      const body = (path: string) => sink.hits.find((h) => h.path === path)!.body;
      const secret = await approveLinkSecret(t.env.server.ctx.db.kysely, t.clock.now());
      const claimOf = (url: string) => {
        expect(url).toMatch(/^https:\/\/ward\.council\.example\/dashboard\/approve\?t=[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
        const checked = checkApproveLink(secret, new URL(url).searchParams.get("t")!, t.clock.now());
        expect(checked.state).toBe("valid");
        return checked.state === "valid" ? checked.claim : undefined;
      };

      const slack = body("/slack");
      const slackText = JSON.stringify(slack);
      const slackUrls = [
        ...slackText.matchAll(/<(https:\/\/ward\.council\.example\/dashboard\/approve\?t=[^|>]+)\|Approve…>/g),
      ];
      expect(slackUrls.map((m) => claimOf(m[1]!)?.s)).toEqual([SANDISK.serial, HOSTILE.serial]);
      expect(slackText).toContain(
        "Approve this stick (SanDisk Ultra Fit, serial 4C530001230512113283) if it is the council's:",
      );
      expect(slackText).not.toContain("<!channel>");
      expect(slackText).not.toMatch(/@here/);
      expect(slackText).not.toContain("evil.example");
      expect(slackText).not.toContain("X|Y>Z"); // a | or > from the device never ends a Slack link

      const teams = body("/teams");
      const card = (teams.attachments as { content: { body: Record<string, unknown>[] } }[])[0]!.content;
      const buttons = card.body
        .filter((b) => b.type === "ActionSet")
        .flatMap((b) => b.actions as { type: string; title: string; url: string }[]);
      expect(buttons.map((b) => [b.type, b.title])).toEqual([
        ["Action.OpenUrl", "Approve…"],
        ["Action.OpenUrl", "Approve…"],
      ]);
      expect(buttons.map((b) => claimOf(b.url)?.s)).toEqual([SANDISK.serial, HOSTILE.serial]);
      const cardText = JSON.stringify(card);
      expect(cardText).not.toContain("](https://");
      expect(cardText).not.toContain("evil.example");
      expect(cardText).not.toMatch(/@here/);

      const json = WebhookPayloadV1.parse(body("/json"));
      expect(json.approve.map((a) => claimOf(a.url)?.s)).toEqual([SANDISK.serial, HOSTILE.serial]);
      expect(json.approve[0]!.label).toBe(
        "Approve this stick (SanDisk Ultra Fit, serial 4C530001230512113283) if it is the council's",
      );

      mkdirSync(ARTIFACTS, { recursive: true });
      writeFileSync(join(ARTIFACTS, "slack-usb-approve.json"), `${JSON.stringify(slack, null, 2)}\n`);
      writeFileSync(join(ARTIFACTS, "teams-usb-approve.json"), `${JSON.stringify(teams, null, 2)}\n`);
      writeFileSync(join(ARTIFACTS, "json-usb-approve.json"), `${JSON.stringify(json, null, 2)}\n`);
    });

    it("other alerts carry no approve link (JSON: an empty list)", async () => {
      const { t, sink } = await start((sink) => [
        { name: "bridge", url: sink.url("/json"), format: "json", role: "it" },
      ]);
      await t.full(usbFail({ ...SANDISK, vendorId: "0781" }));
      await t.alerts.tick();
      expect(WebhookPayloadV1.parse(sink.hits[0]!.body).approve).toHaveLength(1);
      await t.full(result("hotspot", "fail"));
      await t.alerts.tick();
      const hotspot = sink.hits.map((h) => WebhookPayloadV1.parse(h.body)).find((b) => b.rule === "hotspot")!;
      expect(hotspot.approve).toEqual([]);
    });
  },
  ["sqlite"],
);
