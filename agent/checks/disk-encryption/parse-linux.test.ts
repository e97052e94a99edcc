// Parser tests for cryptsetup status on real outputs and dev-machine captures (lsblk is the shared parser's own test).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseCryptsetupStatus } from "./parse-cryptsetup.js";
import { isSafeMappingName, linuxCryptsetupProbe } from "./probes.js";

const fixture = (name: string) => readFileSync(new URL(`./fixtures/linux/${name}`, import.meta.url), "utf8");

describe("parseCryptsetupStatus", () => {
  it("reads an active LUKS2 mapping (LVM on LUKS, key in the kernel keyring)", () => {
    expect(parseCryptsetupStatus(fixture("cryptsetup-status-luks2-lvm.txt"))).toEqual({
      ok: true,
      value: { active: true, type: "LUKS2", encrypts: true },
    });
  });

  it("reads an active LUKS1 mapping (ceph-volume's documented example)", () => {
    expect(parseCryptsetupStatus(fixture("cryptsetup-status-luks1-ceph.txt"))).toEqual({
      ok: true,
      value: { active: true, type: "LUKS1", encrypts: true },
    });
  });

  it("reads an open plain dm-crypt mapping that nothing holds ('is active.')", () => {
    expect(parseCryptsetupStatus(fixture("cryptsetup-status-plain-active.txt"))).toEqual({
      ok: true,
      value: { active: true, type: "PLAIN", encrypts: true },
    });
  });

  it("reads a dm-verity device as active but not encrypting", () => {
    expect(parseCryptsetupStatus(fixture("veritysetup-status-verity-test-stub.txt"))).toEqual({
      ok: true,
      value: { active: true, type: "VERITY", encrypts: false },
    });
  });

  it("refuses the empty stdout cryptsetup leaves when it cannot reach device-mapper (captured as root and as a user)", () => {
    expect(parseCryptsetupStatus(fixture("cryptsetup-status-no-device-mapper.txt")).ok).toBe(false);
    expect(parseCryptsetupStatus(fixture("cryptsetup-status-non-root.txt")).ok).toBe(false);
    expect(fixture("cryptsetup-status-non-root.err")).toMatch(/running as non-root user/);
  });

  it("refuses text it does not recognise", () => {
    expect(parseCryptsetupStatus(fixture("cryptsetup-status-non-root.err")).ok).toBe(false);
  });
});

describe("linux.cryptsetup probe", () => {
  it("passes a mapping name as one argument and refuses names that could be options or paths", () => {
    expect(linuxCryptsetupProbe.spec("nvme0n1p3_crypt")).toMatchObject({
      file: "/usr/sbin/cryptsetup",
      args: ["status", "nvme0n1p3_crypt"],
      okExitCodes: [0, 4],
    });
    for (const bad of ["--help", "../x", "a b", "", "x;rm"]) expect(isSafeMappingName(bad)).toBe(false);
    expect(() => linuxCryptsetupProbe.spec("--key-file=/etc/shadow")).toThrow(/refusing/);
    expect(() => linuxCryptsetupProbe.spec(undefined)).toThrow(/refusing/);
  });
});
