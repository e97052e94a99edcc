// collect() through fixture contexts: real captures per OS, first-seen memory and pruning, the macOS daily cache.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { Policy } from "../../../shared/schemas/policy.js";
import { inMemoryStore } from "../framework/context.js";
import { fixtureContext } from "../testing/fixture-context.js";
import { osPatchCheck } from "./index.js";

const fx = (os: string, name: string) => readFileSync(new URL(`./fixtures/${os}/${name}`, import.meta.url), "utf8");
const policy = Policy.parse({});
const control = "os-patch" as const;

describe("collect on Linux (apt)", () => {
  const devbox = {
    "linux.os-release": fx("linux", "os-release-debian-12-devbox.txt"),
    "linux.apt-upgradable": fx("linux", "apt-upgradable-debian-12-devbox.txt"),
    "linux.apt-lists": fx("linux", "apt-lists-debian-12-devbox.txt"),
  };
  // The dev machine's lists were fetched at 09:08:48 UTC on 2026-11-22.
  const captured = new Date("2026-11-22T09:30:00Z");

  it("reads the dev machine: Debian 12 supported, security updates first seen now (unknown, not pass)", async () => {
    const ctx = fixtureContext("linux", devbox, { now: captured, control });
    const facts = await osPatchCheck.collect(ctx);
    expect(facts.os).toMatchObject({ name: "Debian GNU/Linux 12 (bookworm)", version: "12" });
    expect(facts.pending.securityCount).toBeGreaterThan(10);
    expect(facts.pending).toMatchObject({
      status: "known",
      sourceAgeDays: 0,
      securityOldestDays: 0,
      securityOldestIsLowerBound: true,
    });
    expect(facts.pending.titles).toHaveLength(50);
    expect(facts.pending.titlesTruncated).toBe(true);
    expect(facts.probesAnswered).toEqual(["linux.os-release", "linux.apt-lists", "linux.apt-upgradable"]);
    const v = osPatchCheck.evaluate(facts, policy, "linux");
    expect(v.status).toBe("unknown");
  });

  it("fails the same machine once the first sighting is older than the limit, and prunes installed updates", async () => {
    const memory = inMemoryStore();
    await osPatchCheck.collect(fixtureContext("linux", devbox, { now: captured, control, memory }));
    const before = memory.snapshot()["os-patch"]!["firstSeen"] as Record<string, string>;
    expect(Object.keys(before).length).toBeGreaterThan(50);
    // 20 days later, with fresh lists, only the apt package still pending.
    const later = new Date("2026-12-12T09:30:00Z");
    const aptOnly = "Listing... Done\napt/oldstable-security 2.6.2 amd64 [upgradable from: 2.6.1]\n";
    const lists = `${Math.floor(later.getTime() / 1000)} lists\n1795338527 deb.debian.org_debian-security_dists_bookworm-security_InRelease\n`;
    const ctx = fixtureContext(
      "linux",
      { ...devbox, "linux.apt-upgradable": aptOnly, "linux.apt-lists": lists },
      { now: later, control, memory },
    );
    const facts = await osPatchCheck.collect(ctx);
    expect(facts.pending).toMatchObject({
      count: 1,
      securityCount: 1,
      securityOldestDays: 20,
      securityOldestIsLowerBound: true,
    });
    expect(Object.keys(memory.snapshot()["os-patch"]!["firstSeen"] as object)).toEqual(["apt:apt:security"]);
    expect(osPatchCheck.evaluate(facts, policy, "linux").status).toBe("fail");
  });

  it("keeps the first sighting when a newer security version replaces an unapplied one", async () => {
    const memory = inMemoryStore();
    const lists = (t: Date) => `${Math.floor(t.getTime() / 1000)} lists\n1 x_dists_bookworm-security_InRelease\n`;
    const t0 = new Date("2026-11-01T09:00:00Z");
    const v1 =
      "Listing... Done\nopenssl/oldstable-security 3.0.17-1~deb12u1 amd64 [upgradable from: 3.0.16-1~deb12u1]\n";
    await osPatchCheck.collect(
      fixtureContext(
        "linux",
        { ...devbox, "linux.apt-upgradable": v1, "linux.apt-lists": lists(t0) },
        { now: t0, control, memory },
      ),
    );
    const t1 = new Date("2026-11-20T09:00:00Z");
    const v2 =
      "Listing... Done\nopenssl/oldstable-security 3.0.17-1~deb12u2 amd64 [upgradable from: 3.0.16-1~deb12u1]\n";
    const facts = await osPatchCheck.collect(
      fixtureContext(
        "linux",
        { ...devbox, "linux.apt-upgradable": v2, "linux.apt-lists": lists(t1) },
        { now: t1, control, memory },
      ),
    );
    expect(facts.pending.securityOldestDays).toBe(19);
    expect(osPatchCheck.evaluate(facts, policy, "linux").status).toBe("fail");
  });

  it("reuses apt's answer while the lists have not moved, for at most 4 hours", async () => {
    const memory = inMemoryStore();
    await osPatchCheck.collect(fixtureContext("linux", devbox, { now: captured, control, memory }));
    const { "linux.apt-upgradable": _, ...withoutApt } = devbox;
    // Two hours later apt is not asked (not captured here): the cached answer gives the same pending list.
    const twoHours = new Date(captured.getTime() + 2 * 3600_000);
    const cachedFacts = await osPatchCheck.collect(
      fixtureContext("linux", withoutApt, { now: twoHours, control, memory }),
    );
    expect(cachedFacts.probesAnswered).toEqual([
      "linux.os-release",
      "linux.apt-lists",
      "linux.apt-upgradable (cached)",
    ]);
    expect(cachedFacts.pending.securityCount).toBeGreaterThan(10);
    // Five hours later, or as soon as apt fetched new lists, apt is asked again (and is missing here: unknown).
    const fiveHours = new Date(captured.getTime() + 5 * 3600_000);
    const stale = await osPatchCheck.collect(fixtureContext("linux", withoutApt, { now: fiveHours, control, memory }));
    expect(stale.pending.status).toBe("unknown");
    const moved = { ...withoutApt, "linux.apt-lists": `${Math.floor(twoHours.getTime() / 1000)} lists\n` };
    const refetched = await osPatchCheck.collect(fixtureContext("linux", moved, { now: twoHours, control, memory }));
    expect(refetched.pending.status).toBe("unknown");
    expect(refetched.probesAnswered).not.toContain("linux.apt-upgradable (cached)");
  });

  it("answers unknown when the lists are older than the limit (the dev machine's lists a month later)", async () => {
    const ctx = fixtureContext("linux", devbox, { now: new Date("2026-12-30T00:00:00Z"), control });
    const v = osPatchCheck.evaluate(await osPatchCheck.collect(ctx), policy, "linux");
    expect(v.status).toBe("unknown");
    expect(v.summary).toMatch(/update lists are 37 days old/);
  });

  it("answers unknown when apt did not answer, never pass", async () => {
    const ctx = fixtureContext("linux", { "linux.os-release": devbox["linux.os-release"] }, { now: captured, control });
    const facts = await osPatchCheck.collect(ctx);
    expect(facts.pending.status).toBe("unknown");
    expect(osPatchCheck.evaluate(facts, policy, "linux").status).toBe("unknown");
  });

  it("fails Ubuntu 18.04 by end of support and adds apt-check's extra security count (Ubuntu 22.04 list)", async () => {
    const ctx = fixtureContext(
      "linux",
      {
        "linux.os-release": fx("linux", "os-release-ubuntu-18.04.txt"),
        "linux.apt-upgradable": fx("linux", "apt-upgradable-jammy-security.txt"),
        "linux.apt-lists": "1795338528 lists\n1795338527 security.ubuntu.com_ubuntu_dists_jammy-security_InRelease\n",
        "linux.apt-check": "3;3",
      },
      { now: captured, control },
    );
    const facts = await osPatchCheck.collect(ctx);
    expect(facts.pending).toMatchObject({ count: 3, securityCount: 3, securityAllDated: false });
    expect(facts.pending.titles).toContain("1 more security update(s) counted by apt-check");
    expect(facts.probesAnswered).toContain("linux.apt-check");
    const v = osPatchCheck.evaluate(facts, policy, "linux");
    expect(v.status).toBe("fail");
    expect(v.summary).toMatch(/Ubuntu 18.04.3 LTS.*no longer gets security fixes/);
  });
});

describe("collect on Linux (dnf)", () => {
  it("reads Rocky 8 with dnf: security advisories matched to packages, others counted apart", async () => {
    const ctx = fixtureContext(
      "linux",
      {
        "linux.os-release": fx("linux", "os-release-rocky-8.3.txt"),
        "linux.dnf-check-update": { text: fx("linux", "dnf-check-update-fedora25-excerpt.txt"), exitCode: 100 },
        "linux.dnf-updateinfo": fx("linux", "dnf-updateinfo-security-fedora34.txt"),
      },
      { now: new Date("2026-11-22T10:00:00Z"), control },
    );
    const facts = await osPatchCheck.collect(ctx);
    expect(facts.eosKey).toEqual({ products: ["rocky"], release: "8", note: null });
    expect(facts.pending).toMatchObject({ securityCount: 16, count: 26, securityAllDated: false });
    expect(facts.pending.titles[0]).toMatch(/^FEDORA-2021-/);
    expect(osPatchCheck.evaluate(facts, policy, "linux").status).toBe("unknown");
  });

  it("answers unknown security when dnf updateinfo fails (CentOS Stream has no advisories either)", async () => {
    const ctx = fixtureContext(
      "linux",
      {
        "linux.os-release": fx("linux", "os-release-rocky-8.3.txt"),
        "linux.dnf-check-update": { text: "", exitCode: 0 },
        "linux.dnf-updateinfo": { text: "", exitCode: 1, stderr: "Error: Failed to download metadata" },
      },
      { now: new Date("2026-11-22T10:00:00Z"), control },
    );
    const facts = await osPatchCheck.collect(ctx);
    expect(facts.pending).toMatchObject({ status: "unknown", securityCount: null, count: 0 });
  });
});

describe("collect on macOS", () => {
  const ventura = fx("macos", "softwareupdate-list-ventura-major-upgrade.txt");

  it("fails Catalina by end of support and leaves major upgrades out of the pending count", async () => {
    const ctx = fixtureContext(
      "macos",
      { "mac.sw-vers": fx("macos", "sw-vers-10.15.5.txt"), "mac.softwareupdate": ventura },
      { now: new Date("2026-11-22T10:00:00Z"), control },
    );
    const facts = await osPatchCheck.collect(ctx);
    expect(facts.os).toMatchObject({ version: "10.15.5", build: "19F101" });
    // Offered to a 13.x Mac; on 10.15 both macOS items are other majors: only Safari counts.
    expect(facts.pending).toMatchObject({ count: 1, securityCount: 1 });
    expect(facts.pending.sourceNote).toMatch(/2 newer macOS upgrade/);
    expect(osPatchCheck.evaluate(facts, policy, "macos").status).toBe("fail");
  });

  it("runs softwareupdate at most daily: a fresh cached answer is reused", async () => {
    const memory = inMemoryStore();
    const t0 = new Date("2026-11-22T10:00:00Z");
    const outputs = { "mac.sw-vers": fx("macos", "sw-vers-10.13.txt"), "mac.softwareupdate": ventura };
    await osPatchCheck.collect(fixtureContext("macos", outputs, { now: t0, control, memory }));
    const cachedAt = (memory.snapshot()["os-patch"]!["softwareupdate"] as { at: string }).at;
    expect(cachedAt).toBe(t0.toISOString());
    // Six hours later softwareupdate is not captured at all: the cache answers.
    const later = new Date("2026-11-22T16:00:00Z");
    const facts = await osPatchCheck.collect(
      fixtureContext("macos", { "mac.sw-vers": outputs["mac.sw-vers"] }, { now: later, control, memory }),
    );
    expect(facts.probesAnswered).toContain("mac.softwareupdate (cached)");
    expect(facts.pending.status).toBe("known");
  });

  it("takes exit 1 with 'No new software available.' as an answer, and fails Catalina by end of support", async () => {
    const ctx = fixtureContext(
      "macos",
      {
        "mac.sw-vers": fx("macos", "sw-vers-10.15.7.txt"),
        "mac.softwareupdate": { text: "", stderr: fx("macos", "softwareupdate-list-none-stderr.txt"), exitCode: 1 },
      },
      { now: new Date("2026-11-22T10:00:00Z"), control },
    );
    const facts = await osPatchCheck.collect(ctx);
    expect(facts.pending).toMatchObject({ status: "known", count: 0, securityCount: 0 });
    const v = osPatchCheck.evaluate(facts, policy, "macos");
    expect(v.status).toBe("fail");
    expect(v.summary).toMatch(/macOS 10.15.7 no longer gets security fixes/);
  });

  it("uses an old cache when offline, flagged with its age (unknown past the limit)", async () => {
    const memory = inMemoryStore({
      "os-patch": {
        softwareupdate: { at: "2026-11-01T10:00:00.000Z", stdout: "", stderr: "No new software available.\n" },
      },
    });
    const ctx = fixtureContext(
      "macos",
      {
        "mac.sw-vers": fx("macos", "sw-vers-10.13.txt"),
        "mac.softwareupdate": { text: "", exitCode: 1, stderr: "Could not connect" },
      },
      { now: new Date("2026-11-22T10:00:00Z"), control, memory },
    );
    const facts = await osPatchCheck.collect(ctx);
    expect(facts.pending).toMatchObject({ securityCount: 0, sourceAgeDays: 21 });
    expect(facts.probesAnswered).toContain("mac.softwareupdate (cached, refresh failed)");
  });
});

describe("collect on Windows", () => {
  it("falls back to systeminfo and fails Windows 10 22H2 by end of support", async () => {
    const ctx = fixtureContext(
      "windows",
      {
        "win.systeminfo": fx("windows", "systeminfo-win10-22h2-enterprise.txt"),
        "win.hotfix": fx("windows", "hotfix-security-update.json"),
      },
      { now: new Date("2026-11-22T10:00:00Z"), control },
    );
    const facts = await osPatchCheck.collect(ctx);
    expect(facts.os).toMatchObject({
      name: "Microsoft Windows 10 Enterprise",
      version: "22H2",
      build: "19045",
      edition: "enterprise-education",
    });
    expect(facts.lastPatchInstalledOn).toBe("2019-09-06");
    expect(facts.probesAnswered).toEqual(["win.systeminfo", "win.hotfix"]);
    const v = osPatchCheck.evaluate(facts, policy, "windows");
    expect(v.status).toBe("fail");
    expect(v.summary).toMatch(/Windows Update search did not answer/);
  });

  it("reads win.os and answers unknown on LTSC (not in the table) with pending unknown", async () => {
    const ctx = fixtureContext(
      "windows",
      { "win.systeminfo": fx("windows", "systeminfo-win11-24h2-enterprise-ltsc.txt") },
      { now: new Date("2026-11-22T10:00:00Z"), control },
    );
    const facts = await osPatchCheck.collect(ctx);
    expect(facts.eosKey.products).toEqual(["windows-11-ltsc"]);
    expect(osPatchCheck.evaluate(facts, policy, "windows").status).toBe("unknown");
  });

  it("ages dated updates from their release and passes young ones after a recent install (schema case)", async () => {
    const winOs = JSON.stringify({
      Caption: "Microsoft Windows 11 Pro",
      Version: "10.0.26200",
      BuildNumber: "26200",
      OperatingSystemSKU: 48,
      UBR: 7171,
      DisplayVersion: "25H2",
      EditionID: "Professional",
    });
    const wu = JSON.stringify({
      ResultCode: 2,
      Updates: [
        {
          Title: "2026-11 Cumulative Update for Windows 11 Version 25H2 (KB5070000)",
          KB: ["5070000"],
          MsrcSeverity: "Important",
          ReleaseDate: "2026-11-10",
          Categories: [],
        },
      ],
    });
    const hotfix = JSON.stringify([{ HotFixID: "KB5068861", InstalledOn: "2026-10-16T00:00:00" }]);
    const ctx = fixtureContext(
      "windows",
      { "win.os": winOs, "win.wu-pending": wu, "win.hotfix": hotfix },
      { now: new Date("2026-11-22T10:00:00Z"), control },
    );
    const facts = await osPatchCheck.collect(ctx);
    expect(facts.os).toMatchObject({ version: "25H2", build: "26200.7171", edition: "home-pro" });
    expect(facts.pending).toMatchObject({ securityCount: 1, securityOldestDays: 12, securityAllDated: true });
    expect(osPatchCheck.evaluate(facts, policy, "windows").status).toBe("pass");
    const late = fixtureContext(
      "windows",
      { "win.os": winOs, "win.wu-pending": wu, "win.hotfix": hotfix },
      { now: new Date("2026-11-26T10:00:00Z"), control },
    );
    expect(osPatchCheck.evaluate(await osPatchCheck.collect(late), policy, "windows").status).toBe("fail");
  });
});

describe("end of support on real captures: releases the table used to answer unknown", () => {
  const at = { now: new Date("2026-12-03T10:00:00Z"), control };

  it.each([
    ["systeminfo-win7-sp1-enterprise.txt", "Microsoft Windows 7 Enterprise", "SP1", ["windows-7"], "14 January 2020"],
    ["systeminfo-win10-1507-pro.txt", "Microsoft Windows 10 Pro", "1507", ["windows-10-home-pro"], "9 May 2017"],
    [
      "systeminfo-win10-1809-education.txt",
      "Microsoft Windows 10 Education",
      "1809",
      ["windows-10-enterprise-education"],
      "11 May 2021",
    ],
    [
      "systeminfo-win10-21h1-enterprise.txt",
      "Microsoft Windows 10 Enterprise",
      "21H1",
      ["windows-10-enterprise-education"],
      "13 December 2022",
    ],
  ])("fails %s by end of support for its edition", async (file, name, release, products, ended) => {
    const facts = await osPatchCheck.collect(fixtureContext("windows", { "win.systeminfo": fx("windows", file) }, at));
    expect(facts.os).toMatchObject({ name, version: release });
    expect(facts.eosKey.products).toEqual(products);
    const v = osPatchCheck.evaluate(facts, policy, "windows");
    expect(v.status).toBe("fail");
    expect(v.summary).toContain(
      `${name} ${release} no longer gets security fixes from its maker. Security fixes ended on ${ended}.`,
    );
  });

  it("fails Ubuntu 23.10 (ended 12 July 2024)", async () => {
    const facts = await osPatchCheck.collect(
      fixtureContext("linux", { "linux.os-release": fx("linux", "os-release-ubuntu-23.10-vm.txt") }, at),
    );
    expect(facts.eosKey).toMatchObject({ products: ["ubuntu"], release: "23.10" });
    const v = osPatchCheck.evaluate(facts, policy, "linux");
    expect(v.status).toBe("fail");
    expect(v.summary).toContain("Security fixes ended on 12 July 2024.");
  });

  it("fails macOS 14.0 (Sonoma ended when macOS 27 shipped on 14 September 2026)", async () => {
    const facts = await osPatchCheck.collect(
      fixtureContext("macos", { "mac.sw-vers": fx("macos", "sw-vers-14.0.txt") }, at),
    );
    expect(facts.eosKey).toMatchObject({ products: ["macos"], release: "14" });
    const v = osPatchCheck.evaluate(facts, policy, "macos");
    expect(v.status).toBe("fail");
    expect(v.summary).toContain("Security fixes ended on 14 September 2026.");
  });
});
