// What the evidence pack says, computed once from the collected data and shared by the PDF and the CSV.
import { CONTROL_IDS } from "../../shared/schemas/control.js";
import { ATTESTATION_KINDS, ATTESTATION_TEXT, type AttestationKind } from "./attestation-kinds.js";
import { type AttestationRow, attestationState } from "./attestation-store.js";
import { CE_AREAS, type CeArea, otherControls, presentControls } from "./ce-areas.js";
import type { DeviceEvidence, EvidenceData } from "./collect.js";
import { controlTitle } from "./wording.js";

export interface ControlSummary {
  control: string;
  counts: Record<string, number>;
  /** Mean share of the period passing over devices with a known state; null when none. */
  meanPassShare: number | null;
}

export interface AreaContent {
  area: CeArea;
  controls: ControlSummary[];
  /** The attestations this area relies on, each the newest in force (or the newest at all, lapsed). */
  attestations: { kind: AttestationKind; row: AttestationRow | null; inForce: boolean }[];
}

export interface PackContent {
  headline: string;
  areas: AreaContent[];
  other: ControlSummary[];
  /** The newest attestation of each kind and whether it is in force at generation time. */
  latest: Record<AttestationKind, { row: AttestationRow | null; inForce: boolean }>;
  compliantDevices: number;
}

export function summariseControl(devices: readonly DeviceEvidence[], control: string): ControlSummary {
  const counts: Record<string, number> = {};
  let sum = 0;
  let n = 0;
  for (const d of devices) {
    const t = d.controls[control];
    const status = t?.status ?? "none";
    counts[status] = (counts[status] ?? 0) + 1;
    if (t?.passShare !== null && t?.passShare !== undefined) {
      sum += t.passShare;
      n++;
    }
  }
  return { control, counts, meanPassShare: n ? sum / n : null };
}

function latestOf(
  rows: readonly AttestationRow[],
  kind: AttestationKind,
  at: Date,
): { row: AttestationRow | null; inForce: boolean } {
  const mine = rows.filter((r) => r.kind === kind);
  const inForce = mine
    .filter((r) => attestationState(r, at) === "in-force")
    .sort((a, b) => b.checked_on.localeCompare(a.checked_on))[0];
  if (inForce) return { row: inForce, inForce: true };
  return { row: mine.sort((a, b) => b.recorded_at.localeCompare(a.recorded_at))[0] ?? null, inForce: false };
}

/** A device meets every check at the end of the period: each control passes, is not applicable, or is waived. */
function compliant(d: DeviceEvidence): boolean {
  return CONTROL_IDS.every((c) => ["pass", "not_applicable", "waived"].includes(d.controls[c]?.status ?? "none"));
}

export function packContent(data: EvidenceData): PackContent {
  const at = new Date(data.generatedAt);
  const latest = Object.fromEntries(
    ATTESTATION_KINDS.map((k) => [k, latestOf(data.attestations, k, at)]),
  ) as PackContent["latest"];
  const areas = CE_AREAS.map((area) => ({
    area,
    controls: presentControls(area).map((c) => summariseControl(data.devices, c)),
    attestations: area.attestations.map((kind) => ({ kind, ...latest[kind] })),
  }));
  const compliantDevices = data.devices.filter(compliant).length;
  const n = data.devices.length;
  const inForce = ATTESTATION_KINDS.filter((k) => latest[k].inForce).length;
  const noDeviceEvidence = areas
    .filter((a) => a.controls.length === 0)
    .map((a) => lowerFirst(a.area.title.replace(/ \(.*\)$/, "")));
  const missing = ATTESTATION_KINDS.filter((k) => !latest[k].inForce).map((k) => lowerFirst(ATTESTATION_TEXT[k].title));
  const parts = [
    n === 0
      ? `${data.council.name} had no devices reporting to Ward between ${data.from} and ${data.to}`
      : `At the end of the period (${data.from} to ${data.to}), ${compliantDevices} of ${n} device${n === 1 ? "" : "s"} of ${data.council.name} met every check Ward makes`,
    `${inForce} of ${ATTESTATION_KINDS.length} attestations are in force${missing.length ? ` (missing or lapsed: ${missing.join("; ")})` : ""}`,
  ];
  if (noDeviceEvidence.length) parts.push(`Ward has no device evidence yet for ${listWords(noDeviceEvidence)}`);
  return {
    headline: `${parts.join("; ")}.`,
    areas,
    other: otherControls().map((c) => summariseControl(data.devices, c)),
    latest,
    compliantDevices,
  };
}

/** "Administrator accounts" → "administrator accounts" inside a sentence; "MFA …" and "IT policy …" stay as they are. */
function lowerFirst(s: string): string {
  return /^[A-Z][a-z]/.test(s) ? `${s[0]!.toLowerCase()}${s.slice(1)}` : s;
}

function listWords(items: string[]): string {
  return items.length < 2 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

/** "3 ✔ pass, 1 ✘ fail, …" for a control's devices at the end of the period. */
export function countsText(s: ControlSummary): string {
  const order: [string, string][] = [
    ["pass", "✔ pass"],
    ["fail", "✘ fail"],
    ["waived", "‖ waived"],
    ["unknown", "? unknown"],
    ["not_applicable", "– not applicable"],
    ["none", "· no result"],
  ];
  return order
    .filter(([k]) => (s.counts[k] ?? 0) > 0)
    .map(([k, w]) => `${s.counts[k]} ${w}`)
    .join(", ");
}

export { controlTitle };
