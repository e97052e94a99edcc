// Pure verdict: fail if unapproved USB storage was seen since the last report, unknown if Ward could not tell, else pass.
import type { OsPlatform } from "../../../shared/schemas/control.js";
import type { UsbStorageFacts as ReportedUsbFacts } from "../../../shared/controls/usb-storage.js";
import type { Policy } from "../../../shared/schemas/policy.js";
import type { Verdict } from "../framework/check.js";
import { deviceLabel, type Sighting } from "./device.js";
import type { UsbStorageFacts } from "./facts.js";
import { type Approval, approvalFor } from "./match.js";
import { cannotCheckSteps, unapprovedSteps, unidentifiedSteps } from "./remediation.js";

interface Judged {
  device: Sighting;
  label: string;
  approval: Approval;
  attachedNow: boolean;
}

/**
 * Order of reasons: an unapproved device seen is a fail even when a probe failed later (the sighting is evidence);
 * otherwise a failed probe or a device without USB ids makes it unknown; pass needs a successful look now.
 */
export function evaluate(facts: UsbStorageFacts, policy: Policy, os: OsPlatform): Verdict {
  const attached = new Set(facts.attachedNow);
  const judged: Judged[] = facts.devices.map((device) => ({
    device,
    label: deviceLabel(device),
    approval: approvalFor(device, policy.approvedUsbDevices),
    attachedNow: attached.has(device.key),
  }));
  const out = (status: Verdict["status"], summary: string, remediation: string[]): Verdict => ({
    status,
    // The report allows 1000 characters; the full list is always in the facts.
    summary: summary.length > MAX_SUMMARY ? `${summary.slice(0, MAX_SUMMARY - 1)}…` : summary,
    facts: reportFacts(facts, judged),
    remediation: remediation.map((r) => (r.length > MAX_STEP ? `${r.slice(0, MAX_STEP - 1)}…` : r)),
  });

  const unapproved = judged.filter((j) => j.approval.status === "not-approved");
  if (unapproved.length > 0) {
    const list = listSome(unapproved.map((j) => `${j.label}, ${seenWhen(j)}`));
    const what =
      unapproved.length === 1
        ? "A USB storage device that is not on the council's approved list was connected to this laptop since the last report"
        : `${unapproved.length} USB storage devices that are not on the council's approved list were connected to this laptop since the last report`;
    return out(
      "fail",
      `${what}: ${list}.`,
      unapprovedSteps(
        os,
        unapproved.slice(0, SHOWN).map((j) => j.label),
      ),
    );
  }
  if (!facts.listedNow) {
    const why = facts.problems[0] ?? "its probes did not answer";
    return out(
      "unknown",
      `Ward could not tell whether unapproved USB storage was connected: ${why}`,
      cannotCheckSteps(os),
    );
  }
  const unidentified = judged.filter((j) => j.approval.status === "unidentified");
  if (unidentified.length > 0) {
    const list = listSome(unidentified.map((j) => `${j.label}, ${seenWhen(j)}`));
    return out(
      "unknown",
      `Ward saw USB storage it could not identify (${list}), so it cannot tell whether it was approved.`,
      unidentifiedSteps(os),
    );
  }
  if (judged.length === 0) return out("pass", "No USB storage was connected to this laptop since the last report.", []);
  const approvedText = listSome(
    judged.map((j) => {
      const a = j.approval;
      if (a.status !== "approved") return j.label;
      const how =
        a.match === "serial"
          ? ""
          : j.device.serial
            ? " — matched on make and model only, because the approval covers any serial number"
            : " — matched on make and model only, because the device has no serial number";
      return `${j.label} (approved as "${a.approvalLabel}"${how})`;
    }),
  );
  return out("pass", `Only approved USB storage was connected since the last report: ${approvedText}.`, []);
}

const MAX_SUMMARY = 1000;
const MAX_STEP = 1000;
/** Devices named in a summary; the rest are counted (all of them are in the facts). */
const SHOWN = 3;

function listSome(items: readonly string[]): string {
  const shown = items.slice(0, SHOWN).join("; ");
  return items.length > SHOWN ? `${shown}; and ${items.length - SHOWN} more (listed in the report details)` : shown;
}

function seenWhen(j: Judged): string {
  if (j.device.source === "history") return "found in Windows' device history (connected while Ward was not watching)";
  const first = when(j.device.firstSeen);
  const last = when(j.device.lastSeen);
  const span = first === last ? `seen ${first}` : `seen ${first} to ${last}`;
  return j.attachedNow ? `${span}, still connected` : span;
}

/** "2026-11-22 09:05 UTC": unambiguous for a clerk and the IT provider alike. */
function when(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/** The facts as shared/controls/usb-storage.ts describes them for the collector. */
function reportFacts(facts: UsbStorageFacts, judged: readonly Judged[]): ReportedUsbFacts {
  return {
    os: facts.os,
    listedNow: facts.listedNow,
    problems: facts.problems,
    otherRemovable: facts.otherRemovable,
    historyKnown: facts.historyKnown,
    devices: judged.map((j) => ({
      label: j.label,
      vendorId: j.device.vendorId,
      productId: j.device.productId,
      serial: j.device.serial,
      vendor: j.device.vendor,
      model: j.device.model,
      sizeBytes: j.device.sizeBytes,
      sizeText: j.device.sizeText,
      source: j.device.source,
      firstSeen: j.device.firstSeen,
      lastSeen: j.device.lastSeen,
      attachedNow: j.attachedNow,
      approval: j.approval.status,
      matchedOn: j.approval.status === "approved" ? j.approval.match : null,
      approvalLabel: j.approval.status === "approved" ? j.approval.approvalLabel : null,
      notes: j.device.notes,
    })),
  };
}
