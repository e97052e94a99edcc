// Builds one council's signed evidence pack (PDF and CSV) for a period: collect, render, sign.
import type { Kysely } from "kysely";
import { AppError } from "../../shared/errors.js";
import type { Database } from "../db/schema.js";
import type { CollectorKey } from "../services/collector-key.js";
import type { CouncilRow } from "../stores/council-store.js";
import { collectEvidence, type EvidenceData } from "./collect.js";
import { packContent } from "./content.js";
import { renderEvidenceCsv } from "./render-csv.js";
import { renderEvidencePdf } from "./render-pdf.js";
import { signPack } from "./signature.js";

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export interface EvidencePack {
  pdf: Buffer;
  csv: string;
  /** A file name without extension: ward-evidence-<council>-<from>-to-<to>. */
  baseName: string;
  data: EvidenceData;
  headline: string;
}

/** The period: given days, or the year up to today. Days are UTC and inclusive; `to` may not be in the future. */
export function evidenceRange(
  q: { from?: string | undefined; to?: string | undefined },
  now: Date,
): { from: string; to: string } {
  const today = now.toISOString().slice(0, 10);
  for (const [name, v] of [
    ["start", q.from],
    ["end", q.to],
  ] as const) {
    if (v !== undefined && v !== "" && (!DAY.test(v) || Number.isNaN(Date.parse(`${v}T00:00:00Z`)))) {
      throw new AppError("usage", `The ${name} date must be a date like 2026-04-01.`);
    }
  }
  const to = q.to || today;
  const from = q.from || new Date(Date.parse(`${to}T00:00:00Z`) - 364 * 86_400_000).toISOString().slice(0, 10);
  if (from > to) throw new AppError("usage", "The start date must be on or before the end date.");
  if (to > today) throw new AppError("usage", "The end date cannot be in the future.");
  if (Date.parse(to) - Date.parse(from) > 400 * 86_400_000)
    throw new AppError("usage", "A pack covers at most 400 days: choose a shorter period.");
  return { from, to };
}

export async function buildEvidencePack(
  q: Kysely<Database>,
  key: CollectorKey,
  council: CouncilRow,
  range: { from: string; to: string },
  generatedBy: string,
  now: Date,
): Promise<EvidencePack> {
  const data = await collectEvidence(q, council, range, now);
  const content = packContent(data);
  const unsigned = await renderEvidencePdf(data, content, { generatedBy, keyId: key.keyId, publicKey: key.publicKey });
  const pdf = signPack(
    unsigned,
    {
      councilId: council.id,
      council: council.name,
      from: range.from,
      to: range.to,
      generatedAt: data.generatedAt,
      generatedBy,
    },
    key,
  );
  const slug =
    council.name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "")
      .slice(0, 60) || council.id;
  return {
    pdf,
    csv: renderEvidenceCsv(data, content),
    baseName: `ward-evidence-${slug}-${range.from}-to-${range.to}`,
    data,
    headline: content.headline,
  };
}
