// Every probe of a set of checks, by id: two controls may share one probe object, two different probes may not share an id.
import type { AnyCheck } from "./check.js";
import type { ProbeDefinition } from "./probe.js";

/** All probes by id. Two controls may share one probe object (linux.lsblk); two different probes may not share an id. */
export function probesById(checks: readonly AnyCheck[]): Map<string, ProbeDefinition> {
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
