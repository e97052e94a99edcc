// The facts the hotspot check reports, typed from the shared schema (shared/controls/hotspot.ts).
import type { z } from "zod";
import type {
  HotspotFacts,
  HotspotMechanism,
  HotspotMechanismState,
  HotspotSighting,
  WifiHardware as WifiHardwareSchema,
} from "../../../shared/controls/hotspot.js";

export type { HotspotFacts };
export type MechanismState = z.infer<typeof HotspotMechanismState>;
export type MechanismFact = z.infer<typeof HotspotMechanism>;
export type WifiHardware = z.infer<typeof WifiHardwareSchema>;
export type Sighting = z.infer<typeof HotspotSighting>;

/** What each OS's collect returns; collect in index.ts adds the OS and the sighting. */
export type CollectedHotspot = Omit<HotspotFacts, "os" | "sighting">;
