// The firewall control: Windows Firewall on every profile (or a registered third-party one), macOS firewall, Linux firewall.
import { firewall as firewallDescription } from "../../../shared/controls/firewall.js";
import { defineCheck } from "../framework/check.js";
import { collectFirewall } from "./collect.js";
import { evaluateFirewall } from "./evaluate.js";
import type { FirewallFacts } from "./facts.js";
import { FIREWALL_PROBES } from "./probes.js";

export const firewallCheck = defineCheck<FirewallFacts>({
  control: "firewall",
  title: firewallDescription.title,
  probes: FIREWALL_PROBES,
  collect: collectFirewall,
  evaluate: evaluateFirewall,
});
