// Sends one email through the council's SMTP server with nodemailer, bounded by timeouts; errors never carry the URL.
import nodemailer from "nodemailer";
import type { EmailBody } from "./format-email.js";

export interface EmailSend {
  smtpUrl: string;
  from: string;
  to: string;
  body: EmailBody;
  /** The alert's idempotency key: in the Message-ID and X-Ward-Alert-Key, so a receiver can drop a re-send. */
  reference: string;
  timeoutMs: number;
}

/** A failure the sender should not retry (the server refused the message or the address for good: 5xx). */
export class PermanentSendError extends Error {}

export async function sendEmail(s: EmailSend): Promise<void> {
  const transport = nodemailer.createTransport({
    url: s.smtpUrl,
    connectionTimeout: s.timeoutMs,
    greetingTimeout: s.timeoutMs,
    socketTimeout: s.timeoutMs,
    pool: false,
  });
  try {
    await transport.sendMail({
      from: s.from,
      to: s.to,
      subject: s.body.subject,
      text: s.body.text,
      html: s.body.html,
      messageId: `<${s.reference}@alerts.ward>`,
      headers: { "X-Ward-Alert-Key": s.reference, "Auto-Submitted": "auto-generated" },
    });
  } catch (err) {
    const code = (err as { responseCode?: unknown }).responseCode;
    const message = redactUrl(err instanceof Error ? err.message : String(err), s.smtpUrl);
    if (typeof code === "number" && code >= 500) throw new PermanentSendError(`SMTP refused (${code}): ${message}`);
    throw new Error(`SMTP: ${message}`);
  } finally {
    transport.close();
  }
}

/** Removes the URL and its password from a message, should a library ever echo them. */
export function redactUrl(message: string, url: string): string {
  let out = message.split(url).join("(SMTP URL)");
  try {
    const password = decodeURIComponent(new URL(url).password);
    if (password.length >= 3) out = out.split(password).join("***");
  } catch {
    // Not a URL: nothing more to hide.
  }
  return out.slice(0, 900);
}
