// Prometheus metrics on a Registry of this server instance's own (tests run several servers in one process).
import { readFileSync } from "node:fs";
import { monitorEventLoopDelay } from "node:perf_hooks";
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
  /** Stops the event-loop delay sampler (at shutdown). */
  stop(): void;
}

/** What the gauges read from the running server (set once it listens). */
export interface MetricProbes {
  databaseOk?: () => boolean;
  listenPort?: () => number | null;
}

export function createMetrics(
  countOpenEvents: () => Promise<number>,
  withProcessMetrics = false,
  probes: MetricProbes = {},
): Metrics {
  const registry = new Registry();
  if (withProcessMetrics) collectDefaultMetrics({ register: registry, prefix: "ward_" });
  // A saturated event loop delays everything, including accepting connections, before any request timer starts:
  // the request-duration histogram cannot show it, these two can.
  const loopDelay = monitorEventLoopDelay({ resolution: 20 });
  loopDelay.enable();
  new Gauge({
    name: "ward_event_loop_delay_seconds",
    help: "Event-loop delay since the last scrape (p50, p99, max): how long any work, even accepting a connection, waited.",
    labelNames: ["quantile"],
    registers: [registry],
    collect() {
      const ns = (v: number) => (Number.isFinite(v) ? v / 1e9 : 0);
      this.set({ quantile: "0.5" }, ns(loopDelay.percentile(50)));
      this.set({ quantile: "0.99" }, ns(loopDelay.percentile(99)));
      this.set({ quantile: "max" }, ns(loopDelay.max));
      loopDelay.reset();
    },
  });
  new Gauge({
    name: "ward_http_accept_queue_connections",
    help: "Connections the kernel holds for the collector that it has not accepted yet (Linux; -1 where unknown).",
    registers: [registry],
    collect() {
      const port = probes.listenPort?.() ?? null;
      this.set(port === null ? -1 : (acceptQueue(port) ?? -1));
    },
  });
  new Gauge({
    name: "ward_database_ok",
    help: "1 when the database's last integrity check passed; 0 when it is damaged and writes are refused.",
    registers: [registry],
    collect() {
      this.set(probes.databaseOk?.() === false ? 0 : 1);
    },
  });
  return {
    stop: () => loopDelay.disable(),
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
    httpInflight: new Gauge({
      name: "ward_http_inflight_requests",
      help: "HTTP requests being answered.",
      registers: [registry],
    }),
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

/**
 * The accept queue of a listening TCP port, from /proc/net/tcp and tcp6: on a LISTEN line (state 0A) the rx_queue
 * field is the number of connections waiting for accept(). null when not on Linux or not found.
 */
export function acceptQueue(port: number): number | null {
  const hexPort = port.toString(16).toUpperCase().padStart(4, "0");
  let total: number | null = null;
  for (const file of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch {
      continue;
    }
    for (const line of text.split("\n").slice(1)) {
      // sl local_address rem_address st tx_queue:rx_queue ...
      const f = line.trim().split(/\s+/);
      if (f.length < 5 || f[3] !== "0A" || !f[1]!.endsWith(`:${hexPort}`)) continue;
      total = (total ?? 0) + Number.parseInt(f[4]!.split(":")[1] ?? "0", 16);
    }
  }
  return total;
}
