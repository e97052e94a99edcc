// Device-supplied text stored in plain columns: PostgreSQL text cannot hold NUL, so it is replaced, not refused.
const NUL = /\u0000/g;

/** The string with each NUL replaced by U+FFFD; the signed original stays intact in the raw envelope. */
export function storableText(text: string): string {
  return text.replace(NUL, "\uFFFD");
}
