// Wi-Fi hotspot: is this device sharing its connection as a hotspot now, or has it since the last report?
import { z } from "zod";
import { OsPlatform } from "../schemas/control.js";
import { describeControl } from "./control-description.js";

/**
 * One way this OS can share its connection, as Ward saw it this cycle.
 * - active: sharing right now (a breach on its own when the policy forbids hotspots)
 * - inactive: Ward read it and it is not sharing
 * - not_present: the mechanism does not exist here (NetworkManager not installed, driver without hosted network)
 * - tool_missing: the tool Ward reads it with is not installed, so Ward cannot tell
 * - unknown: the probe failed or printed something Ward does not read
 */
export const HotspotMechanismState = z.enum(["active", "inactive", "not_present", "tool_missing", "unknown"]);

export const HotspotMechanism = z.object({
  /** e.g. "windows-mobile-hotspot", "windows-hosted-network", "networkmanager", "iw", "macos-internet-sharing". */
  id: z.string(),
  state: HotspotMechanismState,
  /** Plain words for the IT provider: what the probe said, or why Ward could not tell. */
  detail: z.string(),
});

/** Whether this computer has Wi-Fi at all: "absent" only with proof. */
export const WifiHardware = z.enum(["present", "absent", "unknown"]);

/** A hotspot seen active and not yet delivered in a report (kept in the check's memory). */
export const HotspotSighting = z.object({
  firstSeen: z.string(),
  lastSeen: z.string(),
  /** Mechanism ids seen active during this sighting. */
  mechanisms: z.array(z.string()),
});

export const HotspotFacts = z.object({
  os: OsPlatform,
  mechanisms: z.array(HotspotMechanism),
  wifiHardware: WifiHardware,
  wifiHardwareDetail: z.string(),
  /** Hotspot set-ups that exist but are not running (not a failure; said so the IT provider knows). */
  configuredButInactive: z.array(z.string()),
  /** Present when a hotspot was seen active now or since the last delivered report. */
  sighting: HotspotSighting.nullable(),
});
export type HotspotFacts = z.infer<typeof HotspotFacts>;

export const hotspot = describeControl({
  id: "hotspot",
  title: "Wi-Fi hotspot",
  shortTitle: "Hotspot",
  plainName: "Wi-Fi hotspot",
  facts: HotspotFacts,
  askOnFail: "user",
  states: {
    fail: {
      why: "Other people nearby could connect through this laptop to the internet, or to the laptop itself.",
      remediation: [
        "Ask the laptop's user to turn off the hotspot (Windows: Settings > Network & internet > Mobile hotspot; Mac: System Settings > General > Sharing > Internet Sharing) and to use the council's Wi-Fi instead.",
      ],
    },
    unknown: {
      why: "Until Ward can read the laptop's sharing settings, nobody can show that it is not running a hotspot.",
      remediation: [
        "Ask your IT provider to look at this laptop's Ward report and check its hotspot settings by hand.",
      ],
    },
  },
  alerts: {
    timing: "event",
    kinds: [{ kind: "sighting", headline: "A Wi-Fi hotspot was turned on" }],
    /** Each hotspot sighting, by the time it was first seen. */
    eventKeys: (facts) => (facts.sighting ? [`hotspot:${String(facts.sighting.firstSeen)}`] : []),
  },
});
