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
    expect(lookupEos("windows", ["windows-11-home-pro"], "23H2", [], NOW)).toMatchObject({
      status: "ended",
      endOfSupport: "2025-11-11",
    });
    expect(lookupEos("windows", ["windows-11-enterprise-education"], "23H2", [], "2026-11-10T20:00:00Z").status).toBe(
      "supported",
    );
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
    const override = {
      platform: "windows" as const,
      product: "windows-10-home-pro",
      release: "22H2",
      endOfSupport: "2026-10-13",
      source: "Consumer ESU enrolment, IT provider",
    };
    expect(lookupEos("windows", ["windows-10-home-pro"], "22H2", [override], "2026-06-01T00:00:00Z")).toMatchObject({
      status: "supported",
      endOfSupport: "2026-10-13",
      fromPolicy: true,
      source: "Consumer ESU enrolment, IT provider",
    });
  });

  it("trusts a macOS row without an end only until its review date", () => {
    expect(lookupEos("macos", ["macos"], "26", [], NOW).status).toBe("supported");
    expect(lookupEos("macos", ["macos"], "27", [], NOW).status).toBe("supported");
    const sequoia = lookupEos("macos", ["macos"], "15", [], "2027-09-02T00:00:00Z");
    expect(sequoia.status).toBe("unknown");
    expect(sequoia.reason).toMatch(/1 September 2027/);
    expect(lookupEos("macos", ["macos"], "15", [], NOW).status).toBe("supported");
  });

  it("ends macOS 14 the day macOS 27 shipped (14 September 2026)", () => {
    expect(lookupEos("macos", ["macos"], "14", [], NOW)).toMatchObject({ status: "ended", endOfSupport: "2026-09-14" });
    expect(lookupEos("macos", ["macos"], "14", [], "2026-09-14T12:00:00Z").status).toBe("supported");
  });

  it("fails macOS releases that have ended and any older than the table", () => {
    expect(lookupEos("macos", ["macos"], "13", [], NOW)).toMatchObject({ status: "ended", endOfSupport: "2025-09-15" });
    const sierra = lookupEos("macos", ["macos"], "10.12", [], NOW);
    expect(sierra.status).toBe("ended");
    expect(sierra.reason).toBe(
      "It is older than release 10.13, the oldest in Ward's table, whose security fixes ended on 1 December 2020.",
    );
  });

  it("ends Ubuntu interim releases before 24.10 (23.10 ended 12 July 2024)", () => {
    expect(lookupEos("linux", ["ubuntu"], "23.10", [], NOW)).toMatchObject({
      status: "ended",
      endOfSupport: "2024-07-12",
    });
    for (const r of ["23.04", "22.10", "21.10", "21.04", "20.10", "19.10", "19.04", "18.10", "16.04"]) {
      expect(lookupEos("linux", ["ubuntu"], r, [], NOW).status, r).toBe("ended");
    }
  });

  it("applies 'older than anything listed' to every OS family, and only below the oldest ended row", () => {
    for (const [platform, product, release] of [
      ["linux", "ubuntu", "14.04"],
      ["linux", "debian", "9"],
      ["linux", "rhel", "6"],
      ["linux", "fedora", "38"],
    ] as const) {
      expect(lookupEos(platform, [product], release, [], NOW).status, `${product} ${release}`).toBe("ended");
    }
    // Below the oldest listed row (18.04 LTS, now that 16.04 is listed: 16.04) it is ended; newer than all is not guessed.
    expect(lookupEos("linux", ["ubuntu"], "15.10", [], NOW).status).toBe("ended");
    expect(lookupEos("linux", ["ubuntu"], "26.10", [], NOW).status).toBe("unknown");
    expect(lookupEos("linux", ["debian"], "14", [], NOW).status).toBe("unknown");
    // The rule needs the oldest row to have ended: Rocky's oldest (8) has not, so a "Rocky 7" is not guessed.
    expect(lookupEos("linux", ["rocky"], "7", [], NOW).status).toBe("unknown");
  });

  it("fails Windows 10 releases before 21H2 for their editions, and keeps LTSC apart", () => {
    const both = ["windows-10-home-pro", "windows-10-enterprise-education"];
    for (const r of ["1507", "1511", "1607", "1703", "1709", "1803", "1809", "1903", "1909", "2004", "20H2", "21H1"]) {
      expect(lookupEos("windows", both, r, [], NOW).status, r).toBe("ended");
    }
    expect(lookupEos("windows", ["windows-10-enterprise-education"], "20H2", [], NOW).endOfSupport).toBe("2023-05-09");
    expect(lookupEos("windows", ["windows-10-home-pro"], "20H2", [], NOW).endOfSupport).toBe("2022-05-10");
    expect(lookupEos("windows", ["windows-10-ltsc"], "1809", [], NOW)).toMatchObject({
      status: "supported",
      endOfSupport: "2029-01-09",
    });
    expect(lookupEos("windows", ["windows-10-ltsc"], "1607", [], NOW)).toMatchObject({
      status: "ended",
      endOfSupport: "2026-10-13",
    });
    expect(lookupEos("windows", ["windows-7"], "SP1", [], NOW)).toMatchObject({
      status: "ended",
      endOfSupport: "2020-01-14",
    });
  });

  it("reads Linux rows: Debian 12 LTS, Ubuntu 20.04 ended, AlmaLinux 8 ends before RHEL 8", () => {
    expect(lookupEos("linux", ["debian"], "12", [], NOW)).toMatchObject({
      status: "supported",
      endOfSupport: "2028-06-10",
    });
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
