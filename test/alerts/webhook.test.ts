// Through a real HTTP receiver: generic JSON, Slack and Teams bodies, the idempotency key, neutralised device text, retries.
import { afterEach, expect, it } from "vitest";
import { describeDialects } from "../collector/harness.js";
import { type AlertTest, alertTest, result } from "./alert-env.js";
import { startWebhookSink } from "./webhook-sink.js";
import { WebhookPayloadV1 } from "../../server/alerts/webhook-schema.js";

const HOSTILE = "<!channel> @here *urgent* <https://evil.example|click> evil.example";

describeDialects("alerts by webhook", (dialect) => {
  let t: AlertTest | undefined;
  let sink: Awaited<ReturnType<typeof startWebhookSink>> | undefined;
  afterEach(async () => {
    await t?.close();
    await sink?.close();
  });

  it("posts JSON, Slack and Teams messages once each, with the key and without live device markup", async () => {
    sink = await startWebhookSink();
    t = await alertTest(
      dialect,
      {
        publicUrl: "https://ward.example.org",
        webhooks: [
          { name: "generic", url: sink.url("/json?token=s3cret"), format: "json", role: "it" },
          { name: "slack", url: sink.url("/slack"), format: "slack", role: "it" },
          { name: "teams", url: sink.url("/teams"), format: "teams", role: "dsfm" },
        ],
      },
      { hostname: HOSTILE },
    );
    const usb = result("usb-storage", "fail", {
      summary: "An unapproved USB stick was used: SanDisk Cruzer.",
      clause: "Wellington IT Policy 4.2.3",
      facts: {
        devices: [
          {
            label: "SanDisk",
            vendorId: "0781",
            productId: "5567",
            serial: "X1",
            firstSeen: "2026-11-25T08:00:00Z",
            approval: "not-approved",
          },
        ],
      },
    });
    await t.full(usb); // USB use is an event: no second report needed
    sink.answer(503); // the first post fails once and is retried
    await t.alerts.tick();
    t.clock.advance(60_000);
    await t.alerts.tick();
    expect(sink.hits.map((h) => h.path).sort()).toEqual(["/json?token=s3cret", "/slack", "/teams"]);
    const json = sink.hits.find((h) => h.path.startsWith("/json"))!;
    expect(json.headers["idempotency-key"]).toBe(json.body["idempotencyKey"]);
    expect(json.body["clause"]).toBe("Wellington IT Policy 4.2.3");
    expect(json.body["link"]).toBe(`https://ward.example.org/devices/${t.device.deviceId}`);
    expect((json.body["technical"] as string[]).some((l) => l.includes("0781"))).toBe(true);

    const slack = JSON.stringify(sink.hits.find((h) => h.path === "/slack")!.body);
    expect(slack).not.toContain("<!channel>");
    expect(slack).not.toContain("<https://evil");
    expect(slack).not.toMatch(/@here/);
    expect(slack).toContain("&lt;!channel&gt;");
    expect(slack).toContain(`<https://ward.example.org/devices/${t.device.deviceId}|Open the device page>`);

    const teams = sink.hits.find((h) => h.path === "/teams")!.body;
    const card = JSON.stringify(teams);
    expect(card).toContain("application/vnd.microsoft.card.adaptive");
    expect(card).not.toContain("evil.example");
    expect(card).not.toMatch(/@here/);
    expect(card).not.toContain("fact "); // the DSFM's webhook gets no technical detail

    // The same sighting in the next report does not alert again; a new stick does.
    await t.heartbeat();
    await t.full(usb);
    await t.alerts.tick();
    expect(sink.hits).toHaveLength(3);
    const first = {
      vendorId: "0781",
      productId: "5567",
      serial: "X1",
      firstSeen: "2026-11-25T08:00:00Z",
      approval: "not-approved",
    };
    const second = {
      vendorId: "0951",
      productId: "1666",
      serial: "K9",
      firstSeen: "2026-11-25T10:00:00Z",
      approval: "not-approved",
    };
    await t.full({ ...usb, facts: { devices: [first, second] } });
    await t.alerts.tick();
    expect(sink.hits).toHaveLength(6);
  });

  it("gives up at once on a webhook that answers 404 and never shows its URL", async () => {
    sink = await startWebhookSink();
    t = await alertTest(dialect, {
      webhooks: [{ name: "gone", url: sink.url("/T000/secret-path"), format: "slack", role: "dsfm" }],
    });
    await t.full(result("hotspot", "fail"));
    sink.answer(404);
    await t.alerts.tick();
    const [row] = await t.outbox();
    expect([row?.status, row?.last_error]).toEqual(["failed", "webhook gone: HTTP 404"]);
  });
});

describeDialects("the JSON webhook's stable schema", (dialect) => {
  let t: AlertTest | undefined;
  let sink: Awaited<ReturnType<typeof startWebhookSink>> | undefined;
  afterEach(async () => {
    await t?.close();
    await sink?.close();
  });

  it("sends ward.alert.v1 bodies: an alert, then a resolved event naming the alert's key", async () => {
    sink = await startWebhookSink();
    t = await alertTest(dialect, { webhooks: [{ name: "halo", url: sink.url("/halo"), format: "json", role: "it" }] });
    await t.full(result("disk-encryption", "fail"));
    await t.full(result("disk-encryption", "fail"));
    await t.alerts.tick();
    await t.full(result("disk-encryption", "pass"));
    await t.alerts.tick();
    expect(sink.hits).toHaveLength(2);
    const [alert, resolved] = sink.hits.map((h) => WebhookPayloadV1.parse(h.body));
    expect(alert).toMatchObject({
      schema: "ward.alert.v1",
      kind: "alert",
      rule: "disk-encryption",
      resolves: null,
      councilId: t.councilId,
    });
    expect(resolved).toMatchObject({
      schema: "ward.alert.v1",
      kind: "resolved",
      rule: "recovery",
      resolves: alert!.idempotencyKey,
    });
    expect(resolved!.idempotencyKey).not.toBe(alert!.idempotencyKey);
    expect(sink.hits[1]!.headers["idempotency-key"]).toBe(resolved!.idempotencyKey);
  });
});
