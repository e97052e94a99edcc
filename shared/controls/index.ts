// Every control's shared description, in report order: the one place the collector learns titles, facts and wording.
import type { CheckResult } from "../schemas/check-result.js";
import type { ControlId } from "../schemas/control.js";
import type { AlertKind, ControlDescription, StateWording } from "./control-description.js";
import { diskEncryption } from "./disk-encryption.js";
import { firewall } from "./firewall.js";
import { malwareProtection } from "./malware-protection.js";
import { wifiSecurity } from "./wifi-security.js";
import { hotspot } from "./hotspot.js";
import { osPatch } from "./os-patch.js";
import { screenLock } from "./screen-lock.js";
import { type Tolerant, readTolerant } from "./tolerant.js";
import { usbStorage } from "./usb-storage.js";

export type { AlertKind, AlertTiming, ControlDescription, StateWording } from "./control-description.js";
export type { Tolerant } from "./tolerant.js";

// biome-ignore lint/suspicious/noExplicitAny: each description is typed by its own facts; the table only needs the common shape
type AnyDescription = ControlDescription<any>;

/** One entry per ControlId: tsc points here when a control is added to the enum without its description. */
const BY_ID: { readonly [K in ControlId]: AnyDescription } = {
  "disk-encryption": diskEncryption,
  "screen-lock": screenLock,
  "usb-storage": usbStorage,
  hotspot,
  "os-patch": osPatch,
  "malware-protection": malwareProtection,
  firewall,
  "wifi-security": wifiSecurity,
};

/** Report order: the order of columns on the dashboard, in CSV and in the digest. */
export const CONTROLS: readonly AnyDescription[] = Object.values(BY_ID);

export function controlDescription(id: ControlId): AnyDescription {
  return BY_ID[id];
}

/** The title for a control id read from storage; the id itself when it names no control Ward knows. */
export function controlTitle(id: string): string {
  return (BY_ID as Record<string, AnyDescription | undefined>)[id]?.title ?? id;
}

/** The DSFM's plain name for a control id read from storage (the id itself when unknown). */
export function controlPlainName(id: string): string {
  return (BY_ID as Record<string, AnyDescription | undefined>)[id]?.plainName ?? id;
}

/** A stored result's facts read with its control's schema: unknown fields dropped, bad or missing ones left out. */
export function readFacts(result: Pick<CheckResult, "control" | "facts">): Tolerant<Record<string, unknown>> {
  return (readTolerant(BY_ID[result.control].facts, result.facts) ?? {}) as Tolerant<Record<string, unknown>>;
}

/** The alert kind a failing result raises: the first whose condition holds on its facts. */
export function alertKindFor(result: Pick<CheckResult, "control" | "facts">): AlertKind<unknown> {
  const d = BY_ID[result.control];
  const facts = readFacts(result);
  return (d.alerts.kinds.find((k: AlertKind<unknown>) => !k.when || k.when(facts)) ??
    d.alerts.kinds[d.alerts.kinds.length - 1]) as AlertKind<unknown>;
}

/** The collector's wording for a failing result: the alert kind's own when it has one, else the control's. */
export function failWording(result: Pick<CheckResult, "control" | "facts">): StateWording {
  return alertKindFor(result).wording ?? BY_ID[result.control].states.fail;
}

/** The distinct sightings a failing event control reports (empty for state controls and facts that name none). */
export function eventKeys(result: Pick<CheckResult, "control" | "facts">): string[] {
  return BY_ID[result.control].alerts.eventKeys?.(readFacts(result)) ?? [];
}

export { diskEncryption, hotspot, osPatch, screenLock, usbStorage };
