// Glue helper: run a probe through the context and hand its text to a parser; a failed probe becomes a parse error.
import type { SessionUser } from "../../platform/platform.js";
import type { CollectContext } from "../framework/check.js";
import { type Parsed, unparsed } from "../framework/parsed.js";
import type { ProbeOutcome } from "../framework/probe.js";

/** The parser sees stdout (or the probe's chosen stream), stderr and the exit code of an answered probe. */
export async function readProbe<T>(
  ctx: CollectContext,
  id: string,
  parse: (text: string, stderr: string, exitCode: number | null) => Parsed<T>,
  qualifier?: string,
  user?: SessionUser,
): Promise<Parsed<T>> {
  return parseOutcome(await ctx.probe(id, qualifier, user), parse);
}

export function parseOutcome<T>(
  out: ProbeOutcome,
  parse: (text: string, stderr: string, exitCode: number | null) => Parsed<T>,
): Parsed<T> {
  if (!out.ok) return unparsed(out.error);
  return parse(out.text, out.stderr, out.exitCode);
}
