// A real SMTP server for the tests, on 127.0.0.1 and a random port, without STARTTLS; it can refuse or be stopped.
// (smtp-server is not in node_modules here, so this speaks the protocol's core itself: EHLO, MAIL, RCPT, DATA, QUIT.)
import { createServer, type Server, type Socket } from "node:net";
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
  const sockets = new Set<Socket>();
  let failing = 0;
  let server: Server | undefined;
  let port = 0;

  const handle = (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {});
    let buffer = "";
    let inData = false;
    let from = "";
    let to: string[] = [];
    const say = (line: string) => socket.write(`${line}\r\n`);
    say("220 ward-test ESMTP");
    socket.on("data", (chunk) => {
      buffer += chunk.toString("latin1");
      for (;;) {
        if (inData) {
          const end = buffer.indexOf("\r\n.\r\n");
          if (end < 0) return;
          const raw = Buffer.from(buffer.slice(0, end + 2), "latin1").toString("utf8").replace(/^\.\./gm, ".");
          buffer = buffer.slice(end + 5);
          inData = false;
          if (failing > 0) {
            failing--;
            say("451 4.3.0 Try again later");
          } else {
            received.push({ envelopeFrom: from, envelopeTo: to, raw, mail: parseMail(raw) });
            say("250 2.0.0 Queued");
          }
          continue;
        }
        const nl = buffer.indexOf("\r\n");
        if (nl < 0) return;
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === "EHLO") socket.write("250-ward-test\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n");
        else if (verb === "HELO") say("250 ward-test");
        else if (verb === "MAIL") {
          from = /<([^>]*)>/.exec(line)?.[1] ?? "";
          to = [];
          say("250 2.1.0 Ok");
        } else if (verb === "RCPT") {
          to.push(/<([^>]*)>/.exec(line)?.[1] ?? "");
          say("250 2.1.5 Ok");
        } else if (verb === "DATA") {
          inData = true;
          say("354 End data with <CR><LF>.<CR><LF>");
        } else if (verb === "RSET" || verb === "NOOP") say("250 2.0.0 Ok");
        else if (verb === "QUIT") {
          say("221 2.0.0 Bye");
          socket.end();
        } else say("502 5.5.2 Command not recognised");
      }
    });
  };

  const start = () =>
    new Promise<void>((resolve, reject) => {
      server = createServer(handle);
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => {
        const a = server?.address();
        if (a && typeof a === "object") port = a.port;
        resolve();
      });
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      if (!server) return resolve();
      server.close(() => resolve());
      server = undefined;
    });
  await start();
  return {
    get port() {
      return port;
    },
    get url() {
      return `smtp://127.0.0.1:${port}`;
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
