// Malformed reports, envelopes and policies are rejected by the schemas, naming the path of the bad field.
import { describe, expect, it } from "vitest";
import { formatZodError } from "../zod-error.js";
import { sampleReport } from "../testing/sample-report.js";
import { Envelope } from "./envelope.js";
import { DEFAULT_POLICY, Policy } from "./policy.js";
import { Report } from "./report.js";

function pathOf(schema: { safeParse(v: unknown): { success: boolean; error?: unknown } }, value: unknown): string {
  const r = schema.safeParse(value);
  if (r.success) throw new Error("expected a rejection");
  return formatZodError(r.error as Parameters<typeof formatZodError>[0]);
}

describe("Report schema", () => {
  it("accepts a well-formed full report", () => {
    expect(Report.safeParse(sampleReport()).success).toBe(true);
  });
  it.each([
    [
      "a status outside the enum",
      (r: Record<string, unknown>) => ({ ...r, results: [{ ...(r.results as object[])[0], status: "ok" }] }),
      "results[0].status",
    ],
    [
      "an unknown control",
      (r: Record<string, unknown>) => ({ ...r, results: [{ ...(r.results as object[])[0], control: "bios" }] }),
      "results[0].control",
    ],
    ["seq 0", (r: Record<string, unknown>) => ({ ...r, seq: 0 }), "seq"],
    ["prevHash on seq 1", (r: Record<string, unknown>) => ({ ...r, prevHash: "a".repeat(64) }), "prevHash"],
    ["no prevHash after seq 1", (r: Record<string, unknown>) => ({ ...r, seq: 2 }), "prevHash"],
    ["a bad device id", (r: Record<string, unknown>) => ({ ...r, deviceId: "../../etc" }), "deviceId"],
    [
      "a hostname of 10,000 characters",
      (r: Record<string, unknown>) => ({
        ...r,
        inventory: { ...(r.inventory as object), hostname: "x".repeat(10_000) },
      }),
      "inventory.hostname",
    ],
    ["an unknown kind", (r: Record<string, unknown>) => ({ ...r, kind: "other" }), "kind"],
    ["a non-ISO date", (r: Record<string, unknown>) => ({ ...r, collectedAt: "yesterday" }), "collectedAt"],
  ])("rejects %s at %s", (_label, mutate, path) => {
    expect(pathOf(Report, mutate(sampleReport() as unknown as Record<string, unknown>))).toContain(path);
  });
});

describe("Envelope schema", () => {
  const good = { payload: "{}", signature: "A".repeat(86), keyId: `k1_${"A".repeat(22)}` };
  it("accepts a well-formed envelope", () => expect(Envelope.safeParse(good).success).toBe(true));
  it.each([
    ["signature", { ...good, signature: "A".repeat(85) }],
    ["signature", { ...good, signature: `${"A".repeat(85)}=` }],
    ["keyId", { ...good, keyId: "device-1" }],
    ["payload", { ...good, payload: 42 }],
    ["payload", { ...good, payload: "x".repeat(300 * 1024) }],
  ])("rejects a bad %s", (path, value) => {
    expect(pathOf(Envelope, value)).toContain(path);
  });
});

describe("Policy schema", () => {
  it("has the documented defaults", () => {
    expect(DEFAULT_POLICY).toMatchObject({
      screenLockMaxMinutes: 30,
      requireDiskEncryption: true,
      allowHotspot: false,
      approvedUsbDevices: [],
      patch: { maxPendingDays: 14, endOfSupport: [] },
    });
  });
  it("normalises USB ids to lower case and rejects malformed ones", () => {
    const device = {
      vendorId: "0781",
      productId: "55A9",
      serial: null,
      label: "Clerk's stick",
      approvedBy: "DSFM",
      approvedAt: "2026-11-01T10:00:00Z",
    };
    expect(Policy.parse({ approvedUsbDevices: [device] }).approvedUsbDevices[0]?.productId).toBe("55a9");
    expect(pathOf(Policy, { approvedUsbDevices: [{ ...device, vendorId: "78" }] })).toContain(
      "approvedUsbDevices[0].vendorId",
    );
  });
  it("rejects an unknown control in clauses", () => {
    expect(pathOf(Policy, { clauses: { bios: "x" } })).toContain("clauses");
  });
});
