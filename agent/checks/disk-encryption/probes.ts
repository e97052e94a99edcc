// The disk-encryption probes on every OS: BitLocker (CIM, manage-bde, Get-BitLockerVolume), FileVault, LUKS.
import type { ProbeDefinition } from "../framework/probe.js";

const PS = ["-NoProfile", "-NonInteractive", "-Command"] as const;

/**
 * Every Win32_EncryptableVolume with live protection and conversion status from its methods (GetProtectionStatus is
 * not the cached property, which can stay 1 after decryption: osquery PR #8931). Needs administrator rights (the
 * agent runs as SYSTEM). Numbers, not localised text; see parse-bitlocker-cim.ts for the meaning of each.
 */
const CIM_SCRIPT =
  "$ErrorActionPreference = 'Stop'; " +
  "$sd = $env:SystemDrive; " +
  "Get-CimInstance -Namespace 'root\\cimv2\\security\\microsoftvolumeencryption' -ClassName Win32_EncryptableVolume | " +
  "ForEach-Object { " +
  "$p = Invoke-CimMethod -InputObject $_ -MethodName GetProtectionStatus; " +
  "$c = Invoke-CimMethod -InputObject $_ -MethodName GetConversionStatus; " +
  "[pscustomobject]@{ DriveLetter = $_.DriveLetter; VolumeType = $_.VolumeType; " +
  "ProtectionStatus = $p.ProtectionStatus; ProtectionReturn = $p.ReturnValue; " +
  "ConversionStatus = $c.ConversionStatus; EncryptionPercentage = $c.EncryptionPercentage; " +
  "ConversionReturn = $c.ReturnValue; SystemDrive = $sd } } | ConvertTo-Json -Compress";

export const winBitLockerCimProbe: ProbeDefinition = {
  id: "win.bitlocker-cim",
  os: "windows",
  command: `powershell -NoProfile -NonInteractive -Command "${CIM_SCRIPT}"`,
  description: "BitLocker state of every volume from WMI (Win32_EncryptableVolume), as numbers: the same in every language.",
  spec: () => ({ kind: "exec", file: "powershell.exe", args: [...PS, CIM_SCRIPT], timeoutMs: 45_000 }),
};

/** English labels only (see parse-manage-bde.ts); needs administrator rights. */
export const winManageBdeProbe: ProbeDefinition = {
  id: "win.manage-bde",
  os: "windows",
  command: "manage-bde -status",
  description: "BitLocker status of every volume as manage-bde prints it (read only when Windows is in English).",
  spec: () => ({ kind: "exec", file: "manage-bde.exe", args: ["-status"], timeoutMs: 45_000 }),
};

const BLV_SCRIPT = "Get-BitLockerVolume | Format-List";

export const winGetBitLockerVolumeProbe: ProbeDefinition = {
  id: "win.get-bitlockervolume",
  os: "windows",
  command: `powershell -NoProfile -NonInteractive -Command "${BLV_SCRIPT}"`,
  description: "BitLocker status of every volume from the BitLocker PowerShell module (property names in any language).",
  spec: () => ({ kind: "exec", file: "powershell.exe", args: [...PS, BLV_SCRIPT], timeoutMs: 45_000 }),
};

export const macFdesetupProbe: ProbeDefinition = {
  id: "mac.fdesetup",
  os: "macos",
  command: "fdesetup status",
  description: "Whether FileVault is on, off, encrypting or decrypting (not the hardware encryption every new Mac has).",
  spec: () => ({ kind: "exec", file: "/usr/bin/fdesetup", args: ["status"], timeoutMs: 20_000 }),
};

export const macApfsListProbe: ProbeDefinition = {
  id: "mac.apfs-list",
  os: "macos",
  command: "diskutil apfs list -plist",
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
  command: "cryptsetup status <mapping>",
  description: "Whether one crypt mapping under the root filesystem is an active LUKS (or plain dm-crypt) device.",
  spec: (mapping) => {
    if (mapping === undefined || !isSafeMappingName(mapping)) {
      throw new Error(`refusing to run cryptsetup for mapping name ${JSON.stringify(mapping ?? null)}`);
    }
    return { kind: "exec", file: "/usr/sbin/cryptsetup", args: ["status", mapping], okExitCodes: [0, 4], timeoutMs: 15_000 };
  },
};
