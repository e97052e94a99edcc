// Every control Ward checks, in report order, and every probe they may run.
import { diskEncryptionCheck } from "./disk-encryption/index.js";
import { probesById } from "./framework/all-probes.js";
import type { AnyCheck } from "./framework/check.js";
import type { ProbeDefinition } from "./framework/probe.js";
import { hotspotCheck } from "./hotspot/index.js";
import { osPatchCheck } from "./os-patch/index.js";
import { screenLockCheck } from "./screen-lock/index.js";
import { usbStorageCheck } from "./usb-storage/index.js";
import { malwareProtectionCheck } from "./malware-protection/index.js";
import { firewallCheck } from "./firewall/index.js";
import { wifiSecurityCheck } from "./wifi-security/index.js";

export type { AnyCheck } from "./framework/check.js";

export const CHECKS: readonly AnyCheck[] = [
  diskEncryptionCheck,
  screenLockCheck,
  usbStorageCheck,
  hotspotCheck,
  osPatchCheck,
  malwareProtectionCheck,
  firewallCheck,
  wifiSecurityCheck,
];

/** All probes by id (see framework/all-probes.ts); every registered check's by default. */
export function allProbes(checks: readonly AnyCheck[] = CHECKS): Map<string, ProbeDefinition> {
  return probesById(checks);
}
