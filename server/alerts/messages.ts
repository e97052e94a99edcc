// The words of each alert: what happened on which laptop, which clause it breaks, what to do (plain, then technical).
import { alertKindFor, controlDescription, failWording } from "../../shared/controls/index.js";
import type { CheckResult } from "../../shared/schemas/check-result.js";
import type { ControlId } from "../../shared/schemas/control.js";
import type { DeviceRow } from "../stores/device-store.js";
import { type AlertContent, clauseText } from "./content.js";
import { deviceLines, deviceLink, factLines } from "./device-facts.js";
import type { AlertSettings, RuleId } from "./settings.js";

export interface MessageContext {
  councilName: string;
  device: DeviceRow;
  settings: AlertSettings;
  now: Date;
}

function base(m: MessageContext, rule: RuleId, kind: AlertContent["kind"]) {
  return {
    kind,
    rule,
    councilName: m.councilName,
    deviceId: m.device.id,
    deviceName: m.device.hostname,
    link: deviceLink(m.settings.publicUrl, m.device.id),
    occurredAt: m.now.toISOString(),
    resolves: null,
  };
}

/** A failing control: the check's own summary and steps, the clause, and the facts for the IT provider. */
export function controlAlert(m: MessageContext, result: CheckResult): AlertContent {
  const description = controlDescription(result.control);
  const headline = alertKindFor(result).headline;
  return {
    ...base(m, result.control, "alert"),
    headline,
    clause: result.clause,
    plain: [
      `On the laptop "${m.device.hostname}": ${result.summary}`,
      failWording(result).why,
      breaksSentence(result.clause, m.councilName),
    ],
    // The collector's own steps for this control, never the ones the device sent: a compromised laptop must not be
    // able to put its words ("call this number", "reply with your password") into a genuine Ward email.
    actions: [...collectorSteps(result), "If you cannot do this yourself, forward this message to your IT provider."],
    technical: [
      `Control: ${description.title} (${result.control}); status: ${result.status}`,
      ...deviceLines(m.device),
      ...factLines(result.facts).map((l) => `fact ${l}`),
      ...result.probeErrors.map((e) => `probe error ${e.probe}: ${e.error}`),
    ],
  };
}

/** What to do, in the collector's words for the result's state (unknown has its own steps). */
export function collectorSteps(result: Pick<CheckResult, "control" | "facts" | "status">): readonly string[] {
  const wording = result.status === "unknown" ? controlDescription(result.control).states.unknown : failWording(result);
  return wording.remediation.length ? wording.remediation : ["Ask your IT provider to look at this laptop."];
}

/** "This breaks Policy 5.2 (Council)." or, with no clause named, "This breaks Council's IT policy." */
function breaksSentence(clause: string | null, councilName: string): string {
  return clause ? `This breaks ${clauseText(clause)} (${councilName}).` : `This breaks ${councilName}'s IT policy.`;
}

/** One sentence: ends with exactly one full stop (or the ? or ! it already has), never "..". */
export function sentence(text: string): string {
  const t = text.trimEnd();
  return /[.!?…]$/.test(t) ? t : `${t}.`;
}

/** A failing control that passes again: one short note. */
export function resolvedNote(m: MessageContext, control: ControlId | "silence", summary: string | null): AlertContent {
  const what =
    control === "silence"
      ? "The laptop is reporting to Ward again"
      : `${controlDescription(control).title} meets the policy again`;
  return {
    ...base(m, "recovery", "resolved"),
    headline: `Resolved: ${what}`,
    clause: null,
    plain: [
      sentence(`On the laptop "${m.device.hostname}": ${summary ?? what}`),
      "Nothing more needs doing for this alert.",
    ],
    actions: [],
    technical: [`Subject: ${control}`, ...deviceLines(m.device)],
  };
}

/** A device that has not reported for the silence period. Ward cannot tell why, and says so. */
export function silenceAlert(m: MessageContext, hours: number): AlertContent {
  const last = m.device.last_seen_at ?? m.device.enrolled_at;
  return {
    ...base(m, "silence", "alert"),
    headline: `The laptop has not reported for ${hours} hours`,
    clause: null,
    plain: [
      `The laptop "${m.device.hostname}" last reported to Ward at ${last}.`,
      "Ward cannot tell why: it may be lost or stolen, the Ward agent may have been removed, or it may just be switched off (for example while its user is on holiday).",
    ],
    actions: [
      "Check with the laptop's user where it is and whether it is in use.",
      "If it is lost or stolen, follow the council's data breach procedure and tell your IT provider.",
      "If it is in use, ask your IT provider to check that the Ward agent is running.",
    ],
    technical: [`Silent since ${last} (threshold ${hours} h)`, ...deviceLines(m.device)],
  };
}

/** A broken hash chain (gap or fork): for the IT provider, who can tell tampering or cloning from a lost spool. */
export function chainAlert(m: MessageContext, kind: "gap" | "fork", detail: Record<string, unknown>): AlertContent {
  const plain =
    kind === "fork"
      ? "Ward received two different reports claiming the same place in this laptop's history. This can mean its disk was copied to another machine (cloned) or a report was tampered with."
      : "Some of this laptop's reports never arrived. This can mean someone interfered with the Ward agent, or that reports were lost.";
  return {
    ...base(m, "chain", "alert"),
    headline:
      kind === "fork" ? "Possible tampering or cloning: conflicting reports" : "Possible tampering: reports missing",
    clause: null,
    plain: [`On the laptop "${m.device.hostname}": ${plain}`],
    actions: [
      "Check the device's integrity events on the dashboard.",
      kind === "fork"
        ? "Find out whether another machine carries this laptop's Ward identity (a cloned disk image), and re-enrol the real laptop."
        : "Check the Ward agent's log and spool on the laptop for the missing reports.",
    ],
    technical: [`Chain event: ${kind}`, ...factLines(detail).map((l) => `detail ${l}`), ...deviceLines(m.device)],
  };
}

/** Known hardware asked for a new key (waiting for approval), or its key was replaced: possibly a take-over. */
export function reenrolAlert(
  m: MessageContext,
  kind: "requested" | "replaced",
  detail: Record<string, unknown>,
): AlertContent {
  const requested = kind === "requested";
  return {
    ...base(m, "chain", "alert"),
    headline: requested ? "A new key asks to take over this laptop's identity" : "This laptop's key was replaced",
    clause: null,
    plain: [
      requested
        ? `Someone enrolled a computer with the serial number of the laptop "${m.device.hostname}" but a new key. This is expected only if the laptop was reinstalled or its Ward agent set up again; otherwise someone may be trying to take over its reports. Its current key keeps reporting until a provider admin approves or refuses the request.`
        : `The laptop "${m.device.hostname}" now reports with a new key; reports signed with its old key are refused from now on.`,
    ],
    actions: requested
      ? [
          "Check with the laptop's user whether Ward was just reinstalled on it.",
          "Approve the request on the dashboard overview only if so; otherwise refuse it and find out who holds the enrolment token.",
        ]
      : [
          "If nobody reinstalled this laptop's Ward agent, treat it as a take-over: revoke the council's enrolment tokens and check the laptop.",
        ],
    technical: [`Re-enrolment: ${kind}`, ...factLines(detail).map((l) => `detail ${l}`), ...deviceLines(m.device)],
  };
}
