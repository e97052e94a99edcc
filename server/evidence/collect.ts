// What the evidence pack says for one council and period: devices, each control's timeline, reports and chain events
// per device, waivers and attestations, assembled from the rows queries/evidence-rows.ts reads.
import type { Kysely } from "kysely";
import type { Policy } from "../../shared/schemas/policy.js";
import { Policy as PolicySchema } from "../../shared/schemas/policy.js";
import type { Database } from "../db/schema.js";
import type { CouncilRow } from "../stores/council-store.js";
import type { AttestationRow } from "./attestation-store.js";
import { type Change, evidenceRows } from "./queries/evidence-rows.js";

export interface ControlTimeline {
  /** Status at the end of the period (waived when a waiver covered a failure then); "none" when never reported. */
  status: string;
  /** When the device first reported that status (of the run that lasts to the end of the period). */
  since: string | null;
  /** Share of the period's known time the control passed (0–1); null when nothing was known in the period. */
  passShare: number | null;
}

export interface DeviceEvidence {
  id: string;
  hostname: string;
  serial: string;
  model: string;
  os: string;
  assetNumber: string | null;
  assignedUser: string | null;
  enrolledAt: string;
  lastSeenAt: string | null;
  /** Accepted (signature-verified, chained) reports collected in the period, and the newest one. */
  reports: number;
  lastReportAt: string | null;
  /** Integrity events in the period by kind (gap, fork, spool-drop, re-enrol, heartbeat-mismatch). */
  integrity: Record<string, number>;
  controls: Record<string, ControlTimeline>;
}

export interface WaiverInPeriod {
  hostname: string;
  control: string;
  reason: string;
  approvedBy: string;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
}

export interface EvidenceData {
  council: { id: string; name: string };
  policy: Policy;
  /** Inclusive days (YYYY-MM-DD) and the instants they cover; the end is capped at generation time. */
  from: string;
  to: string;
  periodStart: string;
  periodEnd: string;
  generatedAt: string;
  devices: DeviceEvidence[];
  waivers: WaiverInPeriod[];
  attestations: AttestationRow[];
}

export async function collectEvidence(
  q: Kysely<Database>,
  council: CouncilRow,
  range: { from: string; to: string },
  now: Date,
): Promise<EvidenceData> {
  const periodStart = `${range.from}T00:00:00.000Z`;
  const periodEnd = new Date(Math.min(Date.parse(`${range.to}T00:00:00Z`) + 86_400_000, now.getTime())).toISOString();
  const { devices, changes, current, reports, events, waivers, attestations } = await evidenceRows(
    q,
    council.id,
    periodStart,
    periodEnd,
  );

  const byDevice = new Map<string, Change[]>();
  for (const c of changes) (byDevice.get(c.device_id) ?? byDevice.set(c.device_id, []).get(c.device_id)!).push(c);
  const currentBy = new Map<string, { control: string; status: string; since: string }[]>();
  for (const r of current) (currentBy.get(r.device_id) ?? currentBy.set(r.device_id, []).get(r.device_id)!).push(r);
  const reportsBy = new Map(reports.map((r) => [r.device_id, { n: Number(r.n), last: r.last as string | null }]));
  const eventsBy = new Map<string, Record<string, number>>();
  for (const e of events)
    (eventsBy.get(e.device_id) ?? eventsBy.set(e.device_id, {}).get(e.device_id)!)[e.kind] = Number(e.n);
  const waivedAtEnd = new Set(
    waivers
      .filter((w) => w.expires_at > periodEnd && (!w.revoked_at || w.revoked_at > periodEnd))
      .map((w) => `${w.device_id}|${w.control}`),
  );

  const start = Date.parse(periodStart);
  const end = Date.parse(periodEnd);
  return {
    council: { id: council.id, name: council.name },
    policy: PolicySchema.parse(JSON.parse(council.policy_json)),
    from: range.from,
    to: range.to,
    periodStart,
    periodEnd,
    generatedAt: now.toISOString(),
    devices: devices.map((d) => {
      const timelines = controlTimelines(byDevice.get(d.id) ?? [], start, end);
      // Results stored without history (imports, seeded data) still show their current state.
      for (const cur of currentBy.get(d.id) ?? []) {
        if (!timelines[cur.control] && cur.since < periodEnd)
          timelines[cur.control] = { status: cur.status, since: cur.since, passShare: null };
      }
      for (const [control, t] of Object.entries(timelines))
        if (t.status === "fail" && waivedAtEnd.has(`${d.id}|${control}`)) t.status = "waived";
      const r = reportsBy.get(d.id);
      return {
        id: d.id,
        hostname: d.hostname,
        serial: d.serial,
        model: d.model,
        os: `${d.os_name} ${d.os_version}`.trim(),
        assetNumber: d.asset_number ?? null,
        assignedUser: d.assigned_user ?? null,
        enrolledAt: d.enrolled_at,
        lastSeenAt: d.last_seen_at,
        reports: r?.n ?? 0,
        lastReportAt: r?.last ?? null,
        integrity: eventsBy.get(d.id) ?? {},
        controls: timelines,
      };
    }),
    waivers: waivers.map((w) => ({
      hostname: w.hostname,
      control: w.control,
      reason: w.reason,
      approvedBy: w.approved_by,
      createdAt: w.created_at,
      expiresAt: w.expires_at,
      revokedAt: w.revoked_at,
    })),
    attestations,
  };
}

/** Walks one device's status changes (oldest first) into, per control, the state at `end` and the share passing. */
export function controlTimelines(
  changes: readonly Change[],
  start: number,
  end: number,
): Record<string, ControlTimeline> {
  const perControl = new Map<string, Change[]>();
  for (const c of changes) (perControl.get(c.control) ?? perControl.set(c.control, []).get(c.control)!).push(c);
  const out: Record<string, ControlTimeline> = {};
  for (const [control, list] of perControl) {
    let cur: string | null = null;
    let since: string | null = null;
    let t = start;
    let pass = 0;
    let known = 0;
    const add = (until: number) => {
      const span = Math.max(0, until - t);
      if (cur && cur !== "not_applicable") {
        known += span;
        if (cur === "pass") pass += span;
      }
    };
    for (const c of list) {
      const at = Date.parse(c.collected_at);
      if (at >= end) break;
      if (at > t) {
        add(at);
        t = at;
      }
      if (c.to_status !== cur) since = c.collected_at;
      cur = c.to_status;
    }
    add(end);
    if (cur) out[control] = { status: cur, since, passShare: known > 0 ? pass / known : null };
  }
  return out;
}
