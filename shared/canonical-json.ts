// RFC 8785 JSON Canonicalization Scheme, via the `canonicalize` package by one of the RFC's authors.
import canonicalizeImpl from "canonicalize";
import { AppError } from "./errors.js";

const canonicalizeFn = canonicalizeImpl as unknown as (value: unknown) => string | undefined;

/** Node 20 has String.prototype.isWellFormed/toWellFormed (ES2024); the ES2023 lib this project builds with has not. */
type Es2024String = string & { isWellFormed(): boolean; toWellFormed(): string };
const wellFormed = (s: string) => (s as Es2024String).isWellFormed();

/**
 * The canonical JSON text of a value. Throws on values JSON cannot carry (undefined, NaN, Infinity, BigInt). A lone
 * UTF-16 surrogate (which RFC 8785 forbids, and the collector refuses) in a string or a key becomes U+FFFD, as a
 * UTF-8 decoder would read it: a hostile name on the laptop (a volume label, a Wi-Fi name) must not make its report
 * unsendable.
 */
export function canonicalJson(value: unknown): string {
  const text = canonicalizeFn(assertJsonSafe(value, "$") ? value : withWellFormedStrings(value));
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

/**
 * Parses canonical JSON text and proves it is canonical (re-serialises to the same text), with no lone UTF-16
 * surrogate in any string or key (RFC 8785 section 3.2.2.2: such input must be rejected).
 */
export function parseCanonicalJson(text: string): unknown {
  if (mayNestDeeperThan(text, MAX_JSON_DEPTH) && jsonDepth(text) > MAX_JSON_DEPTH) {
    throw new AppError("canonical_invalid", `payload is nested deeper than ${MAX_JSON_DEPTH} levels`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new AppError("canonical_invalid", "payload is not valid JSON", { cause });
  }
  // Canonical text is what JSON.stringify writes once every object's keys are in sorted order (both write strings and
  // numbers the same way): the native serialiser and a walk over the keys prove most texts canonical at a third of
  // canonicalize's cost. Anything else takes canonicalize's own answer, so the verdict is the same.
  if (!(JSON.stringify(value) === text && keysSorted(value, 0))) {
    // What JSON.parse made holds JSON values only, so canonicalJson's walk over it is skipped (it costs as much again
    // as the serialisation); a number too large for a double ("1e400") is the one thing it can hold that has no JSON
    // form.
    let again: string | undefined;
    try {
      again = canonicalizeFn(value);
    } catch (cause) {
      throw new AppError("canonical_invalid", "payload holds a number too large to be carried exactly", { cause });
    }
    if (again !== text) {
      throw new AppError("canonical_invalid", "payload is not in canonical form (RFC 8785)");
    }
  }
  // Canonical text carries a lone surrogate only as a lower-case \ud800-\udfff escape (a pair is written as itself):
  // without "\ud" in the text there is none, and the walk is skipped.
  if (text.includes("\\ud") && !assertJsonSafe(value, "$")) {
    throw new AppError(
      "canonical_invalid",
      "payload holds a lone UTF-16 surrogate (\\ud800-\\udfff without its pair), which RFC 8785 forbids",
    );
  }
  return value;
}

/**
 * Whether `text` could nest deeper than `limit`: each level opens with "[" or "{", so text holding at most `limit` of
 * them (counted anywhere, strings too) cannot, and jsonDepth's character-by-character walk is skipped.
 */
function mayNestDeeperThan(text: string, limit: number): boolean {
  let opened = 0;
  for (const c of ["{", "["]) {
    for (let at = text.indexOf(c); at >= 0; at = text.indexOf(c, at + 1)) if (++opened > limit) return true;
  }
  return false;
}

/** Whether every object's own keys, in the order JSON.parse made them, are in RFC 8785's order (UTF-16 code units). */
function keysSorted(value: unknown, depth: number): boolean {
  if (value === null || typeof value !== "object") return true;
  // The depth was checked before parsing; this only keeps a walk over a value made elsewhere off the stack's end.
  if (depth > MAX_JSON_DEPTH) return false;
  if (Array.isArray(value)) {
    for (const v of value) if (!keysSorted(v, depth + 1)) return false;
    return true;
  }
  let previous: string | undefined;
  for (const key in value) {
    if (previous !== undefined && !(previous < key)) return false;
    previous = key;
    if (!keysSorted((value as Record<string, unknown>)[key], depth + 1)) return false;
  }
  return true;
}

/** Throws where a value has no JSON form; answers whether every string and key in it is well-formed UTF-16. */
function assertJsonSafe(value: unknown, path: string, depth = 0): boolean {
  if (value === null) return true;
  if (depth > MAX_JSON_DEPTH)
    throw new AppError("canonical_invalid", `${path} is nested deeper than ${MAX_JSON_DEPTH} levels`);
  switch (typeof value) {
    case "string":
      return wellFormed(value);
    case "boolean":
      return true;
    case "number":
      if (!Number.isFinite(value)) throw new AppError("canonical_invalid", `${path} is not a finite number`);
      return true;
    case "object": {
      let ok = true;
      if (Array.isArray(value)) {
        for (const [i, v] of value.entries()) ok = assertJsonSafe(v, `${path}[${i}]`, depth + 1) && ok;
        return ok;
      }
      if (typeof (value as { toJSON?: unknown }).toJSON === "function") return true;
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        if (v === undefined) continue; // JSON.stringify drops undefined members, as canonicalize does.
        ok = assertJsonSafe(v, `${path}.${k}`, depth + 1) && wellFormed(k) && ok;
      }
      return ok;
    }
    default:
      throw new AppError("canonical_invalid", `${path} has no JSON form (${typeof value})`);
  }
}

/** A copy of a JSON-safe value with each lone surrogate in its strings and keys replaced by U+FFFD. */
function withWellFormedStrings(value: unknown): unknown {
  if (typeof value === "string") return (value as Es2024String).toWellFormed();
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map(withWellFormedStrings);
  if (typeof (value as { toJSON?: unknown }).toJSON === "function") return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([k, v]) => [
      (k as Es2024String).toWellFormed(),
      withWellFormedStrings(v),
    ]),
  );
}
