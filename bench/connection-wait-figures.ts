// The connection-wait figures of the ingest section: what a waking laptop waits beside what /metrics shows.
import type { SurgeResult } from "./connection-wait.js";
import { type Figure, figure, fmt } from "./figures.js";

/** The surge: what a waking laptop waits (client side) beside what the collector's own /metrics shows for it. */
export function connectionWaitFigures(section: string, s: SurgeResult): Figure[] {
  const n = `under ${s.agents} agents`;
  const ms = (v: number) => (Number.isFinite(v) ? v : null);
  const server = { label: "server's own request duration", unit: "ms" };
  return [
    figure({
      section,
      name: `connection wait p50 ${n}`,
      value: ms(s.firstByte.p50),
      unit: "ms",
      baseline: { ...server, value: s.server.p50 },
      note: `connect() start to the response's first byte, each agent on a new connection, all ${s.agents} at once, ${s.rounds} rounds: ${s.connections} connections in ${s.seconds.toFixed(1)} s (${s.failed} failed, ${s.non200} not 200); baseline: the same requests in the collector's ward_http_request_duration_seconds (p50/p99 interpolated in its buckets as histogram_quantile does; 5 s is its top bucket); the bench's own event-loop delay p99 ${fmt(s.clientLoopDelayP99Ms)} ms`,
    }),
    figure({
      section,
      name: `connection wait p99 ${n}`,
      value: ms(s.firstByte.p99),
      unit: "ms",
      baseline: { ...server, value: s.server.p99 },
    }),
    figure({
      section,
      name: `TCP connect p50 ${n}`,
      value: ms(s.connect.p50),
      unit: "ms",
      note: `connect() start to the handshake done, as the bench sees it: the kernel completes the handshake before accept() (a SYN waits only when the accept queue overflows), so this is mostly the bench's own event-loop delay (p99 ${fmt(s.clientLoopDelayP99Ms)} ms) with ${s.agents} sockets opened at once`,
    }),
    figure({ section, name: `TCP connect p99 ${n}`, value: ms(s.connect.p99), unit: "ms" }),
    figure({
      section,
      name: `wait the server's metric does not see, mean ${n}`,
      value: ms(s.firstByte.mean - s.server.mean),
      unit: "ms",
      note: `mean connection wait ${fmt(s.firstByte.mean)} ms - mean server request duration ${fmt(s.server.mean)} ms over its ${s.server.count} requests (exact: the histogram's sum/count): time queued for accept and for the event loop before the collector's timer starts`,
    }),
    figure({
      section,
      name: `/metrics during the load: accept queue, highest ${n}`,
      value: s.gauges.acceptQueueMax,
      unit: "conn",
      note: `ward_http_accept_queue_connections, ward_event_loop_delay_seconds read every 250 ms on a connection opened before the load: ${s.gauges.scrapes} scrapes, slowest ${fmt(s.gauges.slowestScrapeMs)} ms`,
    }),
    figure({
      section,
      name: `/metrics during the load: event-loop delay p99, highest ${n}`,
      value: s.gauges.loopDelayP99MaxMs,
      unit: "ms",
    }),
    figure({
      section,
      name: `/metrics during the load: event-loop delay max ${n}`,
      value: s.gauges.loopDelayMaxMs,
      unit: "ms",
    }),
  ];
}
