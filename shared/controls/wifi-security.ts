// Unsecured Wi-Fi: the security type of the network the laptop joins (never its name); open or WEP is a breach at once.
import { z } from "zod";
import { OsPlatform } from "../schemas/control.js";
import { describeControl } from "./control-description.js";

export const WifiSecurityType = z.enum(["open", "wep", "wpa", "wpa2", "wpa3", "owe", "unknown"]);

export const WifiConnection = z.object({
  /** true: joined to a network now; false: proven not joined; null: Ward could not tell. */
  connected: z.boolean().nullable(),
  security: WifiSecurityType.nullable(),
  /** The OS's authentication label ("WPA2-Personal", "Open"): a protocol name, never the network's name. */
  authentication: z.string().max(40).nullable(),
});

/** An open or WEP network seen and not yet delivered in a report; `mechanisms` holds the security types seen. */
export const WifiSighting = z.object({ firstSeen: z.string(), lastSeen: z.string(), mechanisms: z.array(z.string()) });

export const WifiFacts = z.object({
  os: OsPlatform,
  /** "absent" only with proof (the kernel marks no interface as Wi-Fi). */
  wifiHardware: z.enum(["present", "absent", "unknown"]),
  detail: z.string(),
  connections: z.array(WifiConnection).max(16),
  sighting: WifiSighting.nullable(),
});
export type WifiFacts = z.infer<typeof WifiFacts>;

export const wifiSecurity = describeControl({
  id: "wifi-security",
  title: "Unsecured Wi-Fi",
  shortTitle: "Wi-Fi",
  plainName: "unsecured Wi-Fi",
  facts: WifiFacts,
  states: {
    fail: {
      why: "On an open or WEP network anyone nearby can watch or tamper with what the laptop sends.",
      remediation: [
        "Ask the laptop's user to disconnect from that network, forget it, and use a password-protected (WPA2 or WPA3) network or their phone's secured hotspot instead.",
      ],
    },
    unknown: {
      why: "Until Ward can read how the laptop's Wi-Fi is secured, nobody can show it avoids unsecured networks.",
      remediation: ["Ask your IT provider to check which Wi-Fi networks this laptop joins."],
    },
  },
  alerts: {
    timing: "event",
    kinds: [{ kind: "sighting", headline: "The laptop used an unsecured Wi-Fi network" }],
    /** Each unsecured-network sighting, by the time it was first seen. */
    eventKeys: (facts) => (facts.sighting ? [`wifi-security:${String(facts.sighting.firstSeen)}`] : []),
  },
});
