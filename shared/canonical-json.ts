// RFC 8785 JSON Canonicalization Scheme, via the `canonicalize` package by one of the RFC's authors.
import canonicalizeImpl from "canonicalize";
import { AppError } from "./errors.js";

const canonicalizeFn = canonicalizeImpl as unknown as (value: unknown) => string | undefined;

/** The canonical JSON text of a value. Throws on values JSON cannot carry (undefined, NaN, Infinity, BigInt). */
export function canonicalJson(value: unknown): string {
  assertJsonSafe(value, "$");
  const text = canonicalizeFn(value);
  if (text === undefined) throw new AppError("canonical_invalid", "value has no JSON form");
  return text;
}

/** Parses canonical JSON text and proves it is canonical (re-serialises to the same text). */
export function parseCanonicalJson(text: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new AppError("canonical_invalid", "payload is not valid JSON", { cause });
  }
  if (canonicalJson(value) !== text) {
    throw new AppError("canonical_invalid", "payload is not in canonical form (RFC 8785)");
  }
  return value;
}

function assertJsonSafe(value: unknown, path: string): void {
  if (value === null) return;
  switch (typeof value) {
    case "string":
    case "boolean":
      return;
    case "number":
      if (!Number.isFinite(value)) throw new AppError("canonical_invalid", `${path} is not a finite number`);
      return;
    case "object":
      if (Array.isArray(value)) {
        for (const [i, v] of value.entries()) assertJsonSafe(v, `${path}[${i}]`);
        return;
      }
      if (typeof (value as { toJSON?: unknown }).toJSON === "function") return;
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        if (v === undefined) continue; // JSON.stringify drops undefined members, as canonicalize does.
        assertJsonSafe(v, `${path}.${k}`);
      }
      return;
    default:
      throw new AppError("canonical_invalid", `${path} has no JSON form (${typeof value})`);
  }
}
