// A real HTTP receiver for webhook tests: records each POST (headers and JSON body) and can answer failures.
import { createServer, type IncomingHttpHeaders } from "node:http";

export interface Hit {
  path: string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

export async function startWebhookSink() {
  const hits: Hit[] = [];
  const statuses: number[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const status = statuses.shift() ?? 200;
      if (status < 300)
        hits.push({
          path: req.url ?? "",
          headers: req.headers,
          body: JSON.parse(Buffer.concat(chunks).toString("utf8")),
        });
      res.statusCode = status;
      res.end(status < 300 ? "ok" : "no");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const a = server.address();
  const port = a && typeof a === "object" ? a.port : 0;
  return {
    hits,
    url: (path: string) => `http://127.0.0.1:${port}${path}`,
    /** The next answers' statuses (then 200). */
    answer: (...s: number[]) => statuses.push(...s),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
