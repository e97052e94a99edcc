// An approve link's token is small by construction: any serial the facts allow in any script fits whole, a name is
// cut by bytes, a serial that cannot fit gets no token; a stored alert with a broken link still renders.
import { expect, it } from "vitest";
import { readAlertContent } from "../../server/alerts/content.js";
import { checkApproveLink, cutForToken, stickToken } from "../../server/services/approve-link.js";
import { emailOf } from "../../server/dashboard/pages/alerts-sent.js";
import type { OutboxRow } from "../../server/alerts/outbox-store.js";

const SECRET = Buffer.alloc(32, 7).toString("base64url");
const NOW = new Date("2026-11-25T09:00:00.000Z");
const ID = "dev_zQJdIPnb-7Cr6dmq1pZ-MQ";
const stick = (serial: string | null, name: string) => ({ vendorId: "abcd", productId: "1234", serial, name });

it("serials of 256 letters in any script fit whole, and the token stays within 1,511 characters", () => {
  for (const serial of ["A".repeat(256), "中".repeat(256), "😀".repeat(128), "\u0080".repeat(256), "&".repeat(256)]) {
    const token = stickToken(SECRET, "cnc_0123456789abcdef", ID, stick(serial, "文".repeat(200)), NOW);
    expect(token, serial.slice(0, 4)).not.toBeNull();
    expect(token!.length).toBeLessThanOrEqual(1511);
    const checked = checkApproveLink(SECRET, token!, NOW);
    expect(checked).toMatchObject({ state: "valid", claim: { s: serial } });
    if (checked.state === "valid") expect(Buffer.byteLength(checked.claim.n)).toBeLessThanOrEqual(120);
  }
});

it("a serial JSON must escape character by character gets no token rather than a longer or different one", () => {
  expect(stickToken(SECRET, "cnc_0123456789abcdef", ID, stick("\u0001".repeat(256), "x"), NOW)).toBeNull();
  expect(stickToken(SECRET, "cnc_0123456789abcdef", ID, stick("\u0001".repeat(100), "x"), NOW)).not.toBeNull();
});

it("names are cut at a character boundary by UTF-8 bytes, lone surrogates and all", () => {
  expect(cutForToken("SanDisk Ultra Fit")).toBe("SanDisk Ultra Fit");
  expect(cutForToken("😀".repeat(100))).toBe(`${"😀".repeat(29)}…`);
  expect(Buffer.byteLength(JSON.stringify(cutForToken("\ud800".repeat(100)))) - 2).toBeLessThanOrEqual(120);
});

it("a stored alert whose approve link breaks the schema is read without it (sender and the alerts page)", () => {
  const content = {
    kind: "alert",
    rule: "usb-storage",
    councilName: "Anytown",
    deviceId: ID,
    deviceName: "CLERK-PC",
    headline: "An unapproved USB storage device was used",
    clause: null,
    plain: ["A stick."],
    actions: [],
    technical: [],
    approve: [
      { label: "Approve this stick (SanDisk)", url: "https://ward.council.example/dashboard/approve?t=a.b" },
      { label: "Approve this stick (odd)", url: `https://ward.council.example/${"x".repeat(2100)}` },
    ],
    link: null,
    occurredAt: NOW.toISOString(),
  };
  expect(readAlertContent(JSON.stringify(content)).approve?.map((a) => a.label)).toEqual([
    "Approve this stick (SanDisk)",
  ]);
  const row = { content_json: JSON.stringify(content), role: "dsfm", idempotency_key: "k1" } as OutboxRow;
  expect(emailOf(row)?.text).toContain("https://ward.council.example/dashboard/approve?t=a.b");
  expect(() => readAlertContent(JSON.stringify({ ...content, headline: 3 }))).toThrow();
});
