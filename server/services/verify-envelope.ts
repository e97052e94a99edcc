// Checks one envelope of a batch before anything is stored: signature, schema and device; and a believable date.
import { openChecked, payloadHash } from "../../shared/crypto/envelope.js";
import { verifyBytes } from "../../shared/crypto/ed25519.js";
import { AppError, isAppError } from "../../shared/errors.js";
import type { Envelope } from "../../shared/schemas/envelope.js";
import { Report } from "../../shared/schemas/report.js";
import { newestReceivedAt } from "../stores/ledger-store.js";
import type { ServiceContext } from "./context.js";
import type { SignatureCheck } from "./verify-pool.js";

export interface VerifiedEnvelope {
  index: number;
  envelope: Envelope;
  report: Report;
  hash: string;
  /** raw_envelopes' body, when the verify pool made it. */
  gzipped?: Buffer;
}

/** How far ahead of the collector's clock a report may say it was collected (time zones never apply: it is UTC). */
export const MAX_FUTURE_MS = 24 * 3600_000;

/** `checked`: the signature's verdict and payload hash from the verify pool; without it, verified here. */
export function verifyOne(
  envelope: Envelope,
  index: number,
  deviceId: string,
  publicKey: string,
  checked?: SignatureCheck,
): VerifiedEnvelope {
  let report: Report;
  try {
    report = openChecked(
      envelope,
      publicKey,
      Report,
      checked ? checked.ok : (e) => verifyBytes(Buffer.from(e.payload, "utf8"), e.signature, publicKey),
    );
  } catch (caught) {
    // A validly signed payload can still be hostile: nesting deep enough to overflow the parser's stack
    // (RangeError) is malformed input, answered 400 like any other, never a 500.
    const err = isAppError(caught)
      ? caught
      : new AppError(
          "canonical_invalid",
          `payload could not be parsed (${caught instanceof Error ? caught.name : "error"})`,
          {
            cause: caught,
          },
        );
    const advice =
      err.code === "signature_invalid"
        ? " The batch was refused and nothing in it was stored."
        : " Nothing in this batch was stored; drop that envelope and send the rest again.";
    throw new AppError(err.code, `envelopes[${index}]: ${err.message}.${advice}`, {
      cause: caught,
      details: { index },
    });
  }
  if (report.deviceId !== deviceId) {
    throw new AppError(
      "forbidden",
      `envelopes[${index}] is a report of device ${report.deviceId}, but the batch is for ${deviceId}: send each device's reports in its own batch.`,
      { details: { index } },
    );
  }
  return checked
    ? { index, envelope, report, hash: checked.hash, gzipped: checked.gzipped }
    : { index, envelope, report, hash: payloadHash(envelope) };
}

/**
 * A report dated more than a day ahead of this collector's clock is refused, but it is not the device's fault when
 * this collector's own clock went back: it has already stored envelopes received later than its "now". The answer
 * names the party whose clock is wrong, with both times, so the agent keeps the report and retries (never drops it).
 */
export async function clockRefusal(ctx: ServiceContext, v: VerifiedEnvelope, now: Date): Promise<AppError> {
  const newest = await newestReceivedAt(ctx.db.kysely);
  const newestAt = newest ? Date.parse(newest) : Number.NaN;
  const collectorBehind = Number.isFinite(newestAt) && newestAt > now.getTime() + 3600_000;
  const who = collectorBehind
    ? `the collector's clock is wrong: it reads ${now.toISOString()} but it already stored reports received at ${new Date(newestAt).toISOString()}. The IT provider must fix the collector's date and time`
    : "the device's date and time, or the collector's, are wrong: compare both with the real time and fix the wrong one";
  return new AppError(
    "schema_invalid",
    `envelopes[${v.index}] says it was collected at ${v.report.collectedAt}, more than a day ahead of the collector's clock (${now.toISOString()}): ${who}. Nothing in this batch was stored; the device keeps its reports and sends them again once the clocks agree.`,
    {
      details: {
        index: v.index,
        reason: "clock-ahead",
        collectedAt: v.report.collectedAt,
        collectorTime: now.toISOString(),
        wrongClock: collectorBehind ? "collector" : "unknown",
      },
    },
  );
}
