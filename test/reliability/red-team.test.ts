// The red team's reproductions (research/turn2/security.md), re-run against a real collector over loopback HTTP and
// the agent's real file reading: take-over by re-enrolment, 40 parallel wrong logins, a symlink and FIFOs in a home.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { liveSource } from "../../agent/checks/framework/probe-source.js";
import type { ProbeDefinition } from "../../agent/checks/framework/probe.js";
import { kdeMechanism } from "../../agent/checks/screen-lock/mechanisms-linux.js";
import { parseKscreenlockerrc } from "../../agent/checks/screen-lock/parse-kscreenlockerrc.js";
import { linuxKscreenlockerrc } from "../../agent/checks/screen-lock/probes-linux.js";
import { createNodePlatform } from "../../agent/platform/node-platform.js";
import { setAlertSettings } from "../../server/alerts/settings-store.js";
import { loadServerConfig } from "../../server/config/config.js";
import { type RunningServer, startServer } from "../../server/main.js";
import { createCouncil, createToken } from "../../server/services/admin.js";
import { silentLogger } from "../../shared/logger.js";
import { EnrollResponse, ErrorResponse } from "../../shared/schemas/api.js";
import { FakeDevice } from "../collector/device.js";
import { BASE, readyUser } from "../dashboard/support.js";
import { count } from "./counts.js";

let server: RunningServer;
let dataDir = "";
let councilId = "";
let token = "";

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "ward-red-team-"));
  server = await startServer(loadServerConfig({ flags: { dataDir, port: 0, host: "127.0.0.1" } }), {
    logger: silentLogger,
    processMetrics: false,
  });
  const deps = { db: server.ctx.db, clock: server.ctx.clock };
  councilId = (await createCouncil(deps, "Red Team Parish Council")).id;
  token = (await createToken(deps, { council: councilId, expires: "1d", uses: 25 })).token;
  await setAlertSettings(server.ctx.db.kysely, councilId, {
    recipients: { it: ["it@provider.example"], dsfm: ["dsfm@council.example"] },
  });
});

afterAll(async () => {
  await server?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const postJson = (path: string, body: unknown) =>
  fetch(new URL(path, server.url), {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
const report = (d: FakeDevice) => postJson("/v1/reports", { deviceId: d.deviceId, envelopes: [d.full(undefined)] });

describe("take-over through re-enrolment (finding 1)", () => {
  it("a council token + a laptop's serial and maker + a new key never takes the laptop over", async () => {
    const LAPTOPS = ["SER-a1", "SER-a2"];
    let refused = 0;
    for (const serial of LAPTOPS) {
      // The real laptop is enrolled and reporting with its own key.
      const laptop = new FakeDevice(serial);
      laptop.deviceId = EnrollResponse.parse(
        await (await postJson("/v1/enroll", laptop.enrollBody(token))).json(),
      ).deviceId;
      expect((await report(laptop)).status).toBe(200);
      // The intruder: the same token, the serial and manufacturer off the sticker, a key of its own.
      const intruder = new FakeDevice(serial);
      const asked = await postJson("/v1/enroll", intruder.enrollBody(token));
      const answer = ErrorResponse.parse(await asked.json());
      expect([asked.status, answer.error.details?.reenrolment]).toEqual([409, "pending"]);
      // The intruder cannot report as the laptop; the laptop's own key keeps working.
      intruder.deviceId = laptop.deviceId;
      const forged = await report(intruder);
      const real = await report(laptop);
      if (forged.status === 401 && real.status === 200) refused++;
      expect([forged.status, real.status]).toEqual([401, 200]);
    }
    // Every request alerted the IT provider at once (through the outbox), and no key was replaced.
    const alerts = await server.ctx.db.kysely
      .selectFrom("alert_outbox")
      .select(["destination", "content_json"])
      .where("role", "=", "it")
      .execute();
    const takeOverAlerts = alerts.filter((a) => a.content_json.includes("A new key asks to take over"));
    const replaced = await server.ctx.db.kysely
      .selectFrom("devices")
      .select("id")
      .where("key_replaced_at", "is not", null)
      .execute();
    expect([takeOverAlerts.length, replaced.length]).toEqual([LAPTOPS.length, 0]);
    count("red-team take-over attempts", LAPTOPS.length);
    count("red-team take-overs refused, old key kept", refused);
    count("red-team take-over alerts to the IT provider", takeOverAlerts.length);
  });
});

describe("lockout raced in parallel (finding 3)", () => {
  /** One sign-in over HTTP, as a browser does it: the login page (its CSRF cookie and field), then the form. */
  async function wrongLogin(email: string): Promise<number> {
    const page = await fetch(new URL(`${BASE}/login`, server.url));
    const csrfCookie = page.headers
      .getSetCookie()
      .find((c) => c.startsWith("ward_login_csrf="))
      ?.split(";")[0];
    const field = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1];
    const res = await fetch(new URL(`${BASE}/login`, server.url), {
      method: "POST",
      redirect: "manual",
      headers: { cookie: csrfCookie ?? "", "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ _csrf: field ?? "", email, password: "wrong password!!" }).toString(),
    });
    await res.arrayBuffer();
    return res.status;
  }

  it("40 simultaneous wrong passwords: exactly 5 are checked, 35 refused by the lock before any check", async () => {
    const c = await readyUser(server, "race@council.example", "provider-technician");
    const statuses = await Promise.all(Array.from({ length: 40 }, () => wrongLogin(c.user.email)));
    const checked = statuses.filter((s) => s === 401).length;
    const locked = statuses.filter((s) => s === 429).length;
    expect({ checked, locked }).toEqual({ checked: 5, locked: 35 });
    count("red-team parallel wrong logins", statuses.length);
    count("red-team parallel wrong logins checked", checked);
    count("red-team parallel wrong logins refused unchecked", locked);
  });
});

describe.runIf(process.platform === "linux")("hostile files in a user's home (finding 2)", () => {
  const SECRET = "TOPSECRET-abc123 root-only";
  let home = "";
  let root = "";
  // The KDE probe exactly as shipped, with the user's home in a temporary folder instead of /home/<user>.
  const probe: ProbeDefinition = {
    ...linuxKscreenlockerrc,
    spec: (q, u) => ({
      ...linuxKscreenlockerrc.spec(q, u),
      path: join(home, ".config", "kscreenlockerrc"),
      userHome: home,
    }),
  };
  const source = liveSource(createNodePlatform("linux", { powershellHost: null }));
  /** What the red team ran: the live probe, the parser, the KDE mechanism; what would reach the report. */
  async function mechanismDetail(): Promise<string> {
    const out = await source.run(probe, "u1");
    const m = kdeMechanism("u1", out.ok ? parseKscreenlockerrc(out.text) : { ok: false, error: out.error });
    return JSON.stringify(m);
  }
  beforeAll(() => {
    home = mkdtempSync(join(tmpdir(), "ward-red-team-home-"));
    root = mkdtempSync(join(tmpdir(), "ward-red-team-root-"));
    mkdirSync(join(home, ".config"));
    writeFileSync(join(root, "secret"), `${SECRET}\n`, { mode: 0o600 });
  });
  afterAll(() => {
    rmSync(home, { recursive: true, force: true });
    rmSync(root, { recursive: true, force: true });
  });

  it("a symlink to a root-only file is not read, and its content reaches nothing", async () => {
    const file = join(home, ".config", "kscreenlockerrc");
    symlinkSync(join(root, "secret"), file);
    const detail = await mechanismDetail();
    rmSync(file);
    expect(detail).not.toContain("TOPSECRET");
    expect(detail).toContain('"state":"unknown"');
    count("red-team hostile home files tried", 1);
    count("red-team hostile home files read", detail.includes("TOPSECRET") ? 1 : 0);
  });

  it("FIFOs, more of them than the thread pool has threads, never hang a read or the agent's own file writes", async () => {
    const FIFOS = 8;
    const file = join(home, ".config", "kscreenlockerrc");
    execFileSync("mkfifo", [file]);
    const started = Date.now();
    // Each read must settle by itself; the 5 s bound only turns a hang into a counted failure, not a pass.
    const settle = (p: Promise<string>) =>
      Promise.race([p, new Promise<string>((r) => setTimeout(() => r("HUNG"), 5000).unref())]);
    const details = await Promise.all(Array.from({ length: FIFOS }, () => settle(mechanismDetail())));
    const hung = details.filter((d) => d === "HUNG").length;
    // The agent still writes and reads its own files (the spool and state go through the same thread pool).
    const own = join(root, "state.json");
    await settle(writeFile(own, "{}").then(() => readFile(own, "utf8")));
    rmSync(file);
    expect(hung).toBe(0);
    expect(Date.now() - started).toBeLessThan(5000);
    for (const d of details) expect(d).toContain("not a regular file");
    count("red-team hostile home files tried", FIFOS);
    count("red-team hostile home file hangs", hung);
  });
});
