// Every control Ward checks, in report order, and every probe they may run.
import { diskEncryptionCheck } from "./disk-encryption/index.js";
import type { JsonObject } from "../../shared/schemas/json-value.js";
import type { CheckDefinition } from "./framework/check.js";
import type { ProbeDefinition } from "./framework/probe.js";
import { hotspotCheck } from "./hotspot/index.js";
import { osPatchCheck } from "./os-patch/index.js";
import { screenLockCheck } from "./screen-lock/index.js";
import { usbStorageCheck } from "./usb-storage/index.js";
import { malwareProtectionCheck } from "./malware-protection/index.js";
import { firewallCheck } from "./firewall/index.js";
import { wifiSecurityCheck } from "./wifi-security/index.js";

export type AnyCheck = CheckDefinition<JsonObject>;

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

/** All probes by id. Two controls may share one probe object (linux.lsblk); two different probes may not share an id. */
export function allProbes(checks: readonly AnyCheck[] = CHECKS): Map<string, ProbeDefinition> {
  const byId = new Map<string, ProbeDefinition>();
  for (const check of checks) {
    for (const probe of check.probes) {
      const seen = byId.get(probe.id);
      if (seen && seen !== probe) throw new Error(`probe id ${probe.id} is defined twice`);
      byId.set(probe.id, probe);
    }
  }
  return byId;
}
