// The facts the firewall check reports, typed from the shared schema (shared/controls/firewall.ts).
import type { z } from "zod";
import type {
  FirewallFacts,
  FirewallLayer as LayerSchema,
  FirewallLayerState,
} from "../../../shared/controls/firewall.js";

export type { FirewallFacts };
export type FirewallLayer = z.infer<typeof LayerSchema>;
export type LayerState = z.infer<typeof FirewallLayerState>;
