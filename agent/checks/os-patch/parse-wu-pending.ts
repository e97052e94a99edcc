// Parses the win.wu-pending JSON: Ward's own PowerShell wrapper around the Windows Update Agent searcher.
//
// NO REAL CAPTURE of this probe exists yet (the JSON shape is Ward's; the values come from the IUpdate COM object:
// Title, KBArticleIDs, MsrcSeverity, LastDeploymentChangeTime, Categories[].CategoryID). The schema is strict: any
// other shape, or a search that did not succeed (ResultCode other than 2), is unparsed and the check says unknown.
import { z } from "zod";
import { type Parsed, parsed, unparsed } from "../framework/parsed.js";
import { isRealDate } from "./pending.js";

export interface WindowsUpdate {
  title: string;
  kb: string[];
  /** "Critical", "Important", "Moderate", "Low", or null when Microsoft rates none (non-security updates). */
  severity: string | null;
  /** Last publication date (YYYY-MM-DD), the release date Ward ages the update from. */
  releaseDate: string | null;
  security: boolean;
}

/** Windows Update classification ids (not localised). Security Updates and Critical Updates count as security. */
export const WU_CATEGORY = {
  securityUpdates: "0fa1201d-4330-4fa8-8ae9-b877473b6441",
  criticalUpdates: "e6cf1350-c01b-414d-a61f-263d14d133b4",
  definitionUpdates: "e0789628-ce08-4437-be74-2495b842f43b",
} as const;

const Strings = z.preprocess((v) => (v == null ? [] : Array.isArray(v) ? v : [v]), z.array(z.string()));
const Update = z.object({
  Title: z.string().min(1),
  KB: Strings,
  MsrcSeverity: z.string().nullish(),
  ReleaseDate: z.string().refine(isRealDate, "must be a real YYYY-MM-DD date").nullish(),
  Categories: Strings,
});
const Answer = z.object({
  ResultCode: z.number().int(),
  Updates: z.preprocess((v) => (v == null ? [] : v), z.array(Update)),
});

export function parseWuPending(text: string): Parsed<WindowsUpdate[]> {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch {
    return unparsed("win.wu-pending did not print JSON");
  }
  const r = Answer.safeParse(json);
  if (!r.success)
    return unparsed(`win.wu-pending JSON is not what Ward expects: ${r.error.issues[0]?.message ?? "invalid"}`);
  if (r.data.ResultCode !== 2) {
    return unparsed(`the Windows Update search did not complete (result code ${r.data.ResultCode})`);
  }
  return parsed(
    r.data.Updates.map((u) => {
      const severity = u.MsrcSeverity?.trim() || null;
      const cats = u.Categories.map((c) => c.toLowerCase());
      return {
        title: u.Title,
        kb: u.KB.map((k) => (k.startsWith("KB") ? k : `KB${k}`)),
        severity,
        releaseDate: u.ReleaseDate ?? null,
        security:
          severity !== null || cats.includes(WU_CATEGORY.securityUpdates) || cats.includes(WU_CATEGORY.criticalUpdates),
      };
    }),
  );
}
