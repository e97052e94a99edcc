// Test harness: a collector per test on real SQLite or a real PostgreSQL (started by the tests), and dialect loops.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect } from "vitest";
import type { z } from "zod";
import { silentLogger } from "../../shared/logger.js";
import { EnrollResponse, ErrorResponse, ReportsResponse } from "../../shared/schemas/api.js";
import type { Envelope } from "../../shared/schemas/envelope.js";
import { type Clock, DAY_MS, type manualClock } from "../../server/clock.js";
import { loadServerConfig, type ServerConfig } from "../../server/config/config.js";
import type { DialectName } from "../../server/db/connect.js";
import { createServer, type WardServer } from "../../server/main.js";
import { createCouncil, createToken } from "../../server/services/admin.js";
import { ledgerForDevice } from "../../server/stores/ledger-store.js";
import { findPgBinaries, type PgCluster, startPostgres } from "../support/postgres.js";
import { checkResult, FakeDevice } from "./device.js";

const pgSupport = findPgBinaries();
let cluster: Promise<PgCluster> | undefined;

function pgCluster(): Promise<PgCluster> {
  if (!pgSupport.ok) return Promise.reject(new Error(`PostgreSQL tests cannot run: ${pgSupport.reason}`));
  cluster ??= startPostgres(pgSupport.bins);
  return cluster;
}

/**
 * describe.each over the dialects. PostgreSQL runs when its binaries exist; in CI (CI=true) it runs regardless, so
 * missing binaries FAIL there; locally they are skipped with a loud warning.
 */
export function describeDialects(name: string, fn: (dialect: DialectName) => void, only?: DialectName[]): void {
  const wanted = only ?? (["sqlite", "postgres"] as DialectName[]);
  const runPg = pgSupport.ok || process.env.CI === "true";
  const dialects = wanted.filter((d) => d !== "postgres" || runPg);
  if (wanted.includes("postgres") && !runPg && !pgSupport.ok) {
    console.warn(
      `\n!!! ${name}: PostgreSQL suite SKIPPED: ${pgSupport.reason}. It runs (and fails without it) in CI.\n`,
    );
    describe.skip(`${name} [postgres: SKIPPED, ${pgSupport.reason}]`, () => {});
  }
  describe.each(dialects)(`${name} [%s]`, (dialect) => fn(dialect));
}

afterAll(async () => {
  if (cluster) await (await cluster.catch(() => undefined))?.stop();
});

export interface TestEnv {
  dialect: DialectName;
  dataDir: string;
  dbUrl: string | undefined;
  config: Readonly<ServerConfig>;
  server: WardServer;
  close(): Promise<void>;
}

export interface EnvOptions {
  clock?: Clock;
  config?: Record<string, unknown>;
  /** Share this database (PostgreSQL URL) with another instance. */
  dbUrl?: string;
}

/** A database for a dialect: a fresh PostgreSQL database, or undefined for SQLite in the data dir. */
export async function newDatabaseUrl(dialect: DialectName): Promise<string | undefined> {
  return dialect === "postgres" ? (await pgCluster()).createDatabase() : undefined;
}

export async function newEnv(dialect: DialectName, options: EnvOptions = {}): Promise<TestEnv> {
  const dataDir = mkdtempSync(join(tmpdir(), "ward-collector-"));
  const dbUrl = options.dbUrl ?? (await newDatabaseUrl(dialect));
  const config = loadServerConfig({ flags: { dataDir, db: dbUrl, port: 0, ...options.config } });
  const server = await createServer(config, {
    logger: silentLogger,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  return {
    dialect,
    dataDir,
    dbUrl,
    config,
    server,
    async close() {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A council and an enrolment token for it. */
export async function councilWithToken(env: TestEnv, uses = 25, expires = "7d") {
  const deps = { db: env.server.ctx.db, clock: env.server.ctx.clock };
  const council = await createCouncil(deps, `Council ${Math.random().toString(36).slice(2)}`);
  const token = await createToken(deps, { council: council.id, expires, uses });
  return { council, token };
}

export interface Answer {
  status: number;
  body: unknown;
}

/** Parses an answer's body with the wire schema: every test checks the contract, not just the fields it reads. */
export function bodyOf<S extends z.ZodType>(answer: Answer, schema: S): z.infer<S> {
  return schema.parse(answer.body);
}

/** The error code and message of a 4xx/5xx answer. */
export function errorOf(answer: Answer): {
  code: string;
  message: string;
  details?: Record<string, unknown> | undefined;
} {
  return ErrorResponse.parse(answer.body).error;
}

export async function post(
  env: TestEnv,
  url: string,
  payload: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const res = await env.server.app.inject({ method: "POST", url, payload: payload as object, headers });
  return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : undefined };
}

export async function get(env: TestEnv, url: string, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await env.server.app.inject({ method: "GET", url, headers });
  const isJson = String(res.headers["content-type"] ?? "").includes("json");
  return { status: res.statusCode, body: isJson ? JSON.parse(res.body) : res.body };
}

/** A FakeDevice enrolled with a new council's token, and `send`, which posts envelopes for it to /v1/reports. */
export async function enrolledDevice(env: TestEnv) {
  const { token } = await councilWithToken(env);
  const device = new FakeDevice();
  device.deviceId = bodyOf(await post(env, "/v1/enroll", device.enrollBody(token.token)), EnrollResponse).deviceId;
  const send = async (...envelopes: Envelope[]) =>
    bodyOf(await post(env, "/v1/reports", { deviceId: device.deviceId, envelopes }), ReportsResponse);
  return { device, send };
}

type EnrolledDevice = Awaited<ReturnType<typeof enrolledDevice>>;

/** Sends `n` heartbeats one at a time, the clock a day on before each; returns them and the collector's answers. */
export async function sendDailyHeartbeats(
  { device, send }: EnrolledDevice,
  clock: ReturnType<typeof manualClock>,
  n = 5,
) {
  const beats: Envelope[] = [];
  const answers = [];
  for (let i = 0; i < n; i++) {
    clock.advance(DAY_MS);
    beats.push(device.heartbeat(undefined, clock.now()));
    answers.push((await send(beats.at(-1)!)).results[0]);
  }
  return { beats, answers };
}

/**
 * A device with a full report (seq 1) and five daily heartbeats (2-6), folded into one ledger range by the retention
 * tick 91 days on, then seq 7 accepted. Returns the tick's answer and each heartbeat's, for tests that check them.
 */
export async function foldedDevice(env: TestEnv, clock: ReturnType<typeof manualClock>) {
  const enrolled = await enrolledDevice(env);
  const { device, send } = enrolled;
  const first = device.full([checkResult("disk-encryption", "pass")], clock.now());
  await send(first);
  const { beats, answers } = await sendDailyHeartbeats(enrolled, clock);
  clock.advance(91 * DAY_MS);
  const ticked = await env.server.scheduler.tick();
  const [, range] = await ledgerForDevice(env.server.ctx.db.kysely, device.deviceId);
  expect(range).toMatchObject({ seq: 2, last_seq: 6, envelopes: 5 });
  // The chain went on past the range.
  expect((await send(device.heartbeat(undefined, clock.now()))).results[0]).toMatchObject({ outcome: "accepted" });
  return { device, send, first, beats, answers, ticked, range: range! };
}
