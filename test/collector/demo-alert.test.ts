// `npm run demo` shows a real alert (issue 17 item 5): its simulated Mac replays real captures of a SanDisk stick
// through the real agent core and report path, and the collector's own rules write the alert to the outbox.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { AlertContent } from "../../server/alerts/content.js";
import { renderEmail } from "../../server/alerts/format-email.js";
import { listAlerts } from "../../server/alerts/outbox-store.js";
import { startDemoMac } from "../../server/demo-laptop.js";
import type { RunningServer } from "../../server/main.js";
import { createCouncil } from "../../server/services/admin.js";
import { startCollector } from "../agent/agent-harness.js";

let server: RunningServer | undefined;
afterAll(async () => server?.close());

it("the demo's simulated Mac raises a USB alert through the real path, once, with a link to its page", async () => {
  server = await startCollector();
  const council = await createCouncil({ db: server.ctx.db, clock: server.ctx.clock }, "Demo Town Council");
  const macDir = mkdtempSync(join(tmpdir(), "ward-demo-mac-"));
  await startDemoMac(server, council.id, macDir);
  const rows = await listAlerts(server.ctx.db.kysely, { councilId: council.id, limit: 10 });
  const dsfm = rows.find((r) => r.destination === "email:dsfm@example.org");
  expect(dsfm?.rule).toBe("usb-storage");
  const email = renderEmail(AlertContent.parse(JSON.parse(dsfm!.content_json)), "dsfm", dsfm!.idempotency_key);
  const dir = join(process.cwd(), "test-artifacts", "emails");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "demo-usb-dsfm.txt"), `Subject: ${email.subject}\n\n${email.text}`);
  expect(email.subject).toContain("Demo Town Council");
  expect(email.subject).toContain("DEMO-CLERK-MBP");
  expect(email.text).toContain("SanDisk Extreme SSD");
  expect(email.text).toContain(`${server.url}/dashboard/devices/`);
  // The next demo start finds the Mac enrolled and reports again: the same alert is not written twice.
  await startDemoMac(server, council.id, macDir);
  const again = await listAlerts(server.ctx.db.kysely, { councilId: council.id, limit: 10 });
  expect(again.filter((r) => r.destination === "email:dsfm@example.org")).toHaveLength(1);
}, 60_000);
