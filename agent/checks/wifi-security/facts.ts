// The facts the wifi-security check reports, typed from the shared schema (shared/controls/wifi-security.ts).
import type { z } from "zod";
import type { WifiConnection as ConnectionSchema, WifiFacts } from "../../../shared/controls/wifi-security.js";

export type { WifiFacts };
export type WifiConnection = z.infer<typeof ConnectionSchema>;
