// Tests for the sighting memory: recorded when active, kept while undelivered, dropped once a report carried it.
import { describe, expect, it } from "vitest";
import { markReportedUpTo, readSighting, recordSighting } from "./sighting.js";

const t = (iso: string) => new Date(iso);

describe("sighting memory", () => {
  it("starts a sighting when a hotspot is active and extends it later", () => {
    const first = recordSighting({}, ["windows-mobile-hotspot"], t("2026-11-22T09:00:00Z"));
    const second = recordSighting(first, ["windows-hosted-network"], t("2026-11-22T09:15:00Z"));
    expect(readSighting(second)).toEqual({
      firstSeen: "2026-11-22T09:00:00.000Z",
      lastSeen: "2026-11-22T09:15:00.000Z",
      mechanisms: ["windows-mobile-hotspot", "windows-hosted-network"],
    });
  });

  it("keeps an undelivered sighting when the hotspot is off now", () => {
    const seen = recordSighting({}, ["iw"], t("2026-11-22T09:00:00Z"));
    expect(readSighting(recordSighting(seen, [], t("2026-11-22T09:15:00Z")))?.lastSeen).toBe(
      "2026-11-22T09:00:00.000Z",
    );
  });

  it("drops a sighting once a report built after its last sighting is delivered", () => {
    const seen = recordSighting({}, ["iw"], t("2026-11-22T09:00:00Z"));
    expect(readSighting(markReportedUpTo(seen, t("2026-11-22T09:00:00Z")))).toBeNull();
    expect(readSighting(markReportedUpTo(seen, t("2026-11-22T10:00:00Z")))).toBeNull();
  });

  it("keeps a sighting seen again after the delivered report", () => {
    const seen = recordSighting({}, ["iw"], t("2026-11-22T09:30:00Z"));
    expect(readSighting(markReportedUpTo(seen, t("2026-11-22T09:15:00Z")))?.firstSeen).toBe("2026-11-22T09:30:00.000Z");
  });

  it("keeps other memory keys", () => {
    const memory = recordSighting({ lastWatchAt: "2026-11-22T09:00:00.000Z" }, ["iw"], t("2026-11-22T09:01:00Z"));
    expect(memory.lastWatchAt).toBe("2026-11-22T09:00:00.000Z");
    expect(markReportedUpTo(memory, t("2026-11-22T09:02:00Z")).lastWatchAt).toBe("2026-11-22T09:00:00.000Z");
  });

  it("ignores damaged memory instead of trusting it", () => {
    expect(readSighting({ sighting: { firstSeen: "yesterday", lastSeen: 3, mechanisms: [] } })).toBeNull();
    expect(readSighting({ sighting: "on" })).toBeNull();
    expect(markReportedUpTo({ sighting: 42 }, t("2026-11-22T09:00:00Z")).sighting).toBeNull();
  });
});
