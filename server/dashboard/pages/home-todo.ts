// The DSFM's to-do list, built from the home's data: each item in their words (what it means, what to do, who to ask),
// one click from its action, ordered by urgency. The words come from the shared control descriptions.
import { oneLine } from "../../alerts/neutralise.js";
import {
  alertKindFor,
  controlDescription,
  controlPlainName,
  controlTitle,
  failWording,
} from "../../../shared/controls/index.js";
import type { ControlId } from "../../../shared/schemas/control.js";
import { BASE } from "../layout.js";
import type { HomeData, HomeProblem } from "../queries/home.js";
import type { StickLink } from "./device-usb.js";

export interface TodoAction {
  label: string;
  href: string;
}

export interface TodoItem {
  kind: "usb" | "silent" | "fail" | "waiver" | "unknown";
  /** What happened, on which laptop. */
  title: string;
  /** What it means for the council. */
  means: string;
  /** What to do, in order. */
  steps: readonly string[];
  /** Who to ask. */
  ask: string;
  action: TodoAction;
  more: TodoAction[];
}

/** Approve links per device, for its failing usb-storage result (from stickLinks). */
export type StickLinksByDevice = Map<string, StickLink[]>;

/** "the laptop's user (Jane Smith)" when the asset register names them. */
const userOf = (assigned: string) => (assigned ? `the laptop's user (${assigned})` : "the laptop's user");
const device = (id: string, anchor = "") => `${BASE}/devices/${encodeURIComponent(id)}${anchor}`;
const RANK: Record<TodoItem["kind"], number> = { usb: 0, silent: 1, fail: 2, waiver: 3, unknown: 4 };

export function buildTodo(d: HomeData, sticks: StickLinksByDevice, now: Date): TodoItem[] {
  const it = d.itEmail ? `your IT provider (${d.itEmail})` : "your IT provider";
  const askIt = (subject: string): TodoAction =>
    d.itEmail
      ? {
          label: "Email your IT provider",
          href: `mailto:${d.itEmail}?${new URLSearchParams({ subject: oneLine(subject) }).toString().replace(/\+/g, "%20")}`,
        }
      : { label: "Open the laptop's page", href: "" };
  const items: TodoItem[] = [];
  // Checks Ward could not make: one item per laptop (the IT provider looks at them together).
  const unknown = new Map<string, HomeProblem[]>();
  for (const p of d.problems) {
    const links = p.control === "usb-storage" ? (sticks.get(p.deviceId) ?? []) : [];
    if (links.length) items.push(...links.map((l) => usbItem(p, l)));
    else if (p.control === "usb-storage" && p.status === "fail" && sticks.has(p.deviceId)) continue;
    else if (p.status === "fail") items.push(failItem(p, it, askIt));
    else unknown.set(p.deviceId, [...(unknown.get(p.deviceId) ?? []), p]);
  }
  for (const ps of unknown.values()) items.push(unknownItem(ps, it, askIt));
  for (const s of d.silent) items.push(silentItem(s, d.silenceHours, now, it));
  for (const w of d.expiring) {
    items.push({
      kind: "waiver",
      title: `The waiver for ${controlTitle(w.control)} on ${w.hostname} ends on ${w.expiresAt.slice(0, 10)}`,
      means: `The laptop still fails this check; when the waiver ends, Ward alerts again. It was waived because: ${w.reason}`,
      steps: [
        "If the reason still holds, renew it with a new end date (at most a year).",
        `Otherwise ask ${it} to put the laptop right before then.`,
      ],
      ask: it,
      action: { label: "Renew the waiver", href: `${device(w.deviceId)}?waiver=${w.control}#waiver-form` },
      more: [{ label: "Open the laptop's page", href: device(w.deviceId) }],
    });
  }
  return items
    .map((item, i) => ({ item, i }))
    .sort((a, b) => RANK[a.item.kind] - RANK[b.item.kind] || a.i - b.i)
    .map((x) => x.item);
}

function usbItem(p: HomeProblem, l: StickLink): TodoItem {
  const fail = controlDescription("usb-storage").states.fail;
  const stick = l.serial ? `${l.name} (serial ${l.serial})` : `${l.name} (this model reports no serial number)`;
  return {
    kind: "usb",
    title: `A USB stick the council has not approved was used on ${p.hostname}: ${stick}`,
    means: fail.why,
    steps: [
      "Ask the laptop's user whose stick it is and what was copied to or from it.",
      l.serial
        ? "If the council should allow it, approve it; otherwise ask the user to stop using it."
        : `If the council should allow it, approve every ${l.name}: Ward cannot tell these sticks apart. Otherwise ask the user to stop using it.`,
    ],
    ask: `${userOf(p.assignedUser)}: whose stick it is`,
    action: { label: l.serial ? "Approve this stick" : `Approve every ${l.name}`, href: l.href },
    more: [{ label: "Open the laptop's page", href: device(p.deviceId, "#control-usb-storage") }],
  };
}

function failItem(p: HomeProblem, it: string, askIt: (s: string) => TodoAction): TodoItem {
  const control = p.control as ControlId;
  const result = p.result ?? { control, facts: {} };
  const headline = alertKindFor(result).headline;
  const wording = failWording(result);
  const user = controlDescription(control)?.askOnFail === "user";
  const page = device(p.deviceId, `#control-${p.control}`);
  const ask = askIt(`Ward: ${headline} on ${p.hostname}`);
  return {
    kind: "fail",
    title: `${headline} on ${p.hostname}`,
    means: wording.why,
    steps: wording.remediation.length ? wording.remediation : [`Ask ${it} to look at this laptop.`],
    ask: user ? userOf(p.assignedUser) : it,
    action: user || !ask.href ? { label: "Open the laptop's page", href: page } : ask,
    more: [
      ...(user || !ask.href ? [] : [{ label: "Open the laptop's page", href: page }]),
      { label: "Waive it until a date", href: `${device(p.deviceId)}?waiver=${p.control}#waiver-form` },
    ],
  };
}

function unknownItem(ps: HomeProblem[], it: string, askIt: (s: string) => TodoAction): TodoItem {
  const first = ps[0]!;
  const names = ps.map((p) => controlPlainName(p.control));
  const list = names.length > 1 ? `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}` : names[0];
  const title = `Ward could not check ${list} on ${first.hostname}`;
  const ask = askIt(`Ward: ${title}`);
  const page = { label: "Open the laptop's page", href: device(first.deviceId, `#control-${first.control}`) };
  return {
    kind: "unknown",
    title,
    means:
      ps.length === 1
        ? controlDescription(first.control as ControlId).states.unknown.why
        : "Until Ward can read these, nobody can show that this laptop meets the council's policy on them.",
    steps:
      ps.length === 1
        ? controlDescription(first.control as ControlId).states.unknown.remediation
        : [`Ask ${it} to look at this laptop's Ward report and check these by hand.`],
    ask: it,
    action: ask.href ? ask : page,
    more: ask.href ? [page] : [],
  };
}

function silentItem(s: HomeData["silent"][number], hours: number, now: Date, it: string): TodoItem {
  const last = s.lastSeen ? Date.parse(s.lastSeen) : null;
  const days = last === null ? null : Math.floor((now.getTime() - last) / 86_400_000);
  return {
    kind: "silent",
    title:
      days === null
        ? `${s.hostname} has never reported to Ward`
        : `${s.hostname} has not reported to Ward for ${days >= 2 ? `${days} days` : `more than ${hours} hours`}`,
    means:
      "Ward cannot tell why: it may be lost or stolen, the Ward agent may have been removed, or it may just be switched off (for example while its user is on holiday).",
    steps: [
      "Ask the laptop's user where it is and whether it is in use.",
      "If it is lost or stolen, follow the council's data breach procedure and tell your IT provider.",
      `If it is in use, ask ${it} to check that the Ward agent is running.`,
    ],
    ask: `${userOf(s.assignedUser)}, then ${it}`,
    action: { label: "Open the laptop's page", href: device(s.deviceId) },
    more: [],
  };
}
