// `npm run demo`'s second laptop: a Mac simulated by replaying real captured outputs (a SanDisk Extreme SSD on its USB
// bus, agent/checks/usb-storage/fixtures/SOURCES.md) through the real agent core, enrolment and report path, so the
// collector's own alert rules raise a real alert the demo user can read on the Alerts page and approve.
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { mapSource } from "../agent/checks/framework/replay-source.js";
import { AgentCore } from "../agent/daemon/agent-core.js";
import { enrollDevice } from "../agent/daemon/enroll.js";
import type { DeviceDescription } from "../agent/platform/inventory.js";
import { readDeviceKey, readEnrollment } from "../agent/state/identity-store.js";
import { createCollectorClient } from "../agent/transport/collector-client.js";
import { silentLogger } from "../shared/logger.js";
import { getAlertSettings, setAlertSettings } from "./alerts/settings-store.js";
import { createToken } from "./services/admin.js";
import type { ServiceContext } from "./services/context.js";

const USB_FIXTURES = resolve(import.meta.dirname, "../agent/checks/usb-storage/fixtures/macos");
const capture = (name: string) => readFileSync(join(USB_FIXTURES, name), "utf8");

export const DEMO_MAC: DeviceDescription = {
  os: { platform: "macos", name: "macOS", version: "14.5", build: "23F79" },
  inventory: { hostname: "DEMO-CLERK-MBP", serial: "DEMO-C02XK0001", model: "MacBook Air", manufacturer: "Apple Inc." },
};

/** Enrols the simulated Mac once (its state in `stateDir`) and sends one report of its replayed checks. */
export async function runDemoMac(serverUrl: string, token: string | null, stateDir: string): Promise<void> {
  const client = createCollectorClient({ serverUrl, retries: 0, timeoutMs: 10_000 });
  if (!(await readEnrollment(stateDir).catch(() => null))) {
    if (!token) return;
    await enrollDevice({ stateDir, serverUrl, token, client, device: DEMO_MAC, log: silentLogger });
  }
  const enrollment = await readEnrollment(stateDir);
  const key = await readDeviceKey(stateDir);
  if (!enrollment || !key) return;
  const core = new AgentCore({
    stateDir,
    enrollment,
    key,
    source: mapSource("macos", {
      "mac.diskutil-external": capture("diskutil-list-external-usb-stick.plist"),
      "mac.diskutil-info@disk2": capture("diskutil-info-flash-disk-fixed.txt"),
      "mac.usb": capture("system-profiler-sandisk-extreme-ssd.json"),
    }),
    client,
    describe: async () => DEMO_MAC,
    log: silentLogger,
    spoolLimits: { maxAgeDays: 30, maxBytes: 10 * 1024 * 1024 },
  });
  await core.cycle();
  await core.deliver();
}

interface DemoServer {
  url: string;
  ctx: ServiceContext;
}

/**
 * The demo council's alerts go to a DSFM address (nothing is emailed: the demo sets no mail server, so alerts wait on
 * the Alerts page, each shown as it would arrive) and link to this dashboard; then the simulated Mac reports.
 */
export async function startDemoMac(server: DemoServer, councilId: string, stateDir: string): Promise<void> {
  const q = server.ctx.db.kysely;
  const s = await getAlertSettings(q, councilId);
  if (!s.recipients.dsfm.length && !s.recipients.it.length) {
    await setAlertSettings(q, councilId, {
      ...s,
      recipients: { dsfm: ["dsfm@example.org"], it: ["it@example.org"] },
      publicUrl: s.publicUrl ?? `${server.url}/dashboard`,
    });
  }
  const enrolled = await readEnrollment(stateDir).catch(() => null);
  const token = enrolled
    ? null
    : (
        await createToken(
          { db: server.ctx.db, clock: server.ctx.clock },
          { council: councilId, expires: "1d", uses: 1 },
        )
      ).token;
  await runDemoMac(server.url, token, stateDir);
}
