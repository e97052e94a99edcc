// Parser tests for the three BitLocker probes on real outputs (manage-bde, Get-BitLockerVolume) and the CIM JSON shape.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { decodeToolOutput } from "../../platform/decode.js";
import { bitLockerState, parsePercentage, systemVolume } from "./bitlocker-state.js";
import { parseBitLockerCim } from "./parse-bitlocker-cim.js";
import { parseGetBitLockerVolume } from "./parse-get-bitlockervolume.js";
import { parseManageBde } from "./parse-manage-bde.js";

const fixture = (name: string) => readFileSync(new URL(`./fixtures/windows/${name}`, import.meta.url), "utf8");

function manageBde(name: string) {
  const r = parseManageBde(fixture(name));
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

describe("parseManageBde", () => {
  it("reads an unencrypted OS volume and two unencrypted data volumes (forum post, build 25267)", () => {
    const vols = manageBde("manage-bde-decrypted-os-and-two-data-volumes.txt");
    expect(vols.map((v) => [v.mount, v.isSystem, v.conversion, v.protection, v.percentage])).toEqual([
      ["C:", true, "FullyDecrypted", "off", 0],
      ["J:", false, "FullyDecrypted", "off", 0],
      ["K:", false, "FullyDecrypted", "off", 0],
    ]);
    const sys = systemVolume(vols);
    expect("volume" in sys && bitLockerState(sys.volume)).toBe("not_encrypted");
  });

  it("picks the OS volume over Azure's letterless BEK volume, whose block is cut short", () => {
    const vols = manageBde("manage-bde-azure-os-protected-bek-volume-excerpt.txt");
    expect(vols).toHaveLength(2);
    expect(vols[1]).toMatchObject({
      mount: "\\\\?\\Volume{e2af13ec-0000-0000-0000-100000000000}\\",
      isSystem: false,
      conversion: "FullyDecrypted",
      protection: null,
    });
    const sys = systemVolume(vols);
    if (!("volume" in sys)) throw new Error(sys.error);
    expect(sys.volume).toMatchObject({ mount: "C:", conversion: "FullyEncrypted", protection: "on", percentage: 100 });
    expect(bitLockerState(sys.volume)).toBe("encrypted");
  });

  it("reads encryption in progress at 99% with protection still off as encrypting", () => {
    const [c] = manageBde("manage-bde-encrypting-99-protection-off.txt");
    expect(c).toMatchObject({
      mount: "C:",
      isSystem: true,
      conversion: "EncryptionInProgress",
      protection: "off",
      percentage: 99,
    });
    expect(c && bitLockerState(c)).toBe("encrypting");
  });

  it("reads decimal commas (69,13 GB, 100,0%) with English labels", () => {
    const [c] = manageBde("manage-bde-status-c-comma-decimal.txt");
    expect(c).toMatchObject({
      mount: "C:",
      isSystem: true,
      conversion: "FullyEncrypted",
      protection: "on",
      percentage: 100,
    });
  });

  it("reads the Microsoft docs excerpt that starts at the Volume line", () => {
    const vols = manageBde("manage-bde-msdocs-os-protected-excerpt.txt");
    expect(vols).toEqual([
      {
        mount: "C:",
        isSystem: true,
        conversion: "FullyEncrypted",
        protection: "on",
        percentage: 100,
        rebootsLeft: null,
      },
    ]);
  });

  it("reads a headerless excerpt (encrypted, protection off: a clear key) as one volume of unknown name", () => {
    const vols = manageBde("manage-bde-clear-key-excerpt.txt");
    expect(vols).toEqual([
      {
        mount: null,
        isSystem: null,
        conversion: "FullyEncrypted",
        protection: "off",
        percentage: 100,
        rebootsLeft: null,
      },
    ]);
    expect(vols[0] && bitLockerState(vols[0])).toBe("suspended");
    expect(systemVolume(vols)).toEqual({ error: "no volume is marked as the operating-system volume" });
  });

  it("reads automatic device encryption left unprotected (issue excerpt with decimal commas and no Volume line)", () => {
    const vols = manageBde("manage-bde-auto-device-encryption-protection-off-excerpt.txt");
    expect(vols).toEqual([
      {
        mount: null,
        isSystem: null,
        conversion: "FullyEncrypted",
        protection: "off",
        percentage: 100,
        rebootsLeft: null,
      },
    ]);
  });

  it("refuses German output instead of guessing", () => {
    const r = parseManageBde(fixture("manage-bde-german.txt"));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/English/);
  });

  it("refuses empty output and other tools' output", () => {
    expect(parseManageBde("").ok).toBe(false);
    expect(parseManageBde(fixture("get-bitlockervolume-msdocs-fully-encrypted.txt")).ok).toBe(false);
  });

  it("reads the same volumes from UTF-16LE bytes, as manage-bde redirected to a file writes them", () => {
    // No raw UTF-16 capture was found in public sources: this re-encodes a real capture the way `> file` does.
    const text = fixture("manage-bde-decrypted-os-and-two-data-volumes.txt").replace(/\n/g, "\r\n");
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
    const r = parseManageBde(decodeToolOutput(bytes));
    if (!r.ok) throw new Error(r.error);
    expect(r.value.map((v) => v.mount)).toEqual(["C:", "J:", "K:"]);
    const noBom = parseManageBde(decodeToolOutput(Buffer.from(text, "utf16le")));
    expect(noBom.ok && noBom.value[0]?.conversion).toBe("FullyDecrypted");
  });
});

describe("parseGetBitLockerVolume", () => {
  it("reads Microsoft's example: OS volume fully encrypted, protection on", () => {
    const r = parseGetBitLockerVolume(fixture("get-bitlockervolume-msdocs-fully-encrypted.txt"));
    if (!r.ok) throw new Error(r.error);
    expect(r.value).toEqual([
      {
        mount: "C:",
        isSystem: true,
        conversion: "FullyEncrypted",
        protection: "on",
        percentage: 100,
        rebootsLeft: null,
      },
    ]);
  });

  it("reads a fully decrypted OS volume", () => {
    const r = parseGetBitLockerVolume(fixture("get-bitlockervolume-fully-decrypted.txt"));
    if (!r.ok) throw new Error(r.error);
    expect(r.value[0]).toMatchObject({
      mount: "C:",
      isSystem: true,
      conversion: "FullyDecrypted",
      protection: "off",
      percentage: 0,
    });
    expect(r.value[0] && bitLockerState(r.value[0])).toBe("not_encrypted");
  });

  it("reads an encrypted OS volume whose protection is off ('waiting for activation', MSEndpointMgr/Intune #77)", () => {
    const r = parseGetBitLockerVolume(fixture("get-bitlockervolume-encrypted-protection-off.txt"));
    if (!r.ok) throw new Error(r.error);
    expect(r.value).toEqual([
      {
        mount: "C:",
        isSystem: true,
        conversion: "FullyEncrypted",
        protection: "off",
        percentage: 100,
        rebootsLeft: null,
      },
    ]);
    expect(r.value[0] && bitLockerState(r.value[0])).toBe("suspended");
  });

  it("refuses output with no volume in it", () => {
    expect(parseGetBitLockerVolume("").ok).toBe(false);
    expect(parseGetBitLockerVolume(fixture("manage-bde-german.txt")).ok).toBe(false);
  });
});

describe("parseBitLockerCim", () => {
  const real = fixture("bitlocker-wmi-json-mondoo-os-encrypted-usb-decrypted.json");

  it("reads Mondoo's real capture: C: (OS) encrypted and protected, E: (portable) decrypted", () => {
    const r = parseBitLockerCim(real);
    if (!r.ok) throw new Error(r.error);
    expect(r.value).toEqual([
      {
        mount: "C:",
        isSystem: true,
        conversion: "FullyEncrypted",
        protection: "on",
        percentage: 100,
        rebootsLeft: null,
      },
      {
        mount: "E:",
        isSystem: false,
        conversion: "FullyDecrypted",
        protection: "off",
        percentage: 0,
        rebootsLeft: null,
      },
    ]);
    const sys = systemVolume(r.value);
    expect("volume" in sys && bitLockerState(sys.volume)).toBe("encrypted");
  });

  // The variations below are derived from the real capture (one field changed each), to reach the branches
  // Ward's own script adds: a single row printed as an object, live method results, a failed method.
  const rows = () => JSON.parse(real) as Record<string, Record<string, unknown>>[];

  it("accepts one row printed as an object rather than an array", () => {
    const one = parseBitLockerCim(JSON.stringify(rows()[0]));
    expect(one.ok && one.value.map((v) => v.mount)).toEqual(["C:"]);
  });

  it("prefers GetProtectionStatus() over the cached property: protection off on an encrypted volume is suspended", () => {
    const [c] = rows();
    if (!c) throw new Error("fixture has no rows");
    c.protectionStatus = { ProtectionStatus: 0, ReturnValue: 0 };
    const r = parseBitLockerCim(JSON.stringify([c]));
    expect(r.ok && r.value[0] && bitLockerState(r.value[0])).toBe("suspended");
  });

  it("does not trust a method result whose ReturnValue is an error, nor an out-of-range value", () => {
    const [c] = rows();
    if (!c) throw new Error("fixture has no rows");
    c.conversionStatus = { ...c.conversionStatus, ReturnValue: 2150694920 };
    const failed = parseBitLockerCim(JSON.stringify([c]));
    expect(failed.ok && failed.value[0]).toMatchObject({ conversion: null, percentage: null });
    expect(failed.ok && failed.value[0] && bitLockerState(failed.value[0])).toBe("unknown");
    c.conversionStatus = { ConversionStatus: 9, EncryptionPercentage: 140 };
    const odd = parseBitLockerCim(JSON.stringify([c]));
    expect(odd.ok && odd.value[0]).toMatchObject({ conversion: null, percentage: null });
  });

  it("finds the system volume by systemDrive when VolumeType is missing (Windows 7 has no such property)", () => {
    const [c] = rows();
    if (!c?.volume) throw new Error("fixture has no rows");
    delete c.volume.VolumeType;
    const withDrive = parseBitLockerCim(JSON.stringify([{ ...c, systemDrive: "c:" }]));
    expect(withDrive.ok && withDrive.value[0]?.isSystem).toBe(true);
    const without = parseBitLockerCim(JSON.stringify([c]));
    expect(without.ok && without.value[0]?.isSystem).toBe(null);
  });

  it("refuses empty output, an empty list, non-JSON and another command's JSON", () => {
    expect(parseBitLockerCim("").ok).toBe(false);
    expect(parseBitLockerCim("[]").ok).toBe(false);
    expect(parseBitLockerCim(fixture("manage-bde-msdocs-os-protected-excerpt.txt")).ok).toBe(false);
    expect(parseBitLockerCim('{"MountPoint":"C:","VolumeStatus":1}').ok).toBe(false);
  });
});

describe("parsePercentage", () => {
  it("reads dots, commas and bare numbers, and refuses the rest", () => {
    expect([
      parsePercentage("100.0%"),
      parsePercentage("100,0%"),
      parsePercentage("99"),
      parsePercentage("0,0 %"),
    ]).toEqual([100, 100, 99, 0]);
    expect([parsePercentage("101%"), parsePercentage("abc"), parsePercentage(undefined)]).toEqual([null, null, null]);
  });
});
