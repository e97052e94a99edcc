// Parses `Get-HotFix` as JSON: installed updates (Win32_QuickFixEngineering) and the date of the newest one.
import { z } from "zod";
import { type Parsed, parsed, unparsed } from "../framework/parsed.js";

export interface HotfixSummary {
  count: number;
  /** Newest InstalledOn (YYYY-MM-DD), or null when none carries a date. */
  lastInstalledOn: string | null;
}

/**
 * Windows PowerShell 5.1 writes a date as "\/Date(1567807200000)\/" (or, for the ScriptProperty, an object with a
 * "value" of that form and a localised "DateTime" string); PowerShell 7 writes ISO 8601. One hotfix may come as a
 * bare object instead of a one-item array. Win32_QuickFixEngineering omits MSI and some Windows Update installs,
 * so this is a fact for the IT provider, never proof of being patched.
 */
const DateValue = z.union([z.string(), z.object({ value: z.string() }).loose(), z.null()]).optional();
const Hotfix = z.looseObject({ HotFixID: z.string(), InstalledOn: DateValue });

export function parseHotfix(text: string): Parsed<HotfixSummary> {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, "") || "[]");
  } catch {
    return unparsed("Get-HotFix did not print JSON");
  }
  const list = z.array(Hotfix).safeParse(Array.isArray(json) ? json : [json]);
  if (!list.success) return unparsed("Get-HotFix JSON is not a list of hotfixes");
  let newest: number | null = null;
  for (const h of list.data) {
    const raw = typeof h.InstalledOn === "string" ? h.InstalledOn : (h.InstalledOn?.value ?? null);
    const ms = raw === null ? null : toMs(raw);
    if (ms !== null && (newest === null || ms > newest)) newest = ms;
  }
  return parsed({
    count: list.data.length,
    lastInstalledOn: newest === null ? null : new Date(newest).toISOString().slice(0, 10),
  });
}

function toMs(raw: string): number | null {
  const legacy = /^\/Date\((-?\d+)\)\/$/.exec(raw);
  const t = legacy ? Number(legacy[1]) : Date.parse(raw);
  // Outside the range a Date can hold (hostile or corrupt input): no date rather than a throw later.
  return Number.isFinite(t) && Math.abs(t) <= 8.64e15 ? t : null;
}
