// Firewall: Windows Firewall on for every profile (or a registered third-party one), the macOS firewall, a Linux firewall.
import { z } from "zod";
import { OsPlatform } from "../schemas/control.js";
import { describeControl } from "./control-description.js";

/**
 * on / off: read and decided. not_installed: the tool is absent (a fact, not a failure to read).
 * unknown: Ward could not read it or cannot judge what it read.
 */
export const FirewallLayerState = z.enum(["on", "off", "not_installed", "unknown"]);

export const FirewallLayer = z.object({
  /** "windows-domain", "windows-private", "windows-public", "security-center:<name>", "macos-alf", "ufw", "firewalld", "nftables", "iptables". */
  id: z.string().max(240),
  label: z.string().max(200),
  state: FirewallLayerState,
  detail: z.string(),
});

export const FirewallFacts = z.object({ os: OsPlatform, layers: z.array(FirewallLayer).max(40) });
export type FirewallFacts = z.infer<typeof FirewallFacts>;

export const firewall = describeControl({
  id: "firewall",
  title: "Firewall",
  shortTitle: "Firewall",
  plainName: "firewall",
  facts: FirewallFacts,
  states: {
    fail: {
      why: "Other computers on the same network (a café, a hotel, a home router) could reach this laptop directly.",
      remediation: [
        "Ask the laptop's user to open Windows Security > Firewall & network protection and turn the firewall on for every network, or ask your IT provider to do it.",
      ],
    },
    unknown: {
      why: "Until Ward can read the firewall's state, nobody can show that this laptop is protected on other networks.",
      remediation: ["Ask your IT provider to check this laptop's firewall by hand."],
    },
  },
  alerts: {
    timing: "after-confirmations",
    kinds: [{ kind: "off", headline: "The firewall is off" }],
  },
});
