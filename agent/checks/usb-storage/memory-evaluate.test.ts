// Pure memory functions (sightings, mark reported) and matching rules, on devices taken from the real fixtures.
import { describe, expect, it } from "vitest";
import { Policy } from "../../../shared/schemas/policy.js";
import { deviceKey, deviceLabel, type ObservedDevice } from "./device.js";
import { fixture } from "./fixtures.test-helper.js";
import { approvalFor } from "./match.js";
import { EMPTY_MEMORY, markReportedUpTo, readMemory, recordSightings, sightingList } from "./memory.js";
import { parseSystemProfiler } from "./parse-system-profiler.js";
import { linuxUsbIdsProbe, macDiskutilInfoProbe, safeDiskName } from "./probes.js";

function sandisk(): ObservedDevice {
  const r = parseSystemProfiler(fixture("macos", "system-profiler-sandisk-extreme-ssd.json"));
  const s = r.ok ? r.value[0] : undefined;
  if (!s) throw new Error("fixture");
  return {
    vendorId: s.vendorId,
    productId: s.productId,
    serial: s.serial,
    vendor: s.vendor,
    model: s.model,
    sizeBytes: s.sizeBytes,
    sizeText: null,
    source: "live",
    notes: [],
  };
}

const t = (s: string) => new Date(`2026-11-20T${s}:00.000Z`);

describe("sightings memory", () => {
  it("keeps first seen, moves last seen, and never lets a history look downgrade a live one", () => {
    let m = recordSightings(EMPTY_MEMORY, [sandisk()], t("10:00"));
    m = recordSightings(m, [{ ...sandisk(), source: "history", vendor: null }], t("10:05"));
    const [s] = sightingList(m);
    expect(s).toMatchObject({
      firstSeen: "2026-11-20T10:00:00.000Z",
      lastSeen: "2026-11-20T10:05:00.000Z",
      source: "live",
      vendor: "SanDisk",
    });
  });

  it("markReportedUpTo forgets what the delivered report covered and keeps what the watch saw after it", () => {
    const other = { ...sandisk(), serial: "SECOND" };
    let m = recordSightings(EMPTY_MEMORY, [sandisk()], t("10:00"));
    m = recordSightings(m, [other], t("10:20"));
    const after = markReportedUpTo(m, t("10:15"));
    expect(sightingList(after).map((s) => s.serial)).toEqual(["SECOND"]);
    expect(markReportedUpTo(after, t("10:20")).sightings).toEqual({});
  });

  it("starts empty on unreadable memory instead of failing the check", () => {
    expect(readMemory({ version: 99 })).toEqual(EMPTY_MEMORY);
    expect(readMemory({ version: 1, sightings: { x: { key: "x" } }, usbstorKnown: null, attached: {} })).toEqual(
      EMPTY_MEMORY,
    );
  });

  it("bounds the number of remembered devices (a device storm cannot grow the agent state without limit)", () => {
    const many = Array.from({ length: 250 }, (_, i) => ({ ...sandisk(), serial: `S${i}` }));
    expect(Object.keys(recordSightings(EMPTY_MEMORY, many, t("10:00")).sightings)).toHaveLength(200);
  });
});

describe("approval matching", () => {
  const policy = (serial: string | null) =>
    Policy.parse({
      approvedUsbDevices: [
        {
          vendorId: "0781",
          productId: "558c",
          serial,
          label: "Backup SSD",
          approvedBy: "DSFM",
          approvedAt: "2026-11-01T09:00:00Z",
        },
      ],
    }).approvedUsbDevices;

  it("matches serials without regard to case (Windows upper-cases instance ids)", () => {
    expect(approvalFor({ vendorId: "0781", productId: "558c", serial: "abc123" }, policy("ABC123"))).toMatchObject({
      status: "approved",
      match: "serial",
    });
  });

  it("does not match a different product or a different serial, and cannot match a device without ids", () => {
    expect(approvalFor({ vendorId: "0781", productId: "5567", serial: "ABC123" }, policy("ABC123")).status).toBe(
      "not-approved",
    );
    expect(approvalFor({ vendorId: "0781", productId: "558c", serial: "XYZ" }, policy("ABC123")).status).toBe(
      "not-approved",
    );
    expect(approvalFor({ vendorId: null, productId: null, serial: "ABC123" }, policy("ABC123")).status).toBe(
      "unidentified",
    );
  });

  it("without ids, is unknown only while some approval could still be this device; otherwise not approved", () => {
    const noIds = { vendorId: null, productId: null };
    // Nothing approved at all: no approval can match, so it is a fail, not unknown.
    expect(approvalFor({ ...noIds, serial: "XHLRW9WJ" }, []).status).toBe("not-approved");
    expect(approvalFor({ ...noIds, serial: null }, []).status).toBe("not-approved");
    // The only approval names another serial: it cannot be this device.
    expect(approvalFor({ ...noIds, serial: "XHLRW9WJ" }, policy("ABC123")).status).toBe("not-approved");
    // An approval for any serial of some make, or a device whose serial is unread, could still be this device.
    expect(approvalFor({ ...noIds, serial: "XHLRW9WJ" }, policy(null)).status).toBe("unidentified");
    expect(approvalFor({ ...noIds, serial: null }, policy("ABC123")).status).toBe("unidentified");
  });
});

describe("device label", () => {
  it("shows make, model, size, USB id and serial, and cleans hostile text", () => {
    expect(deviceLabel(sandisk())).toBe(
      "SanDisk Extreme SSD (1 TB) — USB id 0781:558c, serial ************************",
    );
    const hostile = { ...sandisk(), vendor: "Evil\u001b[31m\nCorp", model: null, sizeBytes: null, serial: null };
    expect(deviceLabel(hostile)).toBe("Evil[31m Corp — USB id 0781:558c, no serial number");
    expect(deviceKey(hostile)).toBe("0781:558c:");
  });
});

describe("evaluate with many devices", () => {
  it("names three devices, counts the rest, and keeps the summary within the report's 1000 characters", async () => {
    const { evaluate } = await import("./evaluate.js");
    const many = Array.from({ length: 30 }, (_, i) => ({
      ...sandisk(),
      serial: `SERIAL-${i}`,
      model: "X".repeat(200),
    }));
    const memory = recordSightings(EMPTY_MEMORY, many, t("10:00"));
    const verdict = evaluate(
      {
        os: "macos",
        listedNow: true,
        problems: [],
        attachedNow: [],
        devices: sightingList(memory),
        otherRemovable: [],
        historyKnown: null,
      },
      Policy.parse({}),
      "macos",
    );
    expect(verdict.status).toBe("fail");
    expect(verdict.summary.length).toBeLessThanOrEqual(1000);
    expect(verdict.summary).toMatch(/^30 USB storage devices that are not on the council's approved list/);
    expect((verdict.facts["devices"] as unknown[]).length).toBe(30);
    expect(verdict.remediation.every((r) => r.length <= 1000)).toBe(true);
  });
});

describe("probe arguments", () => {
  it("only ever pass plain disk names taken from tool output to udevadm and diskutil", () => {
    expect(linuxUsbIdsProbe.spec("sdb")).toMatchObject({
      file: "udevadm",
      args: ["info", "--query=property", "--name=/dev/sdb"],
    });
    expect(macDiskutilInfoProbe.spec("disk2")).toMatchObject({ args: ["info", "disk2"] });
    for (const bad of ["../sda", "sdb;rm", "sd b", "", undefined, "a".repeat(40)])
      expect(() => safeDiskName(bad)).toThrow();
  });
});
