// Connection wait under a surge of agents: each opens a new connection, as a laptop does every 15 minutes, timed from
// connect() to the TCP handshake and to the response's first byte, beside what the collector's /metrics says meanwhile.
import { Agent, request } from "node:http";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { percentile } from "./proc-stats.js";

/** One agent's report on a fresh connection: ms from connect() start to TCP established, to first byte, to the end. */
export interface ConnectionTiming {
  connectMs: number;
  firstByteMs: number;
  totalMs: number;
  status: number;
}

const CONNECTION_TIMEOUT_MS = 120_000;

/** POST on a new connection (no keep-alive agent), so every report pays for connect and accept like a waking laptop. */
export function postFresh(base: string, path: string, body: string): Promise<ConnectionTiming> {
  const url = new URL(base);
  const t0 = process.hrtime.bigint();
  const since = () => Number(process.hrtime.bigint() - t0) / 1e6;
  return new Promise((resolve) => {
    let connectMs = Number.NaN;
    let firstByteMs = Number.NaN;
    const req = request(
      {
        agent: false,
        host: url.hostname,
        port: url.port,
        method: "POST",
        path,
        timeout: CONNECTION_TIMEOUT_MS,
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body), connection: "close" },
      },
      (res) => {
        // Headers parsed: the response's first bytes have arrived.
        firstByteMs = since();
        res.resume();
        res.on("end", () => resolve({ connectMs, firstByteMs, totalMs: since(), status: res.statusCode ?? 0 }));
        res.on("error", () => resolve({ connectMs, firstByteMs, totalMs: since(), status: 0 }));
      },
    );
    req.on("socket", (socket) => socket.once("connect", () => (connectMs = since())));
    req.on("timeout", () => req.destroy(new Error("timed out")));
    req.on("error", () => resolve({ connectMs, firstByteMs, totalMs: since(), status: 0 }));
    req.end(body);
  });
}

/** Prometheus text format: `name{labels} value` lines into a map keyed by `name{labels}` as written. */
export function parsePrometheus(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split("\n")) {
    if (!line || line.startsWith("#")) continue;
    const at = line.lastIndexOf(" ");
    if (at > 0) out.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return out;
}

/** The request-duration histogram of one route, as cumulative bucket counts, sum and count. */
export interface RouteHistogram {
  buckets: { le: number; count: number }[];
  sum: number;
  count: number;
}

export function routeHistogram(m: Map<string, number>, method: string, route: string): RouteHistogram {
  const name = "ward_http_request_duration_seconds";
  const buckets: { le: number; count: number }[] = [];
  for (const [key, value] of m) {
    if (!key.startsWith(`${name}_bucket{`) || !key.includes(`method="${method}"`) || !key.includes(`route="${route}"`))
      continue;
    const le = /le="([^"]+)"/.exec(key)?.[1];
    if (le) buckets.push({ le: le === "+Inf" ? Number.POSITIVE_INFINITY : Number(le), count: value });
  }
  buckets.sort((a, b) => a.le - b.le);
  const labels = `{method="${method}",route="${route}"}`;
  return { buckets, sum: m.get(`${name}_sum${labels}`) ?? 0, count: m.get(`${name}_count${labels}`) ?? 0 };
}

/** The requests between two scrapes: bucket counts, sum and count subtracted. */
export function histogramDelta(after: RouteHistogram, before: RouteHistogram): RouteHistogram {
  return {
    buckets: after.buckets.map((b) => ({
      le: b.le,
      count: b.count - (before.buckets.find((x) => x.le === b.le)?.count ?? 0),
    })),
    sum: after.sum - before.sum,
    count: after.count - before.count,
  };
}

/** Quantile q (0..1) of a cumulative histogram, interpolated linearly inside its bucket as Prometheus's histogram_quantile does. */
export function histogramQuantile(h: RouteHistogram, q: number): number {
  if (h.count <= 0 || h.buckets.length === 0) return Number.NaN;
  const rank = q * h.count;
  let lowerLe = 0;
  let lowerCount = 0;
  for (const b of h.buckets) {
    if (b.count >= rank) {
      if (!Number.isFinite(b.le)) return lowerLe; // above the highest finite bucket: its bound is all that is known
      return lowerLe + ((b.le - lowerLe) * (rank - lowerCount)) / Math.max(1, b.count - lowerCount);
    }
    lowerLe = b.le;
    lowerCount = b.count;
  }
  return lowerLe;
}

/** What /metrics showed while the load ran: the gauges' highest values over every scrape. */
export interface GaugeWatch {
  scrapes: number;
  acceptQueueMax: number;
  loopDelayP99MaxMs: number;
  loopDelayMaxMs: number;
  /** The slowest scrape itself (on its already-open connection): /metrics waits for the same event loop. */
  slowestScrapeMs: number;
}

/** GET /metrics on one keep-alive connection opened before the load, so the scrape itself does not queue for accept. */
export function metricsScraper(base: string) {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const url = new URL(base);
  const scrape = (): Promise<Map<string, number>> =>
    new Promise((resolve, reject) => {
      const req = request(
        { agent, host: url.hostname, port: url.port, path: "/metrics", timeout: CONNECTION_TIMEOUT_MS },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => resolve(parsePrometheus(Buffer.concat(chunks).toString("utf8"))));
          res.on("error", reject);
        },
      );
      req.on("timeout", () => req.destroy(new Error("/metrics did not answer")));
      req.on("error", reject);
      req.end();
    });

  /** Scrapes every `everyMs` until the returned stop() is called; stop() resolves with what was seen. */
  const watch = (everyMs = 250) => {
    const seen: GaugeWatch = {
      scrapes: 0,
      acceptQueueMax: 0,
      loopDelayP99MaxMs: 0,
      loopDelayMaxMs: 0,
      slowestScrapeMs: 0,
    };
    let stopped = false;
    const loop = (async () => {
      while (!stopped) {
        const t = performance.now();
        const m = await scrape().catch(() => null);
        if (m) {
          seen.scrapes++;
          seen.slowestScrapeMs = Math.max(seen.slowestScrapeMs, performance.now() - t);
          seen.acceptQueueMax = Math.max(seen.acceptQueueMax, m.get("ward_http_accept_queue_connections") ?? 0);
          seen.loopDelayP99MaxMs = Math.max(
            seen.loopDelayP99MaxMs,
            1000 * (m.get('ward_event_loop_delay_seconds{quantile="0.99"}') ?? 0),
          );
          seen.loopDelayMaxMs = Math.max(
            seen.loopDelayMaxMs,
            1000 * (m.get('ward_event_loop_delay_seconds{quantile="max"}') ?? 0),
          );
        }
        if (!stopped) await new Promise((r) => setTimeout(r, everyMs));
      }
    })();
    return async (): Promise<GaugeWatch> => {
      stopped = true;
      await loop;
      return seen;
    };
  };
  return { scrape, watch, close: () => agent.destroy() };
}

export interface SurgeResult {
  agents: number;
  rounds: number;
  connections: number;
  failed: number;
  non200: number;
  connect: { p50: number; p99: number };
  /** connect() start to the response's first byte: what a laptop waits for its answer. */
  firstByte: { p50: number; p99: number; mean: number };
  /** The same requests as the collector's own request-duration histogram saw them, in ms. */
  server: { p50: number; p99: number; mean: number; count: number };
  gauges: GaugeWatch;
  /** The bench process's own event-loop delay p99 (its timers run late too when it is starved), ms. */
  clientLoopDelayP99Ms: number;
  seconds: number;
}

/**
 * `rounds` times: every agent connects at once and posts its next report (`bodies[agent][round]`), as laptops waking
 * together do; the next round starts when all have answered. /metrics is read before, during and after.
 */
export async function surge(base: string, bodies: string[][], rounds: number): Promise<SurgeResult> {
  const metrics = metricsScraper(base);
  const clientLoop = monitorEventLoopDelay({ resolution: 20 });
  try {
    const before = routeHistogram(await metrics.scrape(), "POST", "/v1/reports");
    const stopWatch = metrics.watch();
    clientLoop.enable();
    const t0 = performance.now();
    const timings: ConnectionTiming[] = [];
    for (let r = 0; r < rounds; r++) {
      timings.push(...(await Promise.all(bodies.map((b) => postFresh(base, "/v1/reports", b[r]!)))));
    }
    const seconds = (performance.now() - t0) / 1000;
    clientLoop.disable();
    const gauges = await stopWatch();
    const server = histogramDelta(routeHistogram(await metrics.scrape(), "POST", "/v1/reports"), before);
    const ok = timings.filter((t) => t.status !== 0);
    const connect = ok.map((t) => t.connectMs).filter(Number.isFinite);
    const firstByte = ok.map((t) => t.firstByteMs).filter(Number.isFinite);
    return {
      agents: bodies.length,
      rounds,
      connections: timings.length,
      failed: timings.length - ok.length,
      non200: ok.filter((t) => t.status !== 200).length,
      connect: { p50: percentile(connect, 50), p99: percentile(connect, 99) },
      firstByte: {
        p50: percentile(firstByte, 50),
        p99: percentile(firstByte, 99),
        mean: firstByte.reduce((a, b) => a + b, 0) / Math.max(1, firstByte.length),
      },
      server: {
        p50: 1000 * histogramQuantile(server, 0.5),
        p99: 1000 * histogramQuantile(server, 0.99),
        mean: server.count > 0 ? (1000 * server.sum) / server.count : Number.NaN,
        count: server.count,
      },
      gauges,
      clientLoopDelayP99Ms: clientLoop.percentile(99) / 1e6,
      seconds,
    };
  } finally {
    clientLoop.disable();
    metrics.close();
  }
}
