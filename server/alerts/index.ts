// PLACEHOLDER until the alerts issue lands: the collector's alerting service (rules, outbox, sender).
import type { ServiceContext } from "../services/context.js";

export interface Alerts {
  /** Starts the sender and the time-based rules (silence, grace periods, weekly digest). */
  start(): void;
  /** Idempotent and bounded. */
  stop(): Promise<void>;
}

export function createAlerts(_ctx: ServiceContext): Alerts {
  return { start() {}, stop: async () => {} };
}
