// The ingest figure again on a real PostgreSQL that the bench starts (and removes), with fsync on as in production.
import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import pg from "pg";
import type { CheckResult } from "../shared/schemas/check-result.js";
import { findPgBinaries, startPostgres } from "../test/support/postgres.js";
import { type Figure, figure } from "./figures.js";
import { benchIngest, type IngestResult, STEADY, steadyRoundsFor } from "./ingest-bench.js";

export async function benchPostgresIngest(
  devices: number,
  perDevice: number,
  results: () => CheckResult[],
  log: (line: string) => void,
): Promise<(IngestResult & { twoInstances: IngestResult }) | { skipped: string }> {
  const support = findPgBinaries();
  if (!support.ok) return { skipped: `not measured: ${support.reason}` };
  const cluster = await startPostgres(support.bins);
  try {
    // The test cluster starts with `-c fsync=off` (a command-line setting no reload can change): restart it with the
    // same options but fsync on, as a production server runs.
    const dataDir = await one<{ d: string }>(cluster.url(), "SELECT current_setting('data_directory') AS d");
    const sockDir = dirname(dataDir.d);
    const opts = `-p ${cluster.port} -k ${sockDir} -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=on`;
    const asRoot = process.getuid?.() === 0;
    const cmd = asRoot ? "runuser" : support.bins.pgCtl;
    const args = [
      "-D",
      dataDir.d,
      "-o",
      opts,
      "-l",
      join(sockDir, "server.log"),
      "-w",
      "-t",
      "30",
      "-m",
      "fast",
      "restart",
    ];
    execFileSync(cmd, asRoot ? ["-u", "postgres", "--", support.bins.pgCtl, ...args] : args, { stdio: "ignore" });
    const s = await one<{ fsync: string; sc: string }>(
      cluster.url(),
      "SELECT current_setting('fsync') AS fsync, current_setting('synchronous_commit') AS sc",
    );
    log(`  PostgreSQL restarted with fsync=${s.fsync}, synchronous_commit=${s.sc}`);
    const dbUrl = await cluster.createDatabase("ward_bench");
    const single = await benchIngest({
      dbUrl,
      devices,
      perDevice,
      batch: 50,
      concurrency: 16,
      // As long as SQLite's steady phase (STEADY in ingest-bench.ts), with fewer envelopes signed: PostgreSQL answers
      // one-envelope requests at a few hundred a second here.
      steadyRounds: steadyRoundsFor(devices, 20_000),
      steadySeconds: STEADY.seconds,
      results,
      log,
    });
    // The same backlog into a fresh database through two collector instances (half the devices each), side by side.
    log("  the same backlog through two collector instances on one PostgreSQL…");
    const twoUrl = await cluster.createDatabase("ward_bench_two");
    const two = await benchIngest({
      ...{ dbUrl: twoUrl, devices, perDevice, batch: 50, concurrency: 16, steadyRounds: 0, results, log },
      instances: 2,
    });
    return { ...single, twoInstances: two };
  } finally {
    await cluster.stop();
  }
}

/** Two instances beside one: the backlog rate, with what each spent (CPU) and waited for (a core). */
export function twoInstancesFigure(one: IngestResult, two: IngestResult, devices: number): Figure {
  const b = two.backlog;
  return figure({
    section: "ingest postgres",
    name: `backlog: ${devices} devices x ${b.envelopes / Math.max(1, devices)} envelopes through two instances: accepted`,
    value: b.perSecond,
    unit: "env/s",
    baseline: { label: "one instance, same run", value: one.backlog.perSecond, unit: "env/s" },
    note: `${b.accepted}/${b.envelopes} accepted in ${b.seconds.toFixed(1)} s (${b.non200} not 200), devices split between the two; both instances' CPU ${(b.serverCpuMs / 1000).toFixed(1)} s = ${((b.serverCpuMs * 1000) / Math.max(1, b.envelopes)).toFixed(0)} us/envelope (one instance: ${((one.backlog.serverCpuMs * 1000) / Math.max(1, one.backlog.envelopes)).toFixed(0)}); they waited ${(b.serverRunQueueMs / 1000).toFixed(1)} s for a core; batch latency p50 ${b.p50.toFixed(0)} ms, p99 ${b.p99.toFixed(0)} ms`,
  });
}

async function one<T>(url: string, query: string): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(query)).rows[0] as T;
  } finally {
    await client.end();
  }
}
