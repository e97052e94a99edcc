// The collector under real faults says what is wrong: a full disk (a small tmpfs) answers 503 with Retry-After and
// one log line a minute, and start-up names the disk; a damaged SQLite file (pages overwritten, header garbled) is
// found at start, shown on /healthz and /metrics, and not written to; another process's write lock does not stall
// the event loop; /metrics shows event-loop delay and the accept queue.
import { spawn } from "node:child_process";
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, describe, expect, it } from "vitest";
import { seedTokens } from "../../bench/load.js";
import { loadServerConfig, sqlitePath } from "../../server/config/config.js";
import { acceptQueue } from "../../server/http/metrics.js";
import { type RunningServer, startServer } from "../../server/main.js";
import { memoryLogger } from "../../shared/logger.js";
import type { Envelope } from "../../shared/schemas/envelope.js";
import { FakeDevice } from "../collector/device.js";
import { canMountTmpfs, recordFault, smallDisk } from "./fault-tools.js";

const servers: RunningServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

async function start(dataDir: string) {
  const log = memoryLogger();
  const server = await startServer(loadServerConfig({ flags: { dataDir, port: 0, host: "127.0.0.1" } }), {
    logger: log,
    processMetrics: false,
  });
  servers.push(server);
  return { server, log };
}

async function enrolDevice(url: string, token: string): Promise<FakeDevice> {
  const d = new FakeDevice();
  const res = await fetch(`${url}/v1/enroll`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(d.enrollBody(token)),
  });
  expect(res.status).toBe(200);
  d.deviceId = ((await res.json()) as { deviceId: string }).deviceId;
  return d;
}

async function post(url: string, d: FakeDevice, envelopes: Envelope[]) {
  const res = await fetch(`${url}/v1/reports`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ deviceId: d.deviceId, envelopes }),
  });
  return {
    status: res.status,
    retryAfter: res.headers.get("retry-after"),
    body: (await res.json()) as { error?: { code: string; message: string }; results?: { outcome: string }[] },
  };
}

describe("the collector says what is wrong", () => {
  it.runIf(canMountTmpfs)(
    "a full disk: 503 with Retry-After, one log line a minute, recovers; start-up names the disk (9)",
    async () => {
      const disk = smallDisk(16 * 1024);
      try {
        const dataDir = join(disk.dir, "data");
        const [token] = await seedTokens(dataDir, undefined, 1, 2);
        const { server, log } = await start(dataDir);
        const d = await enrolDevice(server.url, token!);
        expect((await post(server.url, d, [d.full()])).status).toBe(200);
        disk.fill();
        const pending: Envelope[] = [];
        const statuses: number[] = [];
        for (let i = 0; i < 40; i++) {
          pending.push(d.full());
          const r = await post(server.url, d, pending);
          statuses.push(r.status);
          if (r.status === 200) pending.splice(0);
          else {
            expect(r.status).toBe(503);
            expect(r.retryAfter).toBe("60");
            expect(r.body.error?.code).toBe("unavailable");
            expect(r.body.error?.message).toMatch(/disk is full/);
          }
        }
        expect(statuses.filter((s) => s === 503).length).toBeGreaterThan(0);
        expect(statuses.filter((s) => s === 500)).toEqual([]);
        const lines = log.lines.filter((l) => /cannot store right now/.test(l.message));
        expect(lines.length).toBeLessThanOrEqual(2); // one per minute per cause, not one per request
        expect(log.lines.some((l) => "stack" in l.meta)).toBe(false);
        disk.free();
        const after = await post(server.url, d, pending);
        expect(after.status).toBe(200);
        // A fresh collector started on the full disk names it and says what to do.
        disk.fill();
        await expect(start(join(disk.dir, "other"))).rejects.toThrow(new RegExp(`${disk.dir}.*(full|failing)`));
        recordFault({ survived: true, acknowledgedLost: 0, reportsLost: 0, silent: false });
      } finally {
        for (const s of servers.splice(0)) await s.close();
        disk.unmount();
      }
    },
  );

  it("a database with damaged pages is found at start: /healthz and /metrics say so, writes are refused (8)", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "ward-damaged-db-"));
    try {
      const [token] = await seedTokens(dataDir, undefined, 1, 2);
      const { server } = await start(dataDir);
      const d = await enrolDevice(server.url, token!);
      for (let i = 0; i < 30; i++) expect((await post(server.url, d, [d.full()])).status).toBe(200);
      await server.close();
      servers.splice(0);
      // Two 4 KB pages in the middle overwritten, as the outside tester did.
      const file = sqlitePath({ dataDir });
      const pages = Math.floor(statSync(file).size / 4096);
      const fd = openSync(file, "r+");
      for (const p of [Math.floor(pages / 2), Math.floor(pages / 2) + 1])
        writeSync(fd, Buffer.alloc(4096, 0x5a), 0, 4096, p * 4096);
      closeSync(fd);
      const { server: again, log } = await start(dataDir);
      const health = await fetch(`${again.url}/healthz`);
      expect(health.status).toBe(503);
      const body = (await health.json()) as { status: string; problem: string };
      expect(body.status).toBe("damaged");
      expect(body.problem).toContain(file);
      expect(body.problem).toMatch(/restore .* from your latest backup/);
      const metrics = await (await fetch(`${again.url}/metrics`)).text();
      expect(metrics).toMatch(/^ward_database_ok 0$/m);
      const refused = await post(again.url, d, [d.full()]);
      expect(refused.status).toBe(503);
      expect(refused.body.error?.message).toMatch(/damaged/);
      expect(log.lines.some((l) => /database damaged/.test(l.message))).toBe(true);
      recordFault({ survived: true, acknowledgedLost: 0, reportsLost: 0, silent: false });
    } finally {
      for (const s of servers.splice(0)) await s.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it("a garbled header: start-up names the file and says to restore it from the backup (8)", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "ward-garbled-db-"));
    try {
      await seedTokens(dataDir, undefined, 1, 1);
      const file = sqlitePath({ dataDir });
      const fd = openSync(file, "r+");
      writeSync(fd, Buffer.alloc(100, 0x42), 0, 100, 0);
      closeSync(fd);
      await expect(start(dataDir)).rejects.toThrow(new RegExp(`${file}.*damaged.*Restore it from your latest backup`));
      recordFault({ survived: true, acknowledgedLost: 0, reportsLost: 0, silent: false });
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it("another process holds the write lock: 503 retry-later at once, /healthz stays quick, all stored after (10)", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "ward-locked-db-"));
    try {
      const [token] = await seedTokens(dataDir, undefined, 1, 2);
      const { server } = await start(dataDir);
      const d = await enrolDevice(server.url, token!);
      // Another process (a backup script, sqlite3 by hand) holds BEGIN EXCLUSIVE for 3 s.
      const holder = spawn(
        process.execPath,
        [
          "-e",
          `const db = require("better-sqlite3")(process.argv[1]); db.pragma("busy_timeout = 5000"); db.exec("BEGIN EXCLUSIVE"); console.log("locked"); setTimeout(() => { db.exec("COMMIT"); process.exit(0); }, 3000);`,
          sqlitePath({ dataDir }),
        ],
        { stdio: ["ignore", "pipe", "inherit"] },
      );
      const done = new Promise<void>((r) => holder.once("exit", () => r()));
      await new Promise<void>((r) => holder.stdout!.once("data", () => r()));
      const pending: Envelope[] = [d.full(), d.full()];
      const refused = await post(server.url, d, pending);
      expect(refused.status).toBe(503);
      expect(refused.retryAfter).toBe("60");
      // While writes keep coming, a health probe is answered without waiting seconds for the lock.
      const posts = Array.from({ length: 4 }, () => post(server.url, d, pending));
      const t0 = performance.now();
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      const healthMs = performance.now() - t0;
      await Promise.all(posts);
      await done;
      expect(healthMs).toBeLessThan(1500); // was 3.7 s with a 5 s synchronous busy wait per write
      const after = await post(server.url, d, pending);
      expect(after.status).toBe(200);
      expect(after.body.results?.map((r) => r.outcome)).toEqual(["accepted", "accepted"]);
      recordFault({ survived: true, acknowledgedLost: 0, reportsLost: 0, silent: false });
    } finally {
      for (const s of servers.splice(0)) await s.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it.runIf(process.platform === "linux")(
    "/metrics shows event-loop delay and the accept queue a busy loop builds (11)",
    async () => {
      const dataDir = mkdtempSync(join(tmpdir(), "ward-metrics-"));
      try {
        const { server } = await start(dataDir);
        // Connections arrive from another process while this event loop is busy: the kernel queues them unaccepted.
        const client = spawn(
          process.execPath,
          [
            "-e",
            `const net = require("node:net"); console.log("started"); const t = setInterval(() => net.connect(${server.port}, "127.0.0.1"), 25); setTimeout(() => process.exit(0), 5000);`,
          ],
          { stdio: ["ignore", "pipe", "ignore"] },
        );
        await new Promise<void>((r) => client.stdout!.once("data", () => r()));
        const until = performance.now() + 1500;
        while (performance.now() < until) {
          // busy: nothing is accepted meanwhile
        }
        const queued = acceptQueue(server.port);
        await sleep(50);
        const metrics = await (await fetch(`${server.url}/metrics`)).text();
        client.kill();
        expect(queued).toBeGreaterThan(0);
        const max = Number(/^ward_event_loop_delay_seconds\{quantile="max"\} (\S+)$/m.exec(metrics)?.[1]);
        expect(max).toBeGreaterThan(1);
        expect(metrics).toMatch(/^ward_http_accept_queue_connections \d+$/m);
        expect(metrics).toMatch(/^ward_database_ok 1$/m);
        recordFault({ survived: true, acknowledgedLost: 0, reportsLost: 0, silent: false });
      } finally {
        for (const s of servers.splice(0)) await s.close();
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
  );
});
