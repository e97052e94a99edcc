// Prometheus metrics on a Registry of this server instance's own (tests run several servers in one process).
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

export interface Metrics {
  registry: Registry;
  httpRequests: Counter<"method" | "route" | "status">;
  httpDuration: Histogram<"method" | "route">;
  httpInflight: Gauge;
  ingestEnvelopes: Counter<"outcome">;
  ingestRefused: Counter<"code">;
  /** Envelopes verified and waiting for their transaction: the ingest queue. */
  ingestInflight: Gauge;
  /** Integrity events (gap, fork, …) nobody acknowledged yet: the dashboard's work queue. */
  integrityOpen: Gauge;
}

export function createMetrics(countOpenEvents: () => Promise<number>, withProcessMetrics = false): Metrics {
  const registry = new Registry();
  if (withProcessMetrics) collectDefaultMetrics({ register: registry, prefix: "ward_" });
  return {
    registry,
    httpRequests: new Counter({
      name: "ward_http_requests_total",
      help: "HTTP requests answered, by method, route and status.",
      labelNames: ["method", "route", "status"],
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: "ward_http_request_duration_seconds",
      help: "Time to answer HTTP requests.",
      labelNames: ["method", "route"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    httpInflight: new Gauge({ name: "ward_http_inflight_requests", help: "HTTP requests being answered.", registers: [registry] }),
    ingestEnvelopes: new Counter({
      name: "ward_ingest_envelopes_total",
      help: "Envelopes ingested, by outcome (accepted, duplicate, rejected).",
      labelNames: ["outcome"],
      registers: [registry],
    }),
    ingestRefused: new Counter({
      name: "ward_ingest_batches_refused_total",
      help: "Report batches refused whole (4xx), by error code.",
      labelNames: ["code"],
      registers: [registry],
    }),
    ingestInflight: new Gauge({
      name: "ward_ingest_queue_envelopes",
      help: "Envelopes verified and waiting to be stored.",
      registers: [registry],
    }),
    integrityOpen: new Gauge({
      name: "ward_integrity_events_open",
      help: "Integrity events (gap, fork, spool-drop, re-enrol, heartbeat-mismatch) not yet acknowledged.",
      registers: [registry],
      async collect() {
        try {
          this.set(await countOpenEvents());
        } catch {
          // The database is unreachable: keep the last value; /healthz reports the outage.
        }
      },
    }),
  };
}
