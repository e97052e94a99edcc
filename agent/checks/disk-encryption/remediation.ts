// Plain-English steps to encrypt (or finish encrypting) the system disk, per OS and state, for a clerk or IT provider.
import type { OsPlatform } from "../../../shared/schemas/control.js";
import type { EncryptionState } from "./facts.js";

const WINDOWS_TURN_ON = [
  "Make sure you can sign in to your Microsoft or work account: Windows saves the BitLocker recovery key there. Ask your IT provider to keep a copy too.",
  "Windows 11: open Settings > Privacy & security > Device encryption and turn it on (Windows 10: Settings > Update & Security > Device encryption).",
  "If there is no Device encryption page (Windows Pro), open Control Panel > System and Security > BitLocker Drive Encryption and choose 'Turn on BitLocker' for the C: drive.",
  "Keep the laptop plugged in until encryption finishes; you can carry on working meanwhile.",
  "If neither option is there, your edition or hardware cannot encrypt: ask your IT provider.",
];

const WINDOWS_RESUME = [
  "Open Control Panel > BitLocker Drive Encryption and choose 'Resume protection' for the C: drive (on Windows Home: Settings > Privacy & security > Device encryption, turn it on).",
  "If you are not an administrator, ask your IT provider to resume protection (command: manage-bde -protectors -enable C:) and to check that the recovery key is backed up.",
];

const MAC_TURN_ON = [
  "Open System Settings > Privacy & Security > FileVault and click 'Turn On'. (macOS 12 and earlier: System Preferences > Security & Privacy > FileVault.)",
  "Choose to keep the recovery key with your iCloud account or write it down, and give a copy to your IT provider.",
  "Keep the Mac plugged in until FileVault finishes encrypting; you can carry on working meanwhile.",
];

const LINUX_REINSTALL = [
  "Linux can only encrypt the system disk when it is installed: this laptop needs reinstalling with full-disk encryption (LUKS) switched on in the installer.",
  "Ask your IT provider to back up your files, reinstall with encryption, and keep a copy of the recovery passphrase.",
];

export function remediationFor(os: OsPlatform, state: EncryptionState): string[] {
  if (state === "encrypted") return [];
  if (state === "encrypting") {
    return [
      "Keep the computer switched on and plugged in until encryption finishes; Ward will check again automatically.",
    ];
  }
  if (state === "unknown") {
    return [
      "Ask your IT provider to check whether this computer's disk is encrypted; Ward could not tell (the reason is in the report).",
    ];
  }
  switch (os) {
    case "windows":
      if (state === "suspended") return WINDOWS_RESUME;
      if (state === "decrypting")
        return [
          "Someone is turning BitLocker off on this computer. If that was not agreed with your IT provider, tell them now.",
          ...WINDOWS_TURN_ON,
        ];
      return WINDOWS_TURN_ON;
    case "macos":
      if (state === "decrypting")
        return [
          "Someone is turning FileVault off on this Mac. If that was not agreed with your IT provider, tell them now.",
          ...MAC_TURN_ON,
        ];
      return MAC_TURN_ON;
    case "linux":
      return LINUX_REINSTALL;
  }
}
