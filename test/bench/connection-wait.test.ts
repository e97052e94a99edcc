// The bench's connection-wait pieces against a real collector: fresh-connection timings and its /metrics histogram.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import {
  histogramDelta,
  histogramQuantile,
  metricsScraper,
  postFresh,
  routeHistogram,
} from "../../bench/connection-wait.js";
import { loadServerConfig } from "../../server/config/config.js";
import { startServer } from "../../server/main.js";
import { silentLogger } from "../../shared/logger.js";

it("times each post on a new connection and finds the same requests in the collector's request-duration histogram", async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "ward-bench-wait-"));
  const server = await startServer(loadServerConfig({ flags: { dataDir, port: 0, host: "127.0.0.1" } }), {
    logger: silentLogger,
    processMetrics: false,
  });
  const metrics = metricsScraper(server.url);
  try {
    const before = await metrics.scrape();
    expect(before.get("ward_http_accept_queue_connections")).toBeGreaterThanOrEqual(0);
    expect(before.has('ward_event_loop_delay_seconds{quantile="0.99"}')).toBe(true);
    // A report from no enrolled device is refused (4xx) but still answered and timed by the collector.
    const timings = await Promise.all(
      [1, 2, 3].map(() => postFresh(server.url, "/v1/reports", '{"deviceId":"nobody","envelopes":[]}')),
    );
    for (const t of timings) {
      expect(t.status).toBeGreaterThanOrEqual(400);
      expect(t.status).toBeLessThan(500);
      expect(t.connectMs).toBeGreaterThanOrEqual(0);
      expect(t.firstByteMs).toBeGreaterThanOrEqual(t.connectMs);
      expect(t.totalMs).toBeGreaterThanOrEqual(t.firstByteMs);
    }
    const delta = histogramDelta(
      routeHistogram(await metrics.scrape(), "POST", "/v1/reports"),
      routeHistogram(before, "POST", "/v1/reports"),
    );
    expect(delta.count).toBe(3);
    expect(delta.buckets.at(-1)).toEqual({ le: Number.POSITIVE_INFINITY, count: 3 });
    const p50 = histogramQuantile(delta, 0.5);
    expect(p50).toBeGreaterThan(0);
    expect(p50).toBeLessThanOrEqual(5);
    // The server's own duration cannot exceed what the client waited for the first byte.
    expect((1000 * delta.sum) / delta.count).toBeLessThanOrEqual(Math.max(...timings.map((t) => t.firstByteMs)));
  } finally {
    metrics.close();
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

it("interpolates a quantile inside its bucket as histogram_quantile does, and stops at the top finite bucket", () => {
  const h = {
    buckets: [
      { le: 0.1, count: 5 },
      { le: 0.5, count: 10 },
      { le: Number.POSITIVE_INFINITY, count: 12 },
    ],
    sum: 3,
    count: 12,
  };
  expect(histogramQuantile(h, 0.25)).toBeCloseTo(0.06); // rank 3 of the first 5, in 0..0.1
  expect(histogramQuantile(h, 0.75)).toBeCloseTo(0.1 + 0.4 * (4 / 5)); // rank 9: 4th of the 5 in 0.1..0.5
  expect(histogramQuantile(h, 0.99)).toBe(0.5); // in +Inf: only the top finite bound is known
  expect(histogramQuantile({ buckets: [], sum: 0, count: 0 }, 0.5)).toBeNaN();
});
