// The facts the hotspot check reports: each sharing mechanism's live state, Wi-Fi hardware evidence, and sightings.
import type { OsPlatform } from "../../../shared/schemas/control.js";

/**
 * One way this OS can share its connection, as Ward saw it this cycle.
 * - active: sharing right now (a breach on its own when the policy forbids hotspots)
 * - inactive: Ward read it and it is not sharing
 * - not_present: the mechanism does not exist here (NetworkManager not installed, driver without hosted network)
 * - tool_missing: the tool Ward reads it with is not installed, so Ward cannot tell
 * - unknown: the probe failed or printed something Ward does not read
 */
export type MechanismState = "active" | "inactive" | "not_present" | "tool_missing" | "unknown";

export type MechanismFact = {
  /** e.g. "windows-mobile-hotspot", "windows-hosted-network", "networkmanager", "iw", "macos-internet-sharing". */
  id: string;
  state: MechanismState;
  /** Plain words for the IT provider: what the probe said, or why Ward could not tell. */
  detail: string;
};

/** Whether this computer has Wi-Fi at all: "absent" only with proof (see collect-linux). */
export type WifiHardware = "present" | "absent" | "unknown";

/** A hotspot seen active and not yet delivered in a report (kept in the check's memory). */
export type Sighting = {
  firstSeen: string;
  lastSeen: string;
  /** Mechanism ids seen active during this sighting. */
  mechanisms: string[];
};

export type HotspotFacts = {
  os: OsPlatform;
  mechanisms: MechanismFact[];
  wifiHardware: WifiHardware;
  wifiHardwareDetail: string;
  /** Hotspot set-ups that exist but are not running (not a failure; said so the IT provider knows). */
  configuredButInactive: string[];
  /** Present when a hotspot was seen active now or since the last delivered report. */
  sighting: Sighting | null;
};

/** What each OS's collect returns; collect in index.ts adds the OS and the sighting. */
export type CollectedHotspot = Omit<HotspotFacts, "os" | "sighting">;
