// The hotspot sighting kept in check memory: recorded when seen active, cleared once a report carrying it is delivered.
import { z } from "zod";
import type { JsonObject } from "../../../shared/schemas/json-value.js";
import type { Sighting } from "./facts.js";

const SightingSchema = z.object({
  firstSeen: z.iso.datetime({ offset: true }),
  lastSeen: z.iso.datetime({ offset: true }),
  mechanisms: z.array(z.string().max(100)).max(20),
});
const MemorySchema = z.object({ sighting: SightingSchema.nullable().optional() });

/** The sighting stored in memory, or null (memory from an older or damaged state file is ignored, never trusted). */
export function readSighting(memory: JsonObject): Sighting | null {
  const parsed = MemorySchema.safeParse(memory);
  return parsed.success ? (parsed.data.sighting ?? null) : null;
}

/** Memory after this cycle: a hotspot active now starts or extends the sighting; otherwise the old one is kept. */
export function recordSighting(memory: JsonObject, activeMechanisms: readonly string[], now: Date): JsonObject {
  const previous = readSighting(memory);
  if (activeMechanisms.length === 0) return { ...memory, sighting: previous };
  const at = now.toISOString();
  const mechanisms = [...new Set([...(previous?.mechanisms ?? []), ...activeMechanisms])].slice(0, 20);
  return { ...memory, sighting: { firstSeen: previous?.firstSeen ?? at, lastSeen: at, mechanisms } };
}

/**
 * Pure: the memory once a report built at `reportedUpTo` has been delivered. A sighting last seen at or before that
 * time has been reported and is dropped; one seen again after it is kept whole for the next report.
 */
export function markReportedUpTo(memory: JsonObject, reportedUpTo: Date): JsonObject {
  const sighting = readSighting(memory);
  if (sighting === null) return { ...memory, sighting: null };
  return { ...memory, sighting: Date.parse(sighting.lastSeen) <= reportedUpTo.getTime() ? null : sighting };
}
