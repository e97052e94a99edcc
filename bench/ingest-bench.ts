// Collector ingest over loopback HTTP: pre-signed chains from many devices into the real server run as a child process.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateEd25519KeyPair, importPublicKey, verifyBytes } from "../shared/crypto/ed25519.js";
import { seal } from "../shared/crypto/envelope.js";
import type { CheckResult } from "../shared/schemas/check-result.js";
import type { Envelope } from "../shared/schemas/envelope.js";
import { ReportsResponse } from "../shared/schemas/api.js";
import { startChildServer } from "../test/collector/child-server.js";
import { type SurgeResult, surge } from "./connection-wait.js";
import { BenchDevice, enrollAll, httpClient, seedTokens } from "./load.js";
import { monotonicUs } from "./profile-window.js";
import { mainThreadCpuMs, percentile, sampleProc } from "./proc-stats.js";

/** Ed25519 verifications per second on one core (this thread), over a real report payload. */
export function verifyRate(payloadSample: unknown, ms = 1500): { keyObject: number; rawKeyString: number } {
  const keys = generateEd25519KeyPair();
  const env = seal(payloadSample, keys);
  const data = Buffer.from(env.payload, "utf8");
  const key = importPublicKey(keys.publicKey);
  const run = (pub: typeof key | string) => {
    let n = 0;
    const end = performance.now() + ms;
    while (performance.now() < end) {
      for (let i = 0; i < 100; i++) if (!verifyBytes(data, env.signature, pub)) throw new Error("verify failed");
      n += 100;
    }
    return (n * 1000) / ms;
  };
  run(key); // warm-up
  return { keyObject: run(key), rawKeyString: run(keys.publicKey) };
}

/**
 * The steady phase (one envelope per request, the 15-minute report). It was 60 devices x 4 rounds: 240 requests in
 * ~0.2 s, too short to mean anything (the server's one-envelope path not yet warm; one GC or a neighbour's burst moved
 * it by tens of percent). It now runs round after round for `seconds`, each request still one device's next envelope
 * on a keep-alive connection, with `envelopes` signed before timing (enough for 10 s at 5,000 requests/s; a faster
 * server runs out of rounds first and is measured over all of them).
 */
export const STEADY = { seconds: 10, envelopes: 50_000 };

/** Rounds of the steady phase for `devices` devices: STEADY.envelopes in all, at least 4 (the old figure's). */
export const steadyRoundsFor = (devices: number, envelopes = STEADY.envelopes): number =>
  Math.max(4, Math.ceil(envelopes / Math.max(1, devices)));

export interface IngestOptions {
  dbUrl?: string;
  devices: number;
  perDevice: number;
  batch: number;
  concurrency: number;
  /** Rounds of one-envelope posts per device after the backlog (the steady 15-minute report), signed before timing. */
  steadyRounds: number;
  /** Stop the steady phase at the first round that ends after this many seconds (rounds left unsent); none: all. */
  steadySeconds?: number;
  results: (device: number, cycle: number) => CheckResult[];
  /** Agents that then connect all at once, each on a new connection, `surgeRounds` times (0: no surge). */
  surgeAgents?: number;
  surgeRounds?: number;
  log: (line: string) => void;
  /** Extra flags for the server's node (--cpu-prof). */
  nodeFlags?: string[];
  /** Collector instances on the same database (PostgreSQL), each with its own data directory; device i goes to i % n. */
  instances?: number;
}

export interface PhaseResult {
  envelopes: number;
  accepted: number;
  requests: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
  serverCpuMs: number;
  /** Of serverCpuMs: the main threads' (Fastify, the database, the answer); the rest is verify workers, GC, libuv. */
  serverMainCpuMs: number;
  /** CPU of the bench's own process (the simulated agents) over the phase: it shares the cores with the server. */
  clientCpuMs: number;
  /** Server threads runnable but waiting for a core (other processes on the machine), ms. */
  serverRunQueueMs: number;
  non200: number;
  bodyBytes: number;
  /** The phase's start and end on the monotonic clock V8's profiler stamps its samples with (µs). */
  fromUs: number;
  toUs: number;
}

export interface IngestResult {
  backlog: PhaseResult;
  steady: PhaseResult | null;
  surge: SurgeResult | null;
  signSeconds: number;
  enrolSeconds: number;
}

export async function benchIngest(o: IngestOptions): Promise<IngestResult> {
  const dataDir = mkdtempSync(join(tmpdir(), "ward-bench-ingest-"));
  const dbArgs = ["--data-dir", dataDir, ...(o.dbUrl ? ["--db", o.dbUrl] : [])];
  const [token] = await seedTokens(dataDir, o.dbUrl, 1, o.devices + (o.surgeAgents ?? 0) + 10);
  const server = await startChildServer(dbArgs, 60_000, o.nodeFlags ?? []);
  const others: Awaited<ReturnType<typeof startChildServer>>[] = [];
  const otherDirs: string[] = [];
  try {
    for (let i = 1; i < (o.instances ?? 1); i++) {
      const dir = mkdtempSync(join(tmpdir(), "ward-bench-ingest-"));
      otherDirs.push(dir);
      others.push(await startChildServer(["--data-dir", dir, "--db", o.dbUrl!], 60_000, o.nodeFlags ?? []));
    }
    const targets = [server, ...others].map((sv) => ({ url: sv.url, pid: sv.child.pid! }));
    const devices = Array.from(
      { length: o.devices },
      (_, i) => new BenchDevice(`BENCH-${i}-${Math.random().toString(36).slice(2, 8)}`),
    );
    let t = performance.now();
    await enrollAll(server.url, token!, devices);
    const enrolSeconds = (performance.now() - t) / 1000;
    o.log(
      `  enrolled ${o.devices} devices over HTTP in ${enrolSeconds.toFixed(1)} s; signing ${o.devices * o.perDevice} envelopes…`,
    );

    t = performance.now();
    const start = new Date(Date.now() - (o.perDevice + o.steadyRounds + 1) * 15 * 60_000);
    // Bodies are kept as Buffers, outside V8's heap: --full holds 4 million signed envelopes (~2 GB) before timing.
    const batches: Work[][] = devices.map((d, di) => {
      const chain = d.chain(o.perDevice, start, (i) => o.results(di, i));
      const out: Work[] = [];
      for (let i = 0; i < chain.length; i += o.batch) {
        const envs = chain.slice(i, i + o.batch);
        const body = Buffer.from(JSON.stringify({ deviceId: d.deviceId, envelopes: envs }), "utf8");
        out.push({ device: di, body, count: envs.length });
      }
      return out;
    });
    const steadyStart = new Date(start.getTime() + o.perDevice * 15 * 60_000);
    const steady: Work[][] = devices.map((d, di) =>
      d
        .chain(o.steadyRounds, steadyStart, (i) => o.results(di, o.perDevice + i))
        .map((e: Envelope) => ({
          device: di,
          body: JSON.stringify({ deviceId: d.deviceId, envelopes: [e] }),
          count: 1,
        })),
    );
    const signSeconds = (performance.now() - t) / 1000;
    o.log(
      `  signed in ${signSeconds.toFixed(1)} s (before timing); sending backlog with ${o.concurrency} connections…`,
    );

    const backlog = await sendPhase(targets, batches, o.concurrency);
    o.log(`  backlog: ${backlog.accepted} accepted in ${backlog.seconds.toFixed(1)} s`);
    let steadyResult: PhaseResult | null = null;
    if (o.steadyRounds > 0) {
      // Rounds: every device's next single report, devices interleaved, as their 15-minute cycles would arrive.
      const rounds: Work[][] = [];
      for (let r = 0; r < o.steadyRounds; r++) rounds.push(steady.map((s) => s[r]!));
      steadyResult = await sendRounds(targets, rounds, o.concurrency, o.steadySeconds);
      o.log(
        `  steady: ${steadyResult.accepted} accepted in ${steadyResult.seconds.toFixed(1)} s (${steadyResult.requests / o.devices} rounds)`,
      );
    }
    let surgeResult: SurgeResult | null = null;
    const agents = o.surgeAgents ?? 0;
    const surgeRounds = o.surgeRounds ?? 3;
    if (agents > 0) {
      // Agents other than the backlog's, so each one's chain starts afresh; signed before timing.
      const surgeDevices = Array.from(
        { length: agents },
        (_, i) => new BenchDevice(`SURGE-${i}-${Math.random().toString(36).slice(2, 8)}`),
      );
      await enrollAll(server.url, token!, surgeDevices);
      const surgeStart = new Date(Date.now() - (surgeRounds + 1) * 15 * 60_000);
      const bodies = surgeDevices.map((d, di) =>
        d
          .chain(surgeRounds, surgeStart, (i) => o.results(di, i))
          .map((e: Envelope) => JSON.stringify({ deviceId: d.deviceId, envelopes: [e] })),
      );
      o.log(`  surge: ${agents} agents connecting at once, each on a new connection, ${surgeRounds} rounds…`);
      surgeResult = await surge(server.url, bodies, surgeRounds);
      o.log(
        `  surge: ${surgeResult.connections} connections in ${surgeResult.seconds.toFixed(1)} s (${surgeResult.failed} failed)`,
      );
    }
    return { backlog, steady: steadyResult, surge: surgeResult, signSeconds, enrolSeconds };
  } finally {
    for (const sv of others) await sv.stop();
    await server.stop();
    for (const dir of [dataDir, ...otherDirs]) rmSync(dir, { recursive: true, force: true });
  }
}

type Work = { device: number; body: string | Buffer; count: number };

function countAccepted(body: string): number {
  return ReportsResponse.parse(JSON.parse(body)).results.filter((r) => r.outcome === "accepted").length;
}

type Target = { url: string; pid: number };

async function timed(
  targets: Target[],
  concurrency: number,
  run: (post: (w: Work) => Promise<void>) => Promise<void>,
): Promise<PhaseResult> {
  const clients = targets.map((t) => httpClient(t.url, concurrency));
  const lat: number[] = [];
  let accepted = 0;
  let envelopes = 0;
  let non200 = 0;
  let bodyBytes = 0;
  const post = async (w: Work) => {
    const res = await clients[w.device % clients.length]!.post("/v1/reports", w.body);
    lat.push(res.ms);
    envelopes += w.count;
    bodyBytes += Buffer.byteLength(w.body);
    if (res.status !== 200) {
      non200++;
      if (non200 <= 3) console.error(`  /v1/reports answered ${res.status}: ${res.body.slice(0, 300)}`);
      return;
    }
    accepted += countAccepted(res.body);
  };
  // CPU and run-queue time of every instance, summed.
  const sample = () => {
    let cpu = 0;
    let queue = 0;
    let main = 0;
    for (const t of targets) {
      const p = sampleProc(t.pid);
      cpu += p?.cpuSelfMs ?? 0;
      queue += p?.runQueueMs ?? 0;
      main += mainThreadCpuMs(t.pid);
    }
    return { cpu, queue, main };
  };
  const s0 = sample();
  const c0 = process.cpuUsage();
  const fromUs = monotonicUs();
  const t0 = performance.now();
  await run(post);
  const seconds = (performance.now() - t0) / 1000;
  const toUs = monotonicUs();
  const c1 = process.cpuUsage(c0);
  const s1 = sample();
  for (const c of clients) c.close();
  return {
    envelopes,
    accepted,
    requests: lat.length,
    seconds,
    perSecond: accepted / seconds,
    p50: percentile(lat, 50),
    p99: percentile(lat, 99),
    serverCpuMs: s1.cpu - s0.cpu,
    serverMainCpuMs: s1.main - s0.main,
    clientCpuMs: (c1.user + c1.system) / 1000,
    serverRunQueueMs: s1.queue - s0.queue,
    non200,
    bodyBytes,
    fromUs,
    toUs,
  };
}

/** Each connection takes one device and sends its batches in order (a device's spool is sent oldest first). */
function sendPhase(targets: Target[], perDevice: Work[][], concurrency: number): Promise<PhaseResult> {
  return timed(targets, concurrency, async (post) => {
    let next = 0;
    const worker = async () => {
      while (next < perDevice.length) {
        for (const w of perDevice[next++]!) await post(w);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
  });
}

/** Round after round until `seconds` have passed (then the round under way finishes), or until the rounds run out. */
function sendRounds(targets: Target[], rounds: Work[][], concurrency: number, seconds?: number): Promise<PhaseResult> {
  return timed(targets, concurrency, async (post) => {
    const end = seconds === undefined ? Number.POSITIVE_INFINITY : performance.now() + seconds * 1000;
    for (const round of rounds) {
      if (performance.now() >= end) break;
      let next = 0;
      const worker = async () => {
        while (next < round.length) await post(round[next++]!);
      };
      await Promise.all(Array.from({ length: concurrency }, worker));
    }
  });
}
