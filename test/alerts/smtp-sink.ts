// A real SMTP server for the tests (smtp-server), on 127.0.0.1 and a random port, without STARTTLS; it can refuse or be stopped.
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { type ParsedMail, parseMail } from "./mime.js";

export interface Received {
  envelopeFrom: string;
  envelopeTo: string[];
  raw: string;
  mail: ParsedMail;
}

export interface SmtpSink {
  port: number;
  url: string;
  received: Received[];
  /** Answer the next `n` messages' DATA with a temporary failure (451). */
  failNext(n: number): void;
  /** Close the listening socket (as if the SMTP server went down); `start` opens it again on the same port. */
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const received: Received[] = [];
  let failing = 0;
  let server: SMTPServer | undefined;
  let port = 0;

  const create = () =>
    new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS", "AUTH"],
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on("data", (c: Buffer) => chunks.push(c));
        stream.on("end", () => {
          if (failing > 0) {
            failing--;
            const err = Object.assign(new Error("Try again later"), { responseCode: 451 });
            callback(err);
            return;
          }
          const raw = Buffer.concat(chunks).toString("utf8");
          parseMail(raw).then(
            (mail) => {
              received.push({
                envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
                envelopeTo: session.envelope.rcptTo.map((r) => r.address),
                raw,
                mail,
              });
              callback();
            },
            (err: Error) => callback(err),
          );
        });
      },
    });

  const start = () =>
    new Promise<void>((resolve, reject) => {
      const s = create();
      s.on("error", () => {});
      s.server.once("error", reject);
      s.listen(port, "127.0.0.1", () => {
        port = (s.server.address() as AddressInfo).port;
        server = s;
        resolve();
      });
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      const s = server;
      server = undefined;
      if (!s) return resolve();
      // smtp-server waits for open connections to finish; a down server drops them at once.
      for (const conn of (s as unknown as { connections: Set<{ _socket?: { destroy(): void } }> }).connections ?? [])
        conn._socket?.destroy();
      s.close(() => resolve());
    });
  await start();
  return {
    get port() {
      return port;
    },
    get url() {
      // This sink offers no STARTTLS: the URL says so on purpose, as for a relay on the same machine.
      return `smtp://127.0.0.1:${port}?tls=off`;
    },
    received,
    failNext(n) {
      failing = n;
    },
    stop,
    start,
    close: stop,
  };
}
