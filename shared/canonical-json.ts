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

/** Deepest nesting accepted anywhere in Ward's wire data; real reports are about 6 levels deep. */
export const MAX_JSON_DEPTH = 64;

/** Nesting depth of JSON text, counted without parsing (strings skipped), so hostile input cannot exhaust the stack. */
export function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) max = Math.max(max, ++depth);
    else if (c === 0x5d || c === 0x7d) depth--;
  }
  return max;
}

/** Parses canonical JSON text and proves it is canonical (re-serialises to the same text). */
export function parseCanonicalJson(text: string): unknown {
  if (jsonDepth(text) > MAX_JSON_DEPTH) {
    throw new AppError("canonical_invalid", `payload is nested deeper than ${MAX_JSON_DEPTH} levels`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new AppError("canonical_invalid", "payload is not valid JSON", { cause });
  }
  // What JSON.parse made holds JSON values only, so canonicalJson's walk over it is skipped (it costs as much again as
  // the serialisation); a number too large for a double ("1e400") is the one thing it can hold that has no JSON form.
  let again: string | undefined;
  try {
    again = canonicalizeFn(value);
  } catch (cause) {
    throw new AppError("canonical_invalid", "payload holds a number too large to be carried exactly", { cause });
  }
  if (again !== text) {
    throw new AppError("canonical_invalid", "payload is not in canonical form (RFC 8785)");
  }
  return value;
}

function assertJsonSafe(value: unknown, path: string, depth = 0): void {
  if (value === null) return;
  if (depth > MAX_JSON_DEPTH)
    throw new AppError("canonical_invalid", `${path} is nested deeper than ${MAX_JSON_DEPTH} levels`);
  switch (typeof value) {
    case "string":
    case "boolean":
      return;
    case "number":
      if (!Number.isFinite(value)) throw new AppError("canonical_invalid", `${path} is not a finite number`);
      return;
    case "object":
      if (Array.isArray(value)) {
        for (const [i, v] of value.entries()) assertJsonSafe(v, `${path}[${i}]`, depth + 1);
        return;
      }
      if (typeof (value as { toJSON?: unknown }).toJSON === "function") return;
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        if (v === undefined) continue; // JSON.stringify drops undefined members, as canonicalize does.
        assertJsonSafe(v, `${path}.${k}`, depth + 1);
      }
      return;
    default:
      throw new AppError("canonical_invalid", `${path} has no JSON form (${typeof value})`);
  }
}
