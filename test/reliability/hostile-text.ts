// Generators of hostile probe output: random text of every kind, and real captured outputs cut and corrupted.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";

/** Every captured fixture file under a folder (recursively), as text. */
export function fixtureTexts(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name !== "SOURCES.md") out.push(readFileSync(p, "latin1"));
    }
  };
  try {
    walk(dir);
  } catch {
    // no fixtures folder
  }
  return out;
}

/** Random text: ASCII, any Unicode, raw bytes read as Latin-1, JSON-looking and the usual traps. */
export const randomText = (): fc.Arbitrary<string> =>
  fc.oneof(
    fc.string({ maxLength: 400 }),
    fc.string({ unit: "grapheme", maxLength: 200 }),
    fc.string({ unit: "binary", maxLength: 200 }),
    fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b).toString("latin1")),
    fc.json({ maxDepth: 4 }),
    fc.constantFrom(
      "",
      " ",
      "\n",
      "\r\n\r\n",
      "\0",
      "{}",
      "[]",
      "null",
      "true",
      "NaN",
      "-1",
      "1e309",
      "\uFEFF",
      "\uFFFD\uFFFD",
    ),
    fc
      .array(
        fc.constantFrom(
          "Yes",
          "No",
          "0x0",
          "0xffffffff",
          ":",
          "=",
          "\t",
          "  ",
          "\n",
          "true",
          "none",
          "-",
          "[",
          "]",
          "{",
          "}",
          '"',
        ),
        {
          maxLength: 60,
        },
      )
      .map((parts) => parts.join("")),
  );

/** A real capture damaged: truncated, lines dropped or repeated, a span replaced by random text, or CRLF/UTF-16 mangled. */
export const damaged = (texts: string[]): fc.Arbitrary<string> =>
  texts.length === 0
    ? randomText()
    : fc
        .tuple(fc.constantFrom(...texts), fc.nat(), fc.nat(), fc.nat({ max: 6 }), randomText())
        .map(([text, a, b, how, junk]) => {
          const i = text.length ? a % text.length : 0;
          const j = text.length ? b % text.length : 0;
          const [lo, hi] = i < j ? [i, j] : [j, i];
          const lines = text.split("\n");
          switch (how) {
            case 0:
              return text.slice(0, lo);
            case 1:
              return text.slice(lo);
            case 2:
              return text.slice(0, lo) + junk + text.slice(hi);
            case 3:
              return lines.filter((_, k) => k % (1 + (a % 4)) !== 0).join("\n");
            case 4:
              return [...lines.slice(0, lo % (lines.length + 1)), ...lines].join("\n");
            case 5:
              return text.replace(/\d+/g, (m) => (a % 2 ? `${m}${junk.slice(0, 5)}` : String(-Number(m) * 1e6)));
            default:
              return Buffer.from(text, "utf16le").toString("latin1");
          }
        });
