// The SMTP password and alerts never cross in clear: smtp:// must upgrade with STARTTLS unless the URL says ?tls=off (issue 14.6).
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterEach, expect, it } from "vitest";
import { sendEmail, smtpConnection } from "../../server/alerts/transport-email.js";

let server: SMTPServer | undefined;
afterEach(async () => {
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  server = undefined;
});

/** A mail server that offers AUTH but no STARTTLS (or a network path that stripped it); records what it was told. */
async function plainServer(): Promise<{ port: number; auths: string[]; messages: number }> {
  const seen = { port: 0, auths: [] as string[], messages: 0 };
  server = new SMTPServer({
    disabledCommands: ["STARTTLS"],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, cb) {
      seen.auths.push(`${auth.username}:${auth.password}`);
      cb(null, { user: auth.username });
    },
    onData(stream, _session, cb) {
      stream.resume();
      stream.on("end", () => {
        seen.messages++;
        cb();
      });
    },
  });
  await new Promise<void>((r) => server!.listen(0, "127.0.0.1", () => r()));
  seen.port = (server.server.address() as AddressInfo).port;
  return seen;
}

const mail = (smtpUrl: string) => ({
  smtpUrl,
  from: "ward@council.example",
  to: "it@provider.example",
  body: { subject: "[Ward] test", text: "plain", html: "<p>plain</p>" },
  reference: "ref-1",
  timeoutMs: 5000,
});

it("refuses to send the SMTP password or the message to a server that offers no TLS", async () => {
  const s = await plainServer();
  const err = await sendEmail(mail(`smtp://warduser:S3cretSMTPpw@127.0.0.1:${s.port}`)).catch((e: Error) => e);
  expect(err).toBeInstanceOf(Error);
  expect((err as Error).message).toMatch(/did not offer an encrypted connection/);
  expect((err as Error).message).not.toContain("S3cretSMTPpw");
  expect(s.auths).toEqual([]);
  expect(s.messages).toBe(0);
});

it("sends in clear only when the URL says ?tls=off on purpose (a relay on this machine)", async () => {
  const s = await plainServer();
  await sendEmail(mail(`smtp://relay:relaypw@127.0.0.1:${s.port}?tls=off`));
  expect(s.auths).toEqual(["relay:relaypw"]);
  expect(s.messages).toBe(1);
  expect(smtpConnection("smtp://h:587")).toMatchObject({ requireTLS: true, plainAllowed: false });
  // nodemailer's own URL switches cannot turn the requirement off behind Ward's back.
  expect(smtpConnection("smtp://u:p@h:587?requireTLS=false&ignoreTLS=true")).toMatchObject({
    url: "smtp://u:p@h:587",
    requireTLS: true,
  });
  expect(smtpConnection("smtps://u:p@h:465")).toMatchObject({ requireTLS: false, plainAllowed: false });
});
