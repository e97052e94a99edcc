// The pieces of the evidence PDF's pages: device cells, control and attestation lines, the device table.
import { ATTESTATION_TEXT } from "./attestation-kinds.js";
import type { DeviceEvidence, EvidenceData } from "./collect.js";
import { type AreaContent, type ControlSummary, countsText, type PackContent } from "./content.js";
import type { PdfWriter } from "./pdf-writer.js";
import { controlTitle, day, deviceText, minute, percent, statusText } from "./wording.js";

export const ROLE_WORDS: Record<string, string> = {
  "provider-admin": "IT provider",
  "provider-technician": "IT provider",
  "council-manager": "council manager",
  "council-viewer": "council viewer",
};

export function deviceLabel(d: DeviceEvidence): string {
  return `${deviceText(d.hostname, 60)}\n${deviceText(d.model, 40)}, serial ${deviceText(d.serial, 40)}`;
}

export function controlCell(d: DeviceEvidence, control: string): string {
  const t = d.controls[control];
  if (!t) return statusText("none");
  const lines = [statusText(t.status)];
  if (t.since) lines.push(`since ${day(t.since)}`);
  if (t.passShare !== null) lines.push(`${percent(t.passShare)} of the period passing`);
  return lines.join("\n");
}

export function controlLine(data: EvidenceData, s: ControlSummary): string {
  const clause = data.policy.clauses[s.control as keyof typeof data.policy.clauses];
  return `${controlTitle(s.control)}${clause ? ` (your policy: ${clause})` : ""}: at the end of the period ${countsText(s) || "no devices"}; on average ${percent(s.meanPassShare)} of the period passing.`;
}

export function attestationLine(
  kind: keyof typeof ATTESTATION_TEXT,
  a: AreaContent["attestations"][number] | PackContent["latest"][keyof PackContent["latest"]],
): string {
  const title = ATTESTATION_TEXT[kind].title;
  if (!a.row) return `${title}: ✘ not recorded. Record it on the Evidence pack page of the dashboard.`;
  if (!a.inForce)
    return `${title}: ✘ lapsed (checked ${a.row.checked_on}, expired ${day(a.row.expires_at)}). Record it again.`;
  return `${title}: ✔ in force, checked ${a.row.checked_on} by ${deviceText(a.row.recorded_by)}, until ${day(a.row.expires_at)}.`;
}

export function deviceTable(w: PdfWriter, data: EvidenceData, controls: string[]): void {
  if (data.devices.length === 0) {
    w.paragraph("No devices reported in the period.");
    return;
  }
  w.table(
    [
      { header: "Device", width: 2.2 },
      ...controls.map((c) => ({ header: controlTitle(c), width: 1.6 })),
      { header: "Last report", width: 1.2 },
    ],
    data.devices.map((d) => [deviceLabel(d), ...controls.map((c) => controlCell(d, c)), minute(d.lastReportAt)]),
  );
}

export function summaryOf(content: PackContent, control: string): ControlSummary {
  return (
    [...content.areas.flatMap((a) => a.controls), ...content.other].find((s) => s.control === control) ?? {
      control,
      counts: {},
      meanPassShare: null,
    }
  );
}
