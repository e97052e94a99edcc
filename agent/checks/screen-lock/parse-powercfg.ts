// Pure parser for `powercfg /qh SCHEME_CURRENT`: the AC and DC values of the settings screen lock needs, found by GUID.
import { type Parsed, parsed, unparsed } from "../framework/parsed.js";

/** Power setting GUIDs (stable on every Windows language; the labels around them are localised). */
export const POWER_GUIDS = {
  /** SUB_VIDEO / VIDEOIDLE "Turn off display after", seconds, 0 = never. */
  videoIdle: "3c0bc021-c8a8-4e07-a973-6b14cbcb2b7e",
  /** SUB_SLEEP / STANDBYIDLE "Sleep after", seconds, 0 = never. */
  standbyIdle: "29f6c1db-86da-48c5-9fdb-f2b67b1f44da",
  /** SUB_NONE / CONSOLELOCK "Require a password on wakeup", 0 = no, 1 = yes (a hidden setting: needs /qh). */
  consoleLock: "0e796bdb-100d-47d6-a2d5-f7d2daa51f51",
} as const;

export type AcDc = { ac: number; dc: number };
export type PowerSettings = { videoIdle: AcDc | null; standbyIdle: AcDc | null; consoleLock: AcDc | null };

const GUID = /\b([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b/i;
const HEX_VALUE = /:\s*0x([0-9a-f]{1,8})\s*$/i;

/**
 * Each setting is a block that starts at a line holding its GUID. Labels are translated ("Current AC Power Setting
 * Index" is "Index actuel du paramètre de courant alternatif" in French), so values are read by position: a range
 * setting prints five hex lines (minimum, maximum, increment, AC, DC); a list setting prints two (AC, DC). AC always
 * comes before DC. A block with any other count is cut short or unknown, and that setting is left unknown (null).
 */
export function parsePowercfg(text: string): Parsed<PowerSettings> {
  const blocks = new Map<string, string[]>();
  let current: string[] | null = null;
  let sawGuid = false;
  for (const line of text.replace(/^\uFEFF/, "").split(/\r?\n/)) {
    const g = GUID.exec(line);
    if (g?.[1]) {
      sawGuid = true;
      current = [];
      blocks.set(g[1].toLowerCase(), current);
      continue;
    }
    const v = HEX_VALUE.exec(line);
    if (v?.[1] && current) current.push(v[1]);
  }
  if (!sawGuid) return unparsed("powercfg printed no power scheme or setting GUIDs");
  return parsed({
    videoIdle: acDc(blocks.get(POWER_GUIDS.videoIdle), [5]),
    standbyIdle: acDc(blocks.get(POWER_GUIDS.standbyIdle), [5]),
    consoleLock: acDc(blocks.get(POWER_GUIDS.consoleLock), [2, 5]),
  });
}

function acDc(hex: string[] | undefined, counts: number[]): AcDc | null {
  if (!hex || !counts.includes(hex.length)) return null;
  const ac = hex[hex.length - 2];
  const dc = hex[hex.length - 1];
  if (ac === undefined || dc === undefined) return null;
  return { ac: Number.parseInt(ac, 16), dc: Number.parseInt(dc, 16) };
}
