// What a person typed into one form field or API string: control characters become spaces, the ends trimmed.

/** Tabs, newlines, NUL and other C0/DEL characters become spaces (an audit line stays one line); then trimmed. */
export function typedLine(v: unknown): string {
  return String(v ?? "")
    .replace(/[\u0000-\u001f\u007f]/g, " ")
    .trim();
}
