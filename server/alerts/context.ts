// What alerting needs of the collector: its database, clock and logger (the CLI builds this without a key or HTTP).
import type { ServiceContext } from "../services/context.js";

export type AlertsContext = Pick<ServiceContext, "db" | "clock" | "logger">;
