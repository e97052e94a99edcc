// Test support for agent end-to-end tests: a real collector on loopback and an agent core wired to it.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { memoryLogger } from "../../shared/logger.js";
import { AgentCore } from "../../agent/daemon/agent-core.js";
import { enrollDevice } from "../../agent/daemon/enroll.js";
import type { ProbeSource } from "../../agent/checks/framework/probe-source.js";
import { mapSource } from "../../agent/checks/framework/replay-source.js";
import type { DeviceDescription } from "../../agent/platform/inventory.js";
import { readDeviceKey, readEnrollment } from "../../agent/state/identity-store.js";
import { createCollectorClient } from "../../agent/transport/collector-client.js";
import type { Clock } from "../../server/clock.js";
import { loadServerConfig } from "../../server/config/config.js";
import { type RunningServer, startServer } from "../../server/main.js";
import { createCouncil, createToken } from "../../server/services/admin.js";
import { silentLogger } from "../../shared/logger.js";

export const DEVICE: DeviceDescription = {
  os: { platform: "linux", name: "Debian GNU/Linux", version: "12", build: "6.1.0-test" },
  inventory: { hostname: "clerk-laptop", serial: "PF-TEST-0001", model: "ThinkPad T480", manufacturer: "LENOVO" },
};

export async function startCollector(
  dataDir = mkdtempSync(join(tmpdir(), "ward-e2e-server-")),
  port = 0,
  clock?: Clock,
): Promise<RunningServer & { dataDir: string }> {
  const config = loadServerConfig({ flags: { dataDir, port, host: "127.0.0.1" } });
  const server = await startServer(config, {
    logger: silentLogger,
    processMetrics: false,
    ...(clock ? { clock } : {}),
  });
  return { ...server, dataDir };
}

export async function tokenFor(server: RunningServer, opts: { uses?: number; expires?: string } = {}) {
  const deps = { db: server.ctx.db, clock: server.ctx.clock };
  const council = await createCouncil(deps, `Council ${Math.random().toString(36).slice(2, 8)}`);
  const created = await createToken(deps, { council: council.id, expires: opts.expires ?? "7d", uses: opts.uses ?? 5 });
  return { council, token: created.token };
}

/** An agent core on an existing state directory (after enrolment), talking to `url`. */
export async function createCore(stateDir: string, url: string, source: ProbeSource = mapSource("linux", {})) {
  const enrollment = (await readEnrollment(stateDir))!;
  const key = (await readDeviceKey(stateDir))!;
  return new AgentCore({
    stateDir,
    enrollment,
    key,
    source,
    client: createCollectorClient({ serverUrl: url, retries: 0, timeoutMs: 5000 }),
    describe: async () => DEVICE,
    log: memoryLogger(),
    spoolLimits: { maxAgeDays: 30, maxBytes: 50 * 1024 * 1024 },
  });
}

export async function enrolledAgent(url: string, token: string, source: ProbeSource = mapSource("linux", {})) {
  const stateDir = mkdtempSync(join(tmpdir(), "ward-e2e-agent-"));
  const log = memoryLogger();
  const client = createCollectorClient({ serverUrl: url, retries: 0, timeoutMs: 5000 });
  const enrollment = await enrollDevice({ stateDir, serverUrl: url, token, client, device: DEVICE, log });
  const core = await createCore(stateDir, url, source);
  return { stateDir, core, enrollment, log, client };
}
