// Linux parsers on real outputs: os-release, apt list --upgradable, apt-check, the apt lists' times, dnf.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseAptCheck, parseAptUpgradable } from "./parse-apt.js";
import { parseAptLists } from "./parse-apt-lists.js";
import { parseDnfCheckUpdate, parseDnfUpdateinfo } from "./parse-dnf.js";
import { linuxEosKey, parseOsRelease } from "./parse-os-release.js";

const fixture = (name: string) => readFileSync(new URL(`./fixtures/linux/${name}`, import.meta.url), "utf8");
const ok = <T>(r: { ok: true; value: T } | { ok: false; error: string }): T => {
  if (!r.ok) throw new Error(r.error);
  return r.value;
};

describe("parseOsRelease", () => {
  it.each([
    ["os-release-debian-12-devbox.txt", "debian", "12", { product: "debian", release: "12" }],
    ["os-release-ubuntu-18.04.txt", "ubuntu", "18.04", { product: "ubuntu", release: "18.04" }],
    ["os-release-rocky-8.3.txt", "rocky", "8.3", { product: "rocky", release: "8" }],
  ])("reads %s", (file, id, version, key) => {
    const o = ok(parseOsRelease(fixture(file)));
    expect(o.id).toBe(id);
    expect(o.versionId).toBe(version);
    expect(linuxEosKey(o)).toEqual(key);
  });

  it("reads ID_LIKE as a list", () => {
    expect(ok(parseOsRelease(fixture("os-release-rocky-8.3.txt"))).idLike).toEqual(["rhel", "fedora"]);
  });

  it("has no table key for an unknown distribution or a rolling release", () => {
    expect(linuxEosKey({ id: "arch", idLike: [], versionId: null, prettyName: "Arch Linux" })).toBeNull();
    expect(linuxEosKey({ id: "linuxmint", idLike: ["ubuntu"], versionId: "21.3", prettyName: "Mint" })).toBeNull();
  });

  it.each([
    ["empty", ""],
    ["no ID", 'NAME="Thing"\n'],
    ["garbage", "<html>error</html>"],
  ])("refuses %s", (_l, text) => {
    expect(parseOsRelease(text).ok).toBe(false);
  });
});

describe("parseAptUpgradable", () => {
  it("marks the -security pocket on Ubuntu 22.04 (two security, one not)", () => {
    const u = ok(parseAptUpgradable(fixture("apt-upgradable-jammy-security.txt")));
    expect(u.map((x) => [x.name, x.security])).toEqual([
      ["libruby3.0", true],
      ["ruby3.0", true],
      ["update-notifier-common", false],
    ]);
    expect(u[0]).toMatchObject({
      archives: ["jammy-updates", "jammy-security"],
      newVersion: "3.0.2-7ubuntu2.3",
      oldVersion: "3.0.2-7ubuntu2.2",
    });
  });

  it("skips 'N: There is 1 additional version' notes", () => {
    expect(ok(parseAptUpgradable(fixture("apt-upgradable-jammy-additional-version.txt"))).map((x) => x.name)).toEqual([
      "update-notifier-common",
    ]);
  });

  it("reads the dev machine (Debian 12, oldstable-security lines)", () => {
    const u = ok(parseAptUpgradable(fixture("apt-upgradable-debian-12-devbox.txt")));
    expect(u.length).toBeGreaterThan(50);
    expect(u.find((x) => x.name === "apt")).toMatchObject({ archives: ["oldstable-security"], security: true });
    expect(u.find((x) => x.name === "base-files")).toMatchObject({ archives: ["oldstable"], security: false });
  });

  it("cannot see security on Debian 10, whose security archive was named 'stable' (a caveat, not a pass)", () => {
    const u = ok(parseAptUpgradable(fixture("apt-upgradable-debian-buster.txt")));
    expect(u.map((x) => x.security)).toEqual([false, false]);
  });

  it("reads the old 'Listing...' header without 'Done' and epochs in versions", () => {
    const u = ok(parseAptUpgradable(fixture("apt-upgradable-stretch-backports.txt")));
    expect(u[2]).toMatchObject({ name: "spotify-client", newVersion: "1:1.0.77.338.g758ebd78-41" });
  });

  it("answers an empty list for 'Listing... Done' alone", () => {
    expect(ok(parseAptUpgradable("Listing... Done\n"))).toEqual([]);
  });

  it.each([
    ["no output at all", ""],
    ["an apt error", "E: Could not open lock file /var/lib/dpkg/lock-frontend - open (13: Permission denied)"],
    ["a translated header", "Auflistung… Fertig\nfoo/stable 1 amd64 [aktualisierbar von: 0]"],
  ])("refuses %s", (_l, text) => {
    expect(parseAptUpgradable(text).ok).toBe(false);
  });
});

describe("parseAptCheck", () => {
  it("reads '419;0' (monitoring-plugins #1145) and '0;0' (polybar-themes #85)", () => {
    expect(ok(parseAptCheck(fixture("apt-check-419-0.txt")))).toEqual({ updates: 419, security: 0 });
    expect(ok(parseAptCheck(fixture("apt-check-0-0.txt")))).toEqual({ updates: 0, security: 0 });
  });

  it.each([
    ["a traceback", "Traceback (most recent call last):\n  File ..."],
    ["empty", ""],
    ["more security than updates", "1;5"],
  ])("refuses %s", (_l, text) => {
    expect(parseAptCheck(text).ok).toBe(false);
  });
});

describe("parseAptLists", () => {
  it("reads the dev machine: newest list time and a security archive", () => {
    const l = ok(parseAptLists(fixture("apt-lists-debian-12-devbox.txt")));
    expect(l.hasSecurityArchive).toBe(true);
    // "partial" (1795338710) moves on failed updates too and is ignored; the lists directory (1795338528) counts.
    expect(l.newestMs).toBe(1795338528041);
  });

  it("sees no security archive when none was fetched", () => {
    const text =
      "1795338528.04 lists\n1783764997.0 deb.debian.org_debian_dists_bookworm_InRelease\n1795338710.7 partial\n";
    expect(ok(parseAptLists(text))).toMatchObject({ hasSecurityArchive: false, newestMs: 1795338528040, fileCount: 1 });
  });

  it("counts the daily timer's success stamp", () => {
    const text = "1700000000 lists\n1700000000 x_dists_jammy-security_InRelease\n1790000000 update-success-stamp\n";
    expect(ok(parseAptLists(text)).newestMs).toBe(1790000000000);
  });

  it.each([
    ["no lists", "1700000000 lists\n1700000000 lock\n"],
    ["garbage", "find: '/var/lib/apt/lists': No such file"],
    ["an impossible time", "99999999999999999999 lists\n1 x_jammy-security_InRelease\n"],
  ])("refuses %s", (_l, text) => {
    expect(parseAptLists(text).ok).toBe(false);
  });
});

describe("dnf", () => {
  it("reads dnf check-update rows (Fedora 25, check_updates #15)", () => {
    const u = ok(parseDnfCheckUpdate(fixture("dnf-check-update-fedora25-excerpt.txt")));
    expect(u).toHaveLength(10);
    expect(u[0]).toEqual({ package: "PackageKit.x86_64", version: "1.1.4-2.fc25", repo: "updates" });
  });

  it("stops at 'Obsoleting Packages' and accepts no updates", () => {
    expect(ok(parseDnfCheckUpdate("\n"))).toEqual([]);
    const text =
      "bash.x86_64  5.2-1.fc40  updates\nObsoleting Packages\ngrub2.x86_64  1:2.06  updates\n    grub2.x86_64  1:2.02  @anaconda\n";
    expect(ok(parseDnfCheckUpdate(text))).toHaveLength(1);
  });

  it("refuses an error line", () => {
    expect(parseDnfCheckUpdate("Error: Failed to download metadata for repo 'fedora'").ok).toBe(false);
  });

  it("reads dnf4 security advisories (Fedora 34, kushaldas/lym)", () => {
    const a = ok(parseDnfUpdateinfo(fixture("dnf-updateinfo-security-fedora34.txt")));
    expect(a).toHaveLength(16);
    expect(a[7]).toEqual({
      advisory: "FEDORA-2021-07dc0b3eb1",
      severity: "Critical",
      package: "kernel-core-5.13.4-200.fc34.x86_64",
      issued: null,
    });
  });

  it("reads RHSA lines with an epoch in the package (RHEL 7 excerpt)", () => {
    const a = ok(parseDnfUpdateinfo(fixture("dnf-updateinfo-security-rhel7-excerpt.txt")));
    expect(a.find((x) => x.package.startsWith("dbus-1:"))).toMatchObject({
      advisory: "RHSA-2020:2894",
      severity: "Important",
    });
  });

  it("reads dnf5's dated table and keeps only security rows (dnf #1893)", () => {
    expect(ok(parseDnfUpdateinfo(fixture("dnf5-updateinfo-list-excerpt.txt")))).toEqual([]);
    const sec = "FEDORA-2024-1a2b3c4d5e security Important openssl-libs-1:3.2.1-2.fc40.x86_64 2024-03-05 00:00:00";
    expect(ok(parseDnfUpdateinfo(sec))).toEqual([
      {
        advisory: "FEDORA-2024-1a2b3c4d5e",
        severity: "Important",
        package: "openssl-libs-1:3.2.1-2.fc40.x86_64",
        issued: "2024-03-05",
      },
    ]);
  });

  it("refuses an unknown line", () => {
    expect(parseDnfUpdateinfo("Error: This command has to be run with superuser privileges").ok).toBe(false);
  });
});
