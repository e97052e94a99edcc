// Parses the win.os JSON (Win32_OperatingSystem plus the CurrentVersion registry values) and the systeminfo fallback.
import { z } from "zod";
import { type Parsed, parsed, unparsed } from "../framework/parsed.js";

export interface WindowsOs {
  caption: string | null;
  /** "10.0.22631" */
  version: string;
  build: number;
  /** Monthly patch level (10.0.22631.4037 → 4037), null when not read. */
  ubr: number | null;
  displayVersion: string | null;
  editionId: string | null;
  sku: number | null;
}

const Num = z.union([z.number().int(), z.string().regex(/^\d+$/).transform(Number)]);
const WinOsJson = z.looseObject({
  Caption: z.string().nullish(),
  Version: z.string().regex(/^\d+\.\d+\.\d+$/),
  BuildNumber: Num,
  OperatingSystemSKU: Num.nullish(),
  UBR: Num.nullish(),
  DisplayVersion: z.string().nullish(),
  EditionID: z.string().nullish(),
});

export function parseWinOs(text: string): Parsed<WindowsOs> {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch {
    return unparsed("win.os did not print JSON");
  }
  const r = WinOsJson.safeParse(json);
  if (!r.success) return unparsed(`win.os JSON is not what Ward expects: ${r.error.issues[0]?.message ?? "invalid"}`);
  const d = r.data;
  return parsed({
    caption: d.Caption?.trim() || null,
    version: d.Version,
    build: d.BuildNumber,
    ubr: d.UBR ?? null,
    displayVersion: d.DisplayVersion ?? null,
    editionId: d.EditionID ?? null,
    sku: d.OperatingSystemSKU ?? null,
  });
}

/**
 * systeminfo labels are localised ("Nom du système d'exploitation", "Betriebssystemname"); only the English "OS Name:"
 * and "OS Version:" lines are read ("10.0.22631 N/A Build 22631"). Redirected output may be in the OEM code page or
 * UTF-16; the platform decodes UTF-16. Anything else is unparsed: the caller answers unknown.
 */
export function parseSysteminfo(text: string): Parsed<WindowsOs> {
  const name = /^OS Name:\s+(.+?)\s*$/m.exec(text)?.[1] ?? null;
  const ver = /^OS Version:\s+(\d+\.\d+\.(\d+))\b.*$/m.exec(text);
  if (!ver) return unparsed("systeminfo printed no English 'OS Version:' line (the labels are localised)");
  return parsed({
    caption: name,
    version: ver[1]!,
    build: Number(ver[2]),
    ubr: null,
    displayVersion: null,
    editionId: null,
    sku: null,
  });
}
