// The rule step on its own: damping, events, grace, recovery, unknown and waivers.
import { describe, expect, it } from "vitest";
import type { CheckResult } from "../../shared/schemas/check-result.js";
import type { CheckStatus, ControlId } from "../../shared/schemas/control.js";
import { digestSlot } from "./digest.js";
import { type Decision, step } from "./rules.js";
import { AlertSettings, DEFAULT_ALERT_SETTINGS } from "./settings.js";
import type { AlertStateRow } from "./state-store.js";

const r = (control: ControlId, status: CheckStatus, facts: CheckResult["facts"] = {}): CheckResult => ({
  control,
  status,
  summary: "s",
  facts,
  remediation: [],
  clause: null,
  probeErrors: [],
});

function run(
  control: ControlId,
  statuses: Array<CheckStatus | CheckResult>,
  opts: { waived?: boolean; settings?: AlertSettings; hoursApart?: number } = {},
) {
  let state: AlertStateRow | undefined;
  const decisions: Array<Decision | null> = [];
  statuses.forEach((s, i) => {
    const at = new Date(Date.UTC(2026, 10, 25, 9) + i * (opts.hoursApart ?? 0.25) * 3_600_000);
    const result = typeof s === "string" ? r(control, s) : s;
    const out = step(
      state,
      { deviceId: "dev_1", control, result, collectedAt: at.toISOString() },
      opts.settings ?? DEFAULT_ALERT_SETTINGS,
      at,
      opts.waived ?? false,
    );
    state = out.next;
    decisions.push(out.decision);
  });
  return decisions.map((d) => d?.type ?? null);
}

describe("alert rules", () => {
  it("damps flapping: two failing reports in a row, then one alert, then one resolved note", () => {
    expect(run("disk-encryption", ["fail", "pass", "fail", "unknown", "fail", "fail", "fail", "pass", "pass"])).toEqual(
      [null, null, null, null, null, "alert", null, "resolved", null],
    );
  });

  it("keeps an alerted episode open through unknown, resolving only on pass", () => {
    expect(run("disk-encryption", ["fail", "fail", "unknown", "fail", "not_applicable"])).toEqual([
      null,
      "alert",
      null,
      null,
      null,
    ]);
  });

  it("treats USB and hotspot as events: at once, and again only for a new sighting", () => {
    const dev = (serial: string, firstSeen = "t") => ({
      vendorId: "0781",
      productId: "5567",
      serial,
      firstSeen,
      approval: "not-approved",
    });
    const a = r("usb-storage", "fail", { devices: [dev("A")] });
    const ab = r("usb-storage", "fail", { devices: [dev("A"), dev("B")] });
    expect(run("usb-storage", [a, a, ab, "pass"])).toEqual(["alert", null, "alert", "resolved"]);
    // A stick left plugged in is "first seen" again after each delivered report: still one alert per episode;
    // removed (the control passes) and plugged in again, it alerts again.
    const again = (t: string) => r("usb-storage", "fail", { devices: [dev("A", t)] });
    expect(run("usb-storage", [again("t1"), again("t2"), again("t3"), "pass", again("t4")])).toEqual([
      "alert",
      null,
      null,
      "resolved",
      "alert",
    ]);
    expect(run("hotspot", ["fail", "fail"])).toEqual(["alert", null]);
  });

  it("waits out the screen-lock grace period and alerts os-patch at its first failure", () => {
    expect(run("screen-lock", ["fail", "fail", "fail"], { hoursApart: 12 })).toEqual([null, null, "alert"]);
    expect(run("os-patch", ["fail", "fail"])).toEqual(["alert", null]);
  });

  it("says nothing while waived or when the council switched the rule off", () => {
    expect(run("disk-encryption", ["fail", "fail", "fail"], { waived: true })).toEqual([null, null, null]);
    const off = AlertSettings.parse({ disabledRules: ["disk-encryption"] });
    expect(run("disk-encryption", ["fail", "fail", "pass"], { settings: off })).toEqual([null, null, null]);
  });

  it("finds this week's digest slot only within a day after it", () => {
    const s = { digestWeekday: 1, digestHour: 8 };
    expect(digestSlot(new Date("2026-11-30T08:00:00Z"), s)?.toISOString()).toBe("2026-11-30T08:00:00.000Z");
    expect(digestSlot(new Date("2026-12-01T07:59:00Z"), s)?.toISOString()).toBe("2026-11-30T08:00:00.000Z");
    expect(digestSlot(new Date("2026-11-30T07:59:00Z"), s)).toBeNull();
    expect(digestSlot(new Date("2026-12-01T08:00:00Z"), s)).toBeNull();
  });
});
