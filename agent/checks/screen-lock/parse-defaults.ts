// Pure parser for `defaults read` output (old-style plist text): the top-level scalar keys of one domain.
import { type Parsed, parsed, unparsed } from "../framework/parsed.js";

export type DefaultsDomain = { exists: false } | { exists: true; values: Record<string, string> };

/**
 * `defaults read DOMAIN` prints "{\n    key = value;\n    nested = {\n ... };\n}". Only top-level scalars are kept
 * (idleTime, askForPassword, askForPasswordDelay); nested dictionaries and arrays are skipped. A missing domain is
 * reported on stderr ("Domain com.apple.screensaver does not exist", sometimes after a timestamp line) with exit 1.
 */
export function parseDefaultsRead(stdout: string, stderr = ""): Parsed<DefaultsDomain> {
  const text = stdout.trim();
  if (text === "") {
    if (/Domain .* does not exist/.test(stderr)) return parsed({ exists: false });
    const why = stderr
      .split(/\r?\n/)
      .find((l) => l.trim() !== "")
      ?.trim();
    return unparsed(why ? `defaults answered "${why.slice(0, 160)}"` : "defaults printed nothing");
  }
  if (!text.startsWith("{"))
    return unparsed(`defaults printed something other than a dictionary: "${text.slice(0, 80)}"`);
  if (!text.endsWith("}")) return unparsed("defaults output ends before the closing brace");
  const values: Record<string, string> = {};
  let depth = 0;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (depth === 1) {
      const m = /^"?([A-Za-z0-9_.-]+)"?\s*=\s*("?)([^"{}();]*)\2;$/.exec(line);
      if (m?.[1] !== undefined && m[3] !== undefined) values[m[1]] = m[3];
    }
    for (const ch of line) {
      if (ch === "{" || ch === "(") depth++;
      else if (ch === "}" || ch === ")") depth--;
    }
  }
  if (depth !== 0) return unparsed("defaults output has unbalanced braces");
  return parsed({ exists: true, values });
}

/** A whole number of seconds from a defaults value ("600", "1"); null when absent or not a plain integer. */
export function defaultsInt(domain: DefaultsDomain, key: string): number | null {
  if (!domain.exists) return null;
  const v = domain.values[key];
  return v !== undefined && /^\d{1,9}$/.test(v) ? Number.parseInt(v, 10) : null;
}
