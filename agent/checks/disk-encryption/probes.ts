// The disk-encryption probes on every OS: BitLocker (CIM, manage-bde, Get-BitLockerVolume), FileVault, LUKS.
import type { ProbeDefinition } from "../framework/probe.js";

const PS = ["-NoProfile", "-NonInteractive", "-Command"] as const;

/**
 * Every Win32_EncryptableVolume (WMI class in root\cimv2\security\MicrosoftVolumeEncryption) with the results of its
 * GetConversionStatus() and GetProtectionStatus() methods: the methods are live, the ProtectionStatus property is a
 * cached value that has stayed 1 after decryption (osquery PR #8931). The row shape {volume, conversionStatus, …}
 * follows Mondoo cnquery's BitLocker script (Get-WmiObject, ConvertTo-Json -Depth 3), whose real output is the test
 * fixture; Ward adds protectionStatus and systemDrive. Windows PowerShell 5.1 (powershell.exe) always has
 * Get-WmiObject. Needs administrator rights (the agent runs as SYSTEM). Numbers, not localised text.
 */
const CIM_SCRIPT =
  "$ErrorActionPreference = 'Stop'; " +
  "$rows = @(foreach ($v in Get-WmiObject -Namespace 'Root\\cimv2\\security\\MicrosoftVolumeEncryption' -Class Win32_EncryptableVolume) { " +
  "$c = $v.GetConversionStatus(); $p = $v.GetProtectionStatus(); " +
  "[pscustomobject]@{ volume = $v; " +
  "conversionStatus = [pscustomobject]@{ ConversionStatus = $c.ConversionStatus; EncryptionPercentage = $c.EncryptionPercentage; ReturnValue = $c.ReturnValue }; " +
  "protectionStatus = [pscustomobject]@{ ProtectionStatus = $p.ProtectionStatus; ReturnValue = $p.ReturnValue }; " +
  "systemDrive = $env:SystemDrive } }); " +
  "ConvertTo-Json -Depth 3 -Compress -InputObject $rows";

export const winBitLockerCimProbe: ProbeDefinition = {
  id: "win.bitlocker-cim",
  os: "windows",
  description:
    "BitLocker state of every volume from WMI (Win32_EncryptableVolume), as numbers: the same in every language.",
  spec: () => ({ kind: "exec", file: "powershell.exe", args: [...PS, CIM_SCRIPT], timeoutMs: 45_000 }),
};

/** English labels only (see parse-manage-bde.ts); needs administrator rights. */
export const winManageBdeProbe: ProbeDefinition = {
  id: "win.manage-bde",
  os: "windows",
  description: "BitLocker status of every volume as manage-bde prints it (read only when Windows is in English).",
  spec: () => ({ kind: "exec", file: "manage-bde.exe", args: ["-status"], timeoutMs: 45_000 }),
};

const BLV_SCRIPT = "Get-BitLockerVolume | Format-List";

export const winGetBitLockerVolumeProbe: ProbeDefinition = {
  id: "win.get-bitlockervolume",
  os: "windows",
  description:
    "BitLocker status of every volume from the BitLocker PowerShell module (property names in any language).",
  spec: () => ({ kind: "exec", file: "powershell.exe", args: [...PS, BLV_SCRIPT], timeoutMs: 45_000 }),
};

export const macFdesetupProbe: ProbeDefinition = {
  id: "mac.fdesetup",
  os: "macos",
  description:
    "Whether FileVault is on, off, encrypting or decrypting (not the hardware encryption every new Mac has).",
  spec: () => ({ kind: "exec", file: "/usr/bin/fdesetup", args: ["status"], timeoutMs: 20_000 }),
};

export const macApfsListProbe: ProbeDefinition = {
  id: "mac.apfs-list",
  os: "macos",
  description: "Every APFS volume with its role (System, Data) and whether FileVault protects it.",
  spec: () => ({ kind: "exec", file: "/usr/sbin/diskutil", args: ["apfs", "list", "-plist"], timeoutMs: 30_000 }),
};

/** A device-mapper name as lsblk prints it; anything else is never passed to cryptsetup. */
export function isSafeMappingName(name: string): boolean {
  return /^[A-Za-z0-9_][A-Za-z0-9._+:@-]{0,127}$/.test(name);
}

/** Needs root; exit 4 means "is inactive." (an answer, not a failure). */
export const linuxCryptsetupProbe: ProbeDefinition = {
  id: "linux.cryptsetup",
  os: "linux",
  description: "Whether one crypt mapping under the root filesystem is an active LUKS (or plain dm-crypt) device.",
  spec: (mapping) => {
    if (mapping === undefined || !isSafeMappingName(mapping)) {
      throw new Error(`refusing to run cryptsetup for mapping name ${JSON.stringify(mapping ?? null)}`);
    }
    return {
      kind: "exec",
      file: "/usr/sbin/cryptsetup",
      args: ["status", mapping],
      okExitCodes: [0, 4],
      timeoutMs: 15_000,
    };
  },
};
