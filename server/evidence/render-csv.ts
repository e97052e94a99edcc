// The evidence pack's rows as CSV: one row per device and control (by Cyber Essentials area), then the attestations.
import { csvLine } from "../dashboard/csv.js";
import { ATTESTATION_TEXT } from "./attestation-kinds.js";
import { attestationState } from "./attestation-store.js";
import type { EvidenceData } from "./collect.js";
import type { PackContent } from "./content.js";
import { chainVerdict, controlTitle, deviceText, percent } from "./wording.js";

const HEADER = [
  "section",
  "area",
  "control",
  "device",
  "serial",
  "asset",
  "status",
  "since",
  "share_passing",
  "last_report",
  "reports_in_period",
  "chain",
  "detail",
];

export function renderEvidenceCsv(data: EvidenceData, content: PackContent): string {
  const out: string[] = [csvLine(HEADER)];
  const groups = [
    ...content.areas.map((a) => ({
      area: a.area.title,
      controls: a.controls.map((s) => s.control),
      empty: a.controls.length === 0,
    })),
    { area: "Other council controls", controls: content.other.map((s) => s.control), empty: false },
  ];
  for (const g of groups) {
    if (g.empty)
      out.push(
        csvLine(["device-evidence", g.area, "", "", "", "", "no evidence from devices yet", "", "", "", "", "", ""]),
      );
    for (const control of g.controls) {
      for (const d of data.devices) {
        const t = d.controls[control];
        out.push(
          csvLine([
            "device-evidence",
            g.area,
            controlTitle(control),
            deviceText(d.hostname),
            deviceText(d.serial),
            deviceText(d.assetNumber),
            t?.status ?? "none",
            t?.since ?? "",
            t?.passShare === null || t?.passShare === undefined ? "" : percent(t.passShare),
            d.lastReportAt ?? "",
            d.reports,
            chainVerdict(d).text,
            "",
          ]),
        );
      }
    }
  }
  const at = new Date(data.generatedAt);
  for (const a of data.attestations) {
    const extra =
      a.kind === "it-policy"
        ? ` Adopted ${a.policy_adopted_on ?? "?"}, reviewed ${a.policy_reviewed_on ?? "?"}, minute ${deviceText(a.minute_ref) || "?"}.`
        : "";
    out.push(
      csvLine([
        "attestation",
        "",
        ATTESTATION_TEXT[a.kind]?.title ?? a.kind,
        "",
        "",
        "",
        attestationState(a, at),
        a.checked_on,
        "",
        a.recorded_at,
        "",
        "",
        `${deviceText(a.evidence, 1000)} (recorded by ${deviceText(a.recorded_by)}; expires ${a.expires_at.slice(0, 10)}).${extra}`,
      ]),
    );
  }
  return out.join("");
}
