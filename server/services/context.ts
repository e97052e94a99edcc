// What every service receives: database, clock, logger, the collector's key, config, metrics and the ingest's hooks.
import type { Logger } from "../../shared/logger.js";
import type { Clock } from "../clock.js";
import type { ServerConfig } from "../config/config.js";
import type { Db } from "../db/connect.js";
import type { Metrics } from "../http/metrics.js";
import type { CollectorKey } from "./collector-key.js";
import type { ReportHooks } from "./report-hooks.js";
import type { VerifyPool } from "./verify-pool.js";

export interface ServiceContext {
  db: Db;
  clock: Clock;
  logger: Logger;
  key: CollectorKey;
  config: Readonly<ServerConfig>;
  metrics: Metrics;
  /** Features attached to the ingest (alerts); filled by createServer. */
  hooks: ReportHooks;
  /** Envelope signatures verified on worker threads (createServer starts them); absent: verified inline. */
  verifyPool?: VerifyPool;
}
