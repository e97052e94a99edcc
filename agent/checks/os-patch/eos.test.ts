// End-of-support lookup: table rows, policy overrides, unknown editions, macOS review dates and very old macOS.
import { describe, expect, it } from "vitest";
import { lookupEos } from "./eos.js";

const NOW = "2026-11-22T09:00:00.000Z";

describe("lookupEos", () => {
  it("says Windows 10 22H2 has ended, whatever the edition", () => {
    const r = lookupEos("windows", ["windows-10-home-pro", "windows-10-enterprise-education"], "22H2", [], NOW);
    expect(r).toMatchObject({ status: "ended", endOfSupport: "2025-10-14", fromPolicy: false });
  });

  it("splits Windows 11 23H2 by edition: Home/Pro ended 2025-11-11, Enterprise/Education ended 2026-11-10", () => {
    expect(lookupEos("windows", ["windows-11-home-pro"], "23H2", [], NOW)).toMatchObject({ status: "ended", endOfSupport: "2025-11-11" });
    expect(lookupEos("windows", ["windows-11-enterprise-education"], "23H2", [], "2026-11-10T20:00:00Z").status).toBe("supported");
    expect(lookupEos("windows", ["windows-11-enterprise-education"], "23H2", [], NOW).status).toBe("ended");
  });

  it("answers unknown when the edition decides and Ward could not read it", () => {
    const r = lookupEos("windows", ["windows-11-home-pro", "windows-11-enterprise-education"], "24H2", [], NOW);
    expect(r.status).toBe("unknown");
    expect(r.reason).toMatch(/edition/);
  });

  it("supports 25H2 on both editions until the earlier date", () => {
    const r = lookupEos("windows", ["windows-11-home-pro", "windows-11-enterprise-education"], "25H2", [], NOW);
    expect(r).toMatchObject({ status: "supported", endOfSupport: "2027-10-12" });
  });

  it("answers unknown for a release or product not in the table (LTSC, a future release)", () => {
    expect(lookupEos("windows", ["windows-11-ltsc"], "24H2", [], NOW).status).toBe("unknown");
    expect(lookupEos("linux", ["ubuntu"], "26.10", [], NOW).status).toBe("unknown");
    expect(lookupEos("linux", [], null, [], NOW).status).toBe("unknown");
  });

  it("lets the policy correct a stale table (an ESU enrolment)", () => {
    const override = { platform: "windows" as const, product: "windows-10-home-pro", release: "22H2", endOfSupport: "2026-10-13", source: "Consumer ESU enrolment, IT provider" };
    expect(lookupEos("windows", ["windows-10-home-pro"], "22H2", [override], "2026-06-01T00:00:00Z")).toMatchObject({
      status: "supported",
      endOfSupport: "2026-10-13",
      fromPolicy: true,
      source: "Consumer ESU enrolment, IT provider",
    });
  });

  it("trusts a macOS row without an end only until its review date", () => {
    expect(lookupEos("macos", ["macos"], "26", [], NOW).status).toBe("supported");
    const sonoma = lookupEos("macos", ["macos"], "14", [], NOW);
    expect(sonoma.status).toBe("unknown");
    expect(sonoma.reason).toMatch(/1 September 2026/);
    expect(lookupEos("macos", ["macos"], "14", [], "2026-08-01T00:00:00Z").status).toBe("supported");
  });

  it("fails macOS releases that have ended and any older than the table", () => {
    expect(lookupEos("macos", ["macos"], "13", [], NOW)).toMatchObject({ status: "ended", endOfSupport: "2025-09-15" });
    expect(lookupEos("macos", ["macos"], "10.12", [], NOW).status).toBe("ended");
  });

  it("reads Linux rows: Debian 12 LTS, Ubuntu 20.04 ended, AlmaLinux 8 ends before RHEL 8", () => {
    expect(lookupEos("linux", ["debian"], "12", [], NOW)).toMatchObject({ status: "supported", endOfSupport: "2028-06-10" });
    expect(lookupEos("linux", ["ubuntu"], "20.04", [], NOW).status).toBe("ended");
    expect(lookupEos("linux", ["almalinux"], "8", [], NOW).endOfSupport).toBe("2029-03-01");
  });

  it("writes dates the way a UK clerk reads them", () => {
    expect(lookupEos("linux", ["ubuntu"], "20.04", [], NOW).reason).toBe("Security fixes ended on 31 May 2025.");
  });

  it("counts the last day as supported", () => {
    expect(lookupEos("linux", ["fedora"], "43", [], "2026-12-09T23:00:00Z").status).toBe("supported");
    expect(lookupEos("linux", ["fedora"], "43", [], "2026-12-10T00:00:00Z").status).toBe("ended");
  });
});
