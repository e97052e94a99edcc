// What alerting needs of the collector: its database, clock, logger and config (the CLI builds it without a key or
// HTTP). The config's publicUrl is where alert links start when a council has set none of its own.
import type { ServiceContext } from "../services/context.js";

export type AlertsContext = Pick<ServiceContext, "db" | "clock" | "logger"> & {
  config: Pick<ServiceContext["config"], "publicUrl">;
};
