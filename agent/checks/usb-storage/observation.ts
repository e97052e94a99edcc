// What one look at the machine found (attached USB storage, new history), shared by collect and the watch.
import type { CollectContext } from "../framework/check.js";
import type { Parsed } from "../framework/parsed.js";
import type { ProbeOutcome } from "../framework/probe.js";
import { deviceKey, type ObservedDevice } from "./device.js";
import type { UsbMemory } from "./memory.js";

export interface Observation {
  /** The main listing probe answered and was understood, so "nothing attached" can be believed. */
  ok: boolean;
  problems: string[];
  /** Attached now ("live") plus, on Windows, history entries new since the last look. */
  devices: ObservedDevice[];
  /** Disk name (sdb, disk2, USBSTOR path) -> device key for what is attached now; "" marks a known non-USB disk. */
  attached: Record<string, string>;
  otherRemovable: string[];
  /** Windows: the full set of USBSTOR instance paths now known (upper case), or null when not read this time. */
  usbstorKnown: string[] | null;
}

/** "full" identifies every attached disk (the cycle); "poll" identifies only disks it has not identified before. */
export type LookMode = "full" | "poll";

export function emptyObservation(): Observation {
  return { ok: true, problems: [], devices: [], attached: {}, otherRemovable: [], usbstorKnown: null };
}

export function failedObservation(problem: string): Observation {
  return { ...emptyObservation(), ok: false, problems: [problem] };
}

/** Why a probe gave nothing usable, in words for the report. */
export function probeProblem(what: string, outcome: Extract<ProbeOutcome, { ok: false }>): string {
  const reasons: Record<typeof outcome.reason, string> = {
    not_captured: "was not captured",
    timeout: "took too long and was stopped",
    not_installed: "is not installed",
    failed: "failed",
    not_found: "was not found",
  };
  return `${what} ${reasons[outcome.reason]}.`;
}

/**
 * In poll mode, a disk already identified at an earlier poll whose sighting is still remembered needs no second
 * identification: the remembered device is seen again. Returns null when it must be identified.
 */
export function rememberedDevice(mode: LookMode, disk: string, memory: UsbMemory): ObservedDevice | null {
  if (mode !== "poll") return null;
  const key = memory.attached[disk];
  if (key === undefined) return null;
  const s = memory.sightings[key];
  if (!s) return null;
  const { key: _k, firstSeen: _f, lastSeen: _l, ...device } = s;
  return device;
}

export function isKnownNonUsb(mode: LookMode, disk: string, memory: UsbMemory): boolean {
  return mode === "poll" && memory.attached[disk] === "";
}

/** Poll mode: a disk already known (as USB storage, or as not USB) is counted again; true when nothing more is needed. */
export function attachKnown(obs: Observation, mode: LookMode, disk: string, memory: UsbMemory): boolean {
  if (isKnownNonUsb(mode, disk, memory)) return true;
  const known = rememberedDevice(mode, disk, memory);
  if (!known) return false;
  attach(obs, disk, known);
  return true;
}

export function attach(obs: Observation, disk: string, device: ObservedDevice): void {
  obs.devices.push(device);
  obs.attached[disk] = deviceKey(device);
}

/** A removable disk that is not USB (SD slot, Thunderbolt): listed for the IT provider, remembered as not USB. */
export function notUsb(obs: Observation, disk: string, description: string): void {
  obs.otherRemovable.push(description);
  obs.attached[disk] = "";
}

export const NO_SERIAL_NOTE = "The device reports no USB serial number, so it can only be matched by make and model.";

/**
 * The shared start of a look on Linux and macOS: run the OS's disk-list probe and parse it. Gives the disks and an
 * empty observation to fill, or the failed observation that says, in plain words, why Ward could not look.
 */
export async function listDisks<T>(
  ctx: Ctx,
  probeId: string,
  tool: { name: string; what: string },
  parse: (text: string) => Parsed<T[]>,
): Promise<{ disks: T[]; obs: Observation } | { failed: Observation }> {
  const out = await ctx.probe(probeId);
  if (!out.ok) return { failed: failedObservation(probeProblem(`${tool.name} (${tool.what})`, out)) };
  const disks = parse(out.text);
  if (!disks.ok)
    return { failed: failedObservation(`${tool.name} printed output Ward does not read: ${disks.error}.`) };
  return { disks: disks.value, obs: emptyObservation() };
}

export type Ctx = Pick<CollectContext, "probe">;
