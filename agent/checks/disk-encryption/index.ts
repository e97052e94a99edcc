// The disk-encryption control: is the system volume encrypted and protected (BitLocker, FileVault, LUKS)?
import { diskEncryption as diskEncryptionDescription } from "../../../shared/controls/disk-encryption.js";
import { lsblkProbe } from "../common/lsblk/probe.js";
import { defineCheck } from "../framework/check.js";
import { perOs } from "../framework/per-os.js";
import { collectLinux } from "./collect-linux.js";
import { collectMacos } from "./collect-macos.js";
import { collectWindows } from "./collect-windows.js";
import { evaluate } from "./evaluate.js";
import type { DiskEncryptionFacts } from "./facts.js";
import {
  linuxCryptsetupProbe,
  macApfsListProbe,
  macFdesetupProbe,
  winBitLockerCimProbe,
  winGetBitLockerVolumeProbe,
  winManageBdeProbe,
} from "./probes.js";

export const diskEncryptionCheck = defineCheck<DiskEncryptionFacts>({
  control: "disk-encryption",
  title: diskEncryptionDescription.title,
  probes: [
    winBitLockerCimProbe,
    winManageBdeProbe,
    winGetBitLockerVolumeProbe,
    macFdesetupProbe,
    macApfsListProbe,
    lsblkProbe,
    linuxCryptsetupProbe,
  ],
  collect: perOs({ windows: collectWindows, macos: collectMacos, linux: collectLinux }),
  evaluate,
});
