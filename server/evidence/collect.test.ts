// A control's timeline over a period: the state at the end, since when, and the share of known time passing.
import { describe, expect, it } from "vitest";
import { controlTimelines } from "./collect.js";

const t = (iso: string) => Date.parse(iso);
const change = (control: string, to_status: string, collected_at: string) => ({
  device_id: "d",
  control,
  to_status,
  collected_at,
});

describe("controlTimelines", () => {
  it("counts the state before the period, changes inside it, and ignores changes after it", () => {
    const out = controlTimelines(
      [
        change("os-patch", "pass", "2025-11-01T00:00:00.000Z"),
        change("os-patch", "fail", "2026-01-01T00:00:00.000Z"),
        change("os-patch", "pass", "2026-01-11T00:00:00.000Z"),
        change("os-patch", "fail", "2026-02-15T00:00:00.000Z"),
      ],
      t("2025-12-22T00:00:00.000Z"),
      t("2026-01-31T00:00:00.000Z"),
    );
    // 40 days: 10 failing (1–11 Jan), 30 passing.
    expect(out["os-patch"]).toEqual({ status: "pass", since: "2026-01-11T00:00:00.000Z", passShare: 0.75 });
  });

  it("knows nothing before a device's first report, and not-applicable time is not counted", () => {
    const out = controlTimelines(
      [
        change("screen-lock", "fail", "2026-01-21T00:00:00.000Z"),
        change("hotspot", "not_applicable", "2026-01-01T00:00:00.000Z"),
      ],
      t("2026-01-01T00:00:00.000Z"),
      t("2026-01-31T00:00:00.000Z"),
    );
    expect(out["screen-lock"]).toEqual({ status: "fail", since: "2026-01-21T00:00:00.000Z", passShare: 0 });
    expect(out.hotspot).toEqual({ status: "not_applicable", since: "2026-01-01T00:00:00.000Z", passShare: null });
  });

  it("a repeated status keeps its first since", () => {
    const out = controlTimelines(
      [
        change("usb-storage", "pass", "2026-01-02T00:00:00.000Z"),
        change("usb-storage", "pass", "2026-01-05T00:00:00.000Z"),
      ],
      t("2026-01-01T00:00:00.000Z"),
      t("2026-01-10T00:00:00.000Z"),
    );
    expect(out["usb-storage"]?.since).toBe("2026-01-02T00:00:00.000Z");
    expect(out["usb-storage"]?.passShare).toBe(1);
  });
});
