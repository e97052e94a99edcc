// A demo council with a year of real signed reports: devices report through the collector's API while its clock
// moves through the year, so status changes, the ledger and a chain gap are what the collector itself recorded.
import type { Clock } from "../../server/clock.js";
import { insertAttestation } from "../../server/evidence/attestation-store.js";
import type { RunningServer } from "../../server/main.js";
import { createCouncil, createToken, setCouncilPolicy } from "../../server/services/admin.js";
import { insertWaiver } from "../../server/stores/waiver-store.js";
import { type CheckStatus, CONTROL_IDS, type ControlId } from "../../shared/schemas/control.js";
import { checkResult, FakeDevice } from "../collector/device.js";

export const DEMO_COUNCIL = "Demo Town Council";
export const DEMO_HOSTS = ["CLERK-LAPTOP", "DSFM-SURFACE", "CHAMBER-PC", "RÉCEPTION-PC"] as const;
const DAY = 86_400_000;

type Statuses = Partial<Record<ControlId, CheckStatus>>;
/** Every control Ward checks passes, unless a device's plan below says otherwise. */
const ALL_PASS: Statuses = Object.fromEntries(CONTROL_IDS.map((c) => [c, "pass"]));

/** Day of the year (0 = a year ago) → that device's results. */
const PLANS: Record<(typeof DEMO_HOSTS)[number], (day: number) => Statuses> = {
  "CLERK-LAPTOP": (d) => ({ ...ALL_PASS, "os-patch": d >= 200 && d < 221 ? "fail" : "pass" }),
  "DSFM-SURFACE": (d) => ({ ...ALL_PASS, "usb-storage": d >= 300 ? "fail" : "pass" }),
  "CHAMBER-PC": (d) => ({
    ...ALL_PASS,
    "screen-lock": d >= 60 ? "fail" : "pass",
    "disk-encryption": d < 30 ? "unknown" : "pass",
  }),
  "RÉCEPTION-PC": (d) => ({ ...ALL_PASS, hotspot: d >= 150 && d < 152 ? "fail" : "pass" }),
};

export interface DemoCouncil {
  councilId: string;
  devices: Map<string, FakeDevice>;
}

/**
 * Enrols the demo devices a year before `end` and sends a full report from each every `everyDays` days (and on
 * each status change), with the server's clock set to the report's time; the clock ends at `end`.
 */
export async function seedDemoCouncil(
  server: RunningServer,
  clock: Clock & { set(at: Date): void },
  end: Date,
  everyDays = 7,
): Promise<DemoCouncil> {
  const start = new Date(end.getTime() - 365 * DAY);
  clock.set(start);
  const deps = { db: server.ctx.db, clock: server.ctx.clock };
  const council = await createCouncil(deps, DEMO_COUNCIL);
  await setCouncilPolicy(deps, council.id, {
    clauses: {
      "screen-lock": "Wellington IT Policy 4.1.2 (lock when away)",
      "usb-storage": "Wellington IT Policy 4.2.3 (USB storage only with the DSFM's approval)",
      hotspot: "Wellington IT Policy 4.2.4 (no personal Wi-Fi hotspots)",
      "disk-encryption": "Wellington IT Policy 5.2 (portable devices encrypted)",
    },
  });
  const { token } = await createToken(deps, { council: council.id, expires: "7d", uses: DEMO_HOSTS.length });
  const devices = new Map<string, FakeDevice>();
  for (const host of DEMO_HOSTS) {
    const d = new FakeDevice(`SN-${host.replace(/[^A-Z]/g, "").slice(0, 6)}-01`);
    d.inventory.hostname = host;
    Object.assign(d.os, { platform: "windows", name: "Windows 11 Pro", version: "23H2", build: "22631.4460" });
    const enrolled = await server.app.inject({ method: "POST", url: "/v1/enroll", payload: d.enrollBody(token) });
    if (enrolled.statusCode !== 200) throw new Error(`enrol failed: ${enrolled.body}`);
    d.deviceId = (JSON.parse(enrolled.body) as { deviceId: string }).deviceId;
    devices.set(host, d);
  }
  const last = new Map<string, string>();
  for (let day = 0; day <= 365; day++) {
    for (const host of DEMO_HOSTS) {
      const statuses = PLANS[host](day);
      const key = JSON.stringify(statuses);
      if (day % everyDays !== 0 && last.get(host) === key && day !== 365) continue;
      last.set(host, key);
      const at = new Date(start.getTime() + day * DAY + 9 * 3_600_000);
      if (at > end) continue;
      clock.set(at);
      const d = devices.get(host)!;
      // The chamber PC loses two reports on the way in the spring: the collector records a gap.
      if (host === "CHAMBER-PC" && day === 98) d.lose(2);
      const results = Object.entries(statuses).map(([c, s]) => checkResult(c as ControlId, s));
      const sent = await server.app.inject({
        method: "POST",
        url: "/v1/reports",
        payload: { deviceId: d.deviceId, envelopes: [d.full(results, at)] },
      });
      if (sent.statusCode !== 200) throw new Error(`report failed on day ${day} for ${host}: ${sent.body}`);
    }
  }
  clock.set(end);
  const q = server.ctx.db.kysely;
  const chamber = devices.get("CHAMBER-PC")!;
  await insertWaiver(q, {
    councilId: council.id,
    deviceId: chamber.deviceId,
    control: "screen-lock",
    reason: "Presentation PC in the council chamber: locks would interrupt public meetings",
    approvedBy: "dsfm@demo-town.example",
    expiresAt: new Date(end.getTime() + 90 * DAY),
    now: new Date(end.getTime() - 30 * DAY),
  });
  await insertAttestation(q, {
    council_id: council.id,
    kind: "it-policy",
    evidence:
      "Minutes of the full council meeting of 12 May 2026, item 9: IT policy v3 adopted; reviewed by the Finance & General Purposes Committee on 10 November 2026.",
    checked_on: day(end, -20),
    expires_at: new Date(end.getTime() + 340 * DAY).toISOString(),
    policy_adopted_on: day(end, -205),
    policy_reviewed_on: day(end, -23),
    minute_ref: "FC 26/109 item 9",
    recorded_by: "dsfm@demo-town.example",
    recorded_role: "council-manager",
    recorded_at: new Date(end.getTime() - 20 * DAY).toISOString(),
  });
  await insertAttestation(q, {
    council_id: council.id,
    kind: "mfa-cloud",
    evidence:
      "Microsoft 365 admin centre, per-user MFA report of 2 December: 6 of 6 users registered and enforced; conditional-access policy 'Require MFA for all users' on.",
    checked_on: day(end, -1),
    expires_at: new Date(end.getTime() + 180 * DAY).toISOString(),
    recorded_by: "tech@provider.example",
    recorded_role: "provider-technician",
    recorded_at: new Date(end.getTime() - DAY).toISOString(),
  });
  return { councilId: council.id, devices };
}

function day(end: Date, offset: number): string {
  return new Date(end.getTime() + offset * DAY).toISOString().slice(0, 10);
}
