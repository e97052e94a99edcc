// Reads the emails the tests receive: headers (unfolded, RFC 2047 words decoded) and the text and HTML parts.
// (mailparser is not in node_modules here; this handles what nodemailer writes: multipart/alternative, QP, base64.)

export interface ParsedMail {
  headers: Map<string, string>;
  subject: string;
  from: string;
  to: string;
  messageId: string;
  text: string;
  html: string;
}

function splitHead(raw: string): { head: Map<string, string>; body: string } {
  const at = raw.indexOf("\r\n\r\n");
  const headText = at < 0 ? raw : raw.slice(0, at);
  const body = at < 0 ? "" : raw.slice(at + 4);
  const head = new Map<string, string>();
  for (const line of headText.replace(/\r\n[ \t]+/g, " ").split("\r\n")) {
    const i = line.indexOf(":");
    if (i > 0) head.set(line.slice(0, i).toLowerCase(), line.slice(i + 1).trim());
  }
  return { head, body };
}

/** RFC 2047 encoded words, UTF-8, B or Q; adjacent words join without the blank between them. */
export function decodeWords(value: string): string {
  return value
    .replace(/(=\?[^?]+\?[BbQq]\?[^?]*\?=)\s+(?==\?)/g, "$1")
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_m, _charset: string, enc: string, text: string) => {
      if (enc.toUpperCase() === "B") return Buffer.from(text, "base64").toString("utf8");
      const bytes = text.replace(/_/g, " ").replace(/=([0-9A-Fa-f]{2})/g, (_x, h: string) => String.fromCharCode(Number.parseInt(h, 16)));
      return Buffer.from(bytes, "latin1").toString("utf8");
    });
}

function decodeBody(body: string, encoding: string | undefined): string {
  const enc = (encoding ?? "7bit").toLowerCase();
  if (enc === "base64") return Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
  if (enc === "quoted-printable") {
    const bytes = body.replace(/=\r\n/g, "").replace(/=([0-9A-Fa-f]{2})/g, (_x, h: string) => String.fromCharCode(Number.parseInt(h, 16)));
    return Buffer.from(bytes, "latin1").toString("utf8");
  }
  return body;
}

function parts(head: Map<string, string>, body: string, out: { text: string; html: string }): void {
  const type = head.get("content-type") ?? "text/plain";
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (/^multipart\//i.test(type) && boundary) {
    for (const piece of body.split(`--${boundary}`).slice(1)) {
      if (piece.startsWith("--")) break;
      const p = splitHead(piece.replace(/^\r\n/, ""));
      parts(p.head, p.body.replace(/\r\n$/, ""), out);
    }
    return;
  }
  const decoded = decodeBody(body, head.get("content-transfer-encoding"));
  if (/^text\/html/i.test(type)) out.html = decoded;
  else out.text = decoded;
}

export function parseMail(raw: string): ParsedMail {
  const { head, body } = splitHead(raw);
  const out = { text: "", html: "" };
  parts(head, body, out);
  return {
    headers: head,
    subject: decodeWords(head.get("subject") ?? ""),
    from: decodeWords(head.get("from") ?? ""),
    to: decodeWords(head.get("to") ?? ""),
    messageId: head.get("message-id") ?? "",
    ...out,
  };
}
