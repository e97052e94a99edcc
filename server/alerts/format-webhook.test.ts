// Slack's sections stay within 3,000 characters however long a link and label are: the label is cut, never the link.
import { expect, it } from "vitest";
import type { AlertContent } from "./content.js";
import { renderWebhook } from "./format-webhook.js";

const URL = `https://ward.council.example/dashboard/approve?t=${"A".repeat(1900)}.sig`;

it("a stick's label is cut between escapes to leave room for its whole approve link", () => {
  const c: AlertContent = {
    kind: "alert",
    rule: "usb-storage",
    councilName: "Anytown",
    deviceId: "dev_1",
    deviceName: "&".repeat(255),
    headline: "An unapproved USB storage device was used",
    clause: null,
    plain: ["&".repeat(700)],
    actions: ["*".repeat(600)],
    technical: ["&".repeat(600)],
    approve: [{ label: `Approve this stick (${"&".repeat(560)})`, url: URL }],
    link: "https://ward.council.example/devices/dev_1",
    occurredAt: "2026-11-25T09:00:00.000Z",
    resolves: null,
  };
  const out = renderWebhook(c, "it", "slack", "ref1", "cnc_1") as { blocks: { text?: { text: string } }[] };
  const texts = out.blocks.flatMap((b) => (b.text ? [b.text.text] : []));
  for (const t of texts) {
    expect(t.length).toBeLessThanOrEqual(3000);
    expect(t.replace(/&(amp|lt|gt);/g, "")).not.toContain("&");
  }
  const approve = texts.find((t) => t.startsWith("Approve this stick"))!;
  expect(approve).toMatch(/&amp;…:\n<https:\/\/ward\.council\.example\/dashboard\/approve\?t=A{1900}\.sig\|Approve…>$/);
  expect(texts).toContain("<https://ward.council.example/devices/dev_1|Open the device page>");
});
