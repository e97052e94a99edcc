// Decodes a tool's raw bytes: UTF-8 by default, UTF-16LE when Windows tools write a BOM or UTF-16 text (wmic, reg, PowerShell redirected).

export function decodeToolOutput(bytes: Uint8Array): string {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return buf.subarray(2).toString("utf16le");
  if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return buf.subarray(3).toString("utf8");
  if (looksLikeUtf16le(buf)) return buf.toString("utf16le");
  return buf.toString("utf8");
}

/** UTF-16LE without a BOM: most odd bytes are NUL when the text is ASCII-range. */
function looksLikeUtf16le(buf: Buffer): boolean {
  if (buf.length < 4 || buf.length % 2 !== 0) return false;
  const sample = Math.min(buf.length, 512);
  let zeros = 0;
  for (let i = 1; i < sample; i += 2) if (buf[i] === 0) zeros++;
  return zeros / (sample / 2) > 0.9;
}
