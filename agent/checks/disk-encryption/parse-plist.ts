// A small pure parser for Apple XML property lists (the subset `diskutil … -plist` prints) into JSON values.
import type { JsonValue } from "../../../shared/schemas/json-value.js";
import { type Parsed, parsed, unparsed } from "../framework/parsed.js";

/*
 * Reads <plist><dict|array|string|integer|real|true/|false/|date|data/></plist>, with <key> inside <dict>, the five
 * XML entities and numeric character references. Comments, the <?xml?> declaration and <!DOCTYPE> are skipped. It
 * is not a general XML parser: attributes other than on <plist> are not expected, and anything unexpected is an error.
 * Integers beyond 2^53 lose precision (volume sizes stay well below).
 */

const MAX_DEPTH = 32;

interface Cursor {
  text: string;
  pos: number;
}

export function parsePlist(text: string): Parsed<JsonValue> {
  const c: Cursor = { text, pos: 0 };
  try {
    skipProlog(c);
    const open = readTag(c);
    if (open.name !== "plist" || open.closing) throw new Error("no <plist> root element");
    const value = readValue(c, 0);
    const close = readTag(c);
    if (close.name !== "plist" || !close.closing) throw new Error("<plist> holds more than one value");
    return parsed(value);
  } catch (err) {
    return unparsed(`not a readable property list: ${(err as Error).message}`);
  }
}

function skipProlog(c: Cursor): void {
  for (;;) {
    skipSpace(c);
    if (c.text.startsWith("<?", c.pos)) c.pos = indexAfter(c, "?>");
    else if (c.text.startsWith("<!--", c.pos)) c.pos = indexAfter(c, "-->");
    else if (c.text.startsWith("<!", c.pos)) c.pos = indexAfter(c, ">");
    else return;
  }
}

function readValue(c: Cursor, depth: number): JsonValue {
  if (depth > MAX_DEPTH) throw new Error("nested too deeply");
  const tag = readTag(c);
  if (tag.closing) throw new Error(`unexpected </${tag.name}>`);
  if (tag.selfClosing) {
    if (tag.name === "true") return true;
    if (tag.name === "false") return false;
    if (tag.name === "dict") return {};
    if (tag.name === "array") return [];
    if (tag.name === "string" || tag.name === "data") return "";
    throw new Error(`unexpected <${tag.name}/>`);
  }
  switch (tag.name) {
    case "dict": {
      const out: Record<string, JsonValue> = {};
      for (;;) {
        const next = readTag(c);
        if (next.closing && next.name === "dict") return out;
        if (next.name !== "key" || next.closing || next.selfClosing) throw new Error("expected <key> in <dict>");
        const key = readText(c, "key");
        out[key] = readValue(c, depth + 1);
      }
    }
    case "array": {
      const out: JsonValue[] = [];
      for (;;) {
        skipSpace(c);
        if (c.text.startsWith("</array>", c.pos)) {
          c.pos += "</array>".length;
          return out;
        }
        out.push(readValue(c, depth + 1));
      }
    }
    case "string":
    case "date":
    case "data":
      return readText(c, tag.name);
    case "integer":
    case "real": {
      const raw = readText(c, tag.name).trim();
      const n = Number(raw);
      if (raw === "" || !Number.isFinite(n)) throw new Error(`<${tag.name}> holds "${raw.slice(0, 40)}"`);
      return n;
    }
    default:
      throw new Error(`unexpected <${tag.name}>`);
  }
}

function readTag(c: Cursor): { name: string; closing: boolean; selfClosing: boolean } {
  skipSpace(c);
  while (c.text.startsWith("<!--", c.pos)) {
    c.pos = indexAfter(c, "-->");
    skipSpace(c);
  }
  if (c.text[c.pos] !== "<") throw new Error(`expected a tag at offset ${c.pos}`);
  const end = c.text.indexOf(">", c.pos);
  if (end < 0) throw new Error("unterminated tag");
  const inner = c.text.slice(c.pos + 1, end);
  c.pos = end + 1;
  const m = /^(\/?)([A-Za-z]+)(?:\s[^>]*?)?\s*(\/?)$/.exec(inner);
  if (!m?.[2]) throw new Error(`malformed tag <${inner.slice(0, 40)}>`);
  return { name: m[2], closing: m[1] === "/", selfClosing: m[3] === "/" };
}

function readText(c: Cursor, name: string): string {
  const closeTag = `</${name}>`;
  const end = c.text.indexOf(closeTag, c.pos);
  if (end < 0) throw new Error(`unterminated <${name}>`);
  const raw = c.text.slice(c.pos, end);
  if (raw.includes("<")) throw new Error(`markup inside <${name}>`);
  c.pos = end + closeTag.length;
  return decodeEntities(raw);
}

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, e: string) => {
    if (e.startsWith("#x")) return String.fromCodePoint(Number.parseInt(e.slice(2), 16));
    if (e.startsWith("#")) return String.fromCodePoint(Number.parseInt(e.slice(1), 10));
    return { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" }[e] ?? "";
  });
}

function skipSpace(c: Cursor): void {
  while (c.pos < c.text.length && /\s/.test(c.text[c.pos] ?? "")) c.pos++;
}

function indexAfter(c: Cursor, marker: string): number {
  const i = c.text.indexOf(marker, c.pos);
  if (i < 0) throw new Error(`unterminated ${marker}`);
  return i + marker.length;
}
