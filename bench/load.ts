// The load generator's pieces: simulated devices enrolled over HTTP, pre-signed chains, keep-alive HTTP posts.
import { Agent, request } from "node:http";
import type { KeyObject } from "node:crypto";
import { importPrivateKey } from "../shared/crypto/ed25519.js";
import { payloadHash, seal } from "../shared/crypto/envelope.js";
import { EnrollResponse } from "../shared/schemas/api.js";
import type { CheckResult } from "../shared/schemas/check-result.js";
import type { Envelope } from "../shared/schemas/envelope.js";
import { systemClock } from "../server/clock.js";
import { sqlitePath } from "../server/config/config.js";
import { connect } from "../server/db/connect.js";
import { migrateToLatest } from "../server/db/migrate.js";
import { createCouncil, createToken } from "../server/services/admin.js";
import { FakeDevice, resultsHashOf } from "../test/collector/device.js";

export interface Answer {
  status: number;
  body: string;
  ms: number;
}

export function httpClient(base: string, maxSockets: number) {
  const agent = new Agent({ keepAlive: true, maxSockets });
  const url = new URL(base);
  return {
    post(path: string, body: string | Buffer): Promise<Answer> {
      const started = process.hrtime.bigint();
      return new Promise((resolve, reject) => {
        const req = request(
          {
            agent,
            host: url.hostname,
            port: url.port,
            method: "POST",
            path,
            headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on("data", (c: Buffer) => chunks.push(c));
            res.on("end", () =>
              resolve({
                status: res.statusCode ?? 0,
                body: Buffer.concat(chunks).toString("utf8"),
                ms: Number(process.hrtime.bigint() - started) / 1e6,
              }),
            );
            res.on("error", reject);
          },
        );
        req.on("error", reject);
        req.end(body);
      });
    },
    close: () => agent.destroy(),
  };
}

/** Council + token (with enough uses) written straight into the database before the server starts. */
export async function seedTokens(
  dataDir: string,
  dbUrl: string | undefined,
  councils: number,
  uses: number,
): Promise<string[]> {
  const db = connect({ url: dbUrl, sqliteFile: sqlitePath({ dataDir }) });
  try {
    await migrateToLatest(db);
    const tokens: string[] = [];
    for (let i = 0; i < councils; i++) {
      const deps = { db, clock: systemClock };
      const council = await createCouncil(
        deps,
        `Bench Parish Council ${i + 1} ${Math.random().toString(36).slice(2, 8)}`,
      );
      tokens.push((await createToken(deps, { council: council.id, expires: "7d", uses })).token);
    }
    return tokens;
  } finally {
    await db.close();
  }
}

/** A simulated agent whose private key is imported once (signing is then only the Ed25519 operation). */
export class BenchDevice extends FakeDevice {
  private keyObject: KeyObject | null = null;

  override seal(value: unknown): Envelope {
    this.keyObject ??= importPrivateKey(this.keys.privateKey);
    return seal(value, { privateKey: this.keyObject, publicKey: this.keys.publicKey });
  }

  /**
   * The next `n` reports as the real agent makes them every 15 minutes: a full report when the results change or a
   * day has passed, a heartbeat otherwise. `resultsFor(i)` gives the results of cycle i.
   */
  chain(n: number, start: Date, resultsFor: (i: number) => CheckResult[], everyMs = 15 * 60_000): Envelope[] {
    const out: Envelope[] = [];
    let lastFullAt = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < n; i++) {
      const at = new Date(start.getTime() + i * everyMs);
      const results = resultsFor(i);
      const hash = resultsHashOf(results);
      const full = hash !== this.lastResultsHash || at.getTime() - lastFullAt >= 86_400_000;
      if (full) lastFullAt = at.getTime();
      out.push(full ? this.full(results, at) : this.heartbeat(hash, at));
    }
    return out;
  }
}

export async function enrollAll(base: string, token: string, devices: BenchDevice[], concurrency = 8): Promise<void> {
  const client = httpClient(base, concurrency);
  let next = 0;
  const worker = async () => {
    while (next < devices.length) {
      const d = devices[next++]!;
      const res = await client.post("/v1/enroll", JSON.stringify(d.enrollBody(token)));
      if (res.status !== 200) throw new Error(`enrol answered ${res.status}: ${res.body}`);
      d.deviceId = EnrollResponse.parse(JSON.parse(res.body)).deviceId;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  client.close();
}

export { payloadHash };
