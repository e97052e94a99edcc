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

/**
 * How Ward connects: smtps:// is TLS from the start; smtp:// must upgrade with STARTTLS before anything is sent
 * (nodemailer's requireTLS), so a server that offers no TLS, or a network that strips it, never sees the password
 * or the message. Only a URL that says `?tls=off` on purpose (a relay on this machine) may send in clear.
 */
export function smtpConnection(smtpUrl: string): { url: string; requireTLS: boolean; plainAllowed: boolean } {
  const u = new URL(smtpUrl);
  const plainAllowed = u.searchParams.get("tls") === "off";
  // Ward's switch is `tls=off` alone: nodemailer's own URL switches could turn the requirement off unnoticed.
  for (const k of ["tls", "requireTLS", "ignoreTLS", "opportunisticTLS"]) u.searchParams.delete(k);
  return { url: u.toString(), requireTLS: u.protocol === "smtp:" && !plainAllowed, plainAllowed };
}

export async function sendEmail(s: EmailSend): Promise<void> {
  const conn = smtpConnection(s.smtpUrl);
  const transport = nodemailer.createTransport({
    url: conn.url,
    requireTLS: conn.requireTLS,
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
    const raw = err instanceof Error ? err.message : String(err);
    const message = redactUrl(raw, s.smtpUrl);
    if (conn.requireTLS && /STARTTLS|TLS/i.test(raw) && !/certificate/i.test(raw)) {
      throw new Error(
        `SMTP: the mail server did not offer an encrypted connection (STARTTLS), so Ward sent neither the password nor the message. Ask for TLS on the server or use smtps://; only for a relay on this machine add ?tls=off to the SMTP URL. (${message})`,
      );
    }
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
