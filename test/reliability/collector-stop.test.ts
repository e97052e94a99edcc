// The collector as it runs in production (the built bundle run by Node, as the systemd unit and the Dockerfile start
// it), sent SIGTERM under load from many agents: it exits 0 within its bound, says it is stopping, and nothing it
// acknowledged is lost (every accepted or duplicate answer is in the ledger after the stop).
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, describe, expect, it } from "vitest";
import { seedTokens } from "../../bench/load.js";
import { buildCollector } from "../../installers/collector/build-collector.js";
import { DIST_DIR } from "../../installers/lib/paths.js";
import { sqlitePath } from "../../server/config/config.js";
import { connect } from "../../server/db/connect.js";
import type { Envelope } from "../../shared/schemas/envelope.js";
import { FakeDevice } from "../collector/device.js";
import { recordFault } from "./fault-tools.js";

const DEVICES = Number(process.env.WARD_STOP_AGENTS ?? 40);
/** The bound: server.close() gives up at 10 s; the unit's TimeoutStopSec (20 s) is the hard limit above it. */
const STOP_BOUND_MS = 12_000;

describe.runIf(process.platform === "linux")("the built collector stopped with SIGTERM under load", () => {
  // Inside the repository's dist/ so the bundle resolves its dependencies from node_modules, as in /opt/ward.
  const outDir = join(DIST_DIR, `.reliability-collector-${process.pid}`);
  const dataDir = mkdtempSync(join(tmpdir(), "ward-collector-stop-"));
  let child: ChildProcess | undefined;
  afterAll(() => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    rmSync(outDir, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(`${DEVICES} agents sending: exits 0 within ${STOP_BOUND_MS / 1000} s, nothing acknowledged lost`, async () => {
    const bundle = await buildCollector(outDir);
    const [token] = await seedTokens(dataDir, undefined, 1, DEVICES);
    const proc = spawn(
      process.execPath,
      [bundle, "start", "--data-dir", dataDir, "--host", "127.0.0.1", "--port", "0"],
      {
        env: { ...process.env, WARD_LOG_LEVEL: "info" },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    child = proc;
    let output = "";
    proc.stdout!.on("data", (d: Buffer) => (output += d));
    proc.stderr!.on("data", (d: Buffer) => (output += d));
    const exited = new Promise<{ code: number | null; signal: string | null; at: number }>((done) =>
      proc.once("exit", (code, signal) => done({ code, signal, at: Date.now() })),
    );
    const url = await new Promise<string>((done, fail) => {
      const timer = setTimeout(() => fail(new Error(`the built collector did not start: ${output}`)), 30_000);
      proc.stdout!.on("data", () => {
        const m = /listening on (http:\/\/\S+)/.exec(output);
        if (m) {
          clearTimeout(timer);
          done(m[1]!);
        }
      });
    });

    const devices: FakeDevice[] = [];
    for (let i = 0; i < DEVICES; i++) {
      const d = new FakeDevice();
      const res = await fetch(`${url}/v1/enroll`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(d.enrollBody(token!)),
      });
      expect(res.status).toBe(200);
      d.deviceId = ((await res.json()) as { deviceId: string }).deviceId;
      d.full();
      d.seq = 0; // the first report is made again below, in the loop
      d.prevHash = null;
      devices.push(d);
    }

    // Each agent keeps what was not acknowledged and sends it again, as the spool does; every acknowledgement is kept.
    const acked = new Map<string, string>(); // `${device}:${seq}` -> hash
    let stopped = false;
    let requests = 0;
    let errors = 0;
    const statuses = new Map<number, number>();
    const outcomes = new Map<string, number>();
    const loop = async (d: FakeDevice) => {
      const pending: Envelope[] = [];
      while (!stopped) {
        while (pending.length < 3) pending.push(d.seq % 4 === 0 ? d.full() : d.heartbeat());
        try {
          requests++;
          const res = await fetch(`${url}/v1/reports`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ deviceId: d.deviceId, envelopes: pending }),
          });
          const body = (await res.json()) as { results?: { seq: number; hash: string; outcome: string }[] };
          if (res.status === 200 && body.results) {
            for (const r of body.results) {
              outcomes.set(r.outcome, (outcomes.get(r.outcome) ?? 0) + 1);
              if (r.outcome !== "rejected") acked.set(`${d.deviceId}:${r.seq}`, r.hash);
            }
            const done = new Set(body.results.filter((r) => r.outcome !== "rejected").map((r) => r.seq));
            pending.splice(
              0,
              pending.length,
              ...pending.filter((e) => !done.has((JSON.parse(e.payload) as { seq: number }).seq)),
            );
          } else {
            errors++;
            statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          }
        } catch {
          errors++;
          await sleep(20);
        }
      }
    };
    const loops = devices.map((d) => loop(d));
    await sleep(3000);
    expect(acked.size).toBeGreaterThan(0);
    const signalledAt = Date.now();
    proc.kill("SIGTERM");
    const exit = await exited;
    stopped = true;
    await Promise.all(loops);
    const took = exit.at - signalledAt;

    const db = connect({ sqliteFile: sqlitePath({ dataDir }) });
    let lost = 0;
    try {
      const rows = await db.kysely
        .selectFrom("ledger")
        .select(["device_id", "seq", "hash"])
        .where("outcome", "=", "accepted")
        .execute();
      const stored = new Map(rows.map((r) => [`${r.device_id}:${r.seq}`, r.hash]));
      for (const [k, hash] of acked) if (stored.get(k) !== hash) lost++;
    } finally {
      await db.close();
    }
    recordFault({
      survived: exit.code === 0 && took < STOP_BOUND_MS && lost === 0,
      acknowledgedLost: lost,
      reportsLost: 0,
      silent: false,
    });
    process.stdout.write(
      `collector stop: ${requests} requests, ${acked.size} acknowledged, ${errors} errors at the stop, exit ${exit.code} after ${took} ms; answers other than 200: ${JSON.stringify([...statuses])}; outcomes ${JSON.stringify([...outcomes])}\n`,
    );
    expect(exit).toMatchObject({ code: 0, signal: null });
    expect(output).toMatch(/shutting down/);
    expect(output).toMatch(/"stopped"|stopped/);
    expect(took).toBeLessThan(STOP_BOUND_MS);
    expect(lost).toBe(0);
  });
});
