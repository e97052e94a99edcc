// Makes device text (hostnames, USB models, update titles) inert in each channel: HTML, plain text, Slack, Teams, subjects.

/**
 * Invisible format characters: soft hyphen, Mongolian vowel separator, zero-width space/joiners, word joiner and
 * invisible operators, deprecated format controls, byte-order mark, interlinear annotation. "CLERK\u200B-PC" looks
 * exactly like "CLERK-PC", so device text must never carry them unseen.
 */
const INVISIBLE = "\u00ad\u180e\u200b-\u200d\u2060-\u2064\u206a-\u206f\ufeff\ufff9-\ufffb";
/** Bidi embeddings, overrides, isolates and marks: invisible, yet they reorder what is shown ("…\u202Egnp.exe" reads "…exe.png"). */
const BIDI_CHARS = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069";

/** Control characters (C0 but tab, line feed and carriage return; DEL, C1), line/paragraph separators, bidi, invisible. */
const HIDDEN = `\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f\\u2028\\u2029${BIDI_CHARS}${INVISIBLE}`;

/** What pages and CSV show as a code. */
const BIDI = new RegExp(`[${HIDDEN}]`, "g");

/** What plain text drops: the same and a carriage return (plain text turns line ends into LF first). */
const CONTROLS = new RegExp(`[\\r${HIDDEN}]`, "g");

/** Pages and CSV: each bidi, invisible or control character is shown as its code, e.g. "[U+202E]", so text reads as stored. */
export function markBidi(s: string): string {
  return s.replace(BIDI, (c) => `[U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}]`);
}

/** Plain text: no control characters (newlines kept), bounded. */
export function plainText(s: string, max = 4000): string {
  const out = s.replace(/\r\n?/g, "\n").replace(CONTROLS, "");
  return out.length > max ? `${out.slice(0, max - 1)}…` : out;
}

/** One line: CR, LF and every control character become spaces. For subjects and single-line fields. */
export function oneLine(s: string, max = 200): string {
  const out = s
    .replace(/[\r\n\t]/g, " ")
    .replace(CONTROLS, "")
    .replace(/\s+/g, " ")
    .trim();
  return out.length > max ? `${out.slice(0, max - 1)}…` : out;
}

/**
 * Text a mail client might turn into a link ("evil.example", "http://…") is defanged in plain-text mail: dots in
 * host-like words become "[.]" and "://" becomes "[:]//", a convention security teams read without confusion.
 */
export function defang(s: string): string {
  return s.replace(/:\/\//g, "[:]//").replace(/\b([a-z0-9-]+)\.(?=[a-z]{2,}\b)/gi, "$1[.]");
}

const HTML: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(s: string): string {
  return plainText(s).replace(/[&<>"']/g, (c) => HTML[c] ?? c);
}

/**
 * Slack mrkdwn: &, < and > are the only control characters (Slack's "Escaping text" guide); escaping < stops
 * <!channel>, <@U…> and <url|label>. Formatting marks and a bare @channel are broken with a zero-width space so they
 * neither format nor notify, and host names are defanged so Slack does not make links of them.
 */
export function slackText(s: string): string {
  return defang(plainText(s))
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/([*_~`|])/g, "\u200b$1\u200b")
    .replace(/@/g, "@\u200b");
}

/** One unit of slackText's output: an entity, a mark between its zero-width spaces, "@" and its breaker, a character. */
const SLACK_UNIT = /&(?:amp|lt|gt);|\u200b[*_~`|]\u200b|@\u200b|[\s\S]/gu;

/** Text made by slackText, cut to at most `max` characters ("…" if cut) between units: never inside `&amp;`. */
export function cutSlack(s: string, max: number): string {
  if (s.length <= max) return s;
  let out = "";
  for (const [unit] of s.matchAll(SLACK_UNIT)) {
    if (out.length + unit.length > max - 1) break;
    out += unit;
  }
  return `${out}…`;
}

/**
 * Teams Adaptive Card text is a Markdown subset and shows HTML entities literally: markup characters get a
 * zero-width space after them (no link, list, heading or emphasis can form), @ cannot mention, hosts are defanged.
 */
export function teamsText(s: string): string {
  return defang(plainText(s))
    .replace(/([\\`*_{}[\]()#+!|~<>-])/g, "$1\u200b")
    .replace(/@/g, "@\u200b");
}
