// Reads the emails the tests receive with mailparser: headers, subject, addresses, Message-ID, text and HTML parts.
import { type AddressObject, simpleParser } from "mailparser";

export interface ParsedMail {
  /** Header names in lower case; structured values (addresses, dates) as their header text. */
  headers: Map<string, string>;
  subject: string;
  from: string;
  to: string;
  messageId: string;
  text: string;
  html: string;
}

const addressText = (a: AddressObject | AddressObject[] | undefined) =>
  a === undefined ? "" : Array.isArray(a) ? a.map((x) => x.text).join(", ") : a.text;

export async function parseMail(raw: string): Promise<ParsedMail> {
  const mail = await simpleParser(raw);
  const headers = new Map<string, string>();
  for (const line of mail.headerLines)
    headers.set(line.key.toLowerCase(), line.line.slice(line.line.indexOf(":") + 1).trim());
  return {
    headers,
    subject: mail.subject ?? "",
    from: addressText(mail.from),
    to: addressText(mail.to),
    messageId: mail.messageId ?? "",
    text: mail.text ?? "",
    html: typeof mail.html === "string" ? mail.html : "",
  };
}
