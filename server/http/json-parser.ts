// JSON request bodies: refused with 400 when they are not valid UTF-8, instead of decoded with replacement characters.
import type { FastifyInstance } from "fastify";
import { AppError } from "../../shared/errors.js";

export function installStrictJsonParser(app: FastifyInstance): void {
  // Fastify's own parser (prototype-poisoning protection included), fed only text that decoded cleanly.
  const parseJson = app.getDefaultJsonParser("error", "error");
  const decoder = new TextDecoder("utf-8", { fatal: true });
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "buffer" }, (request, body, done) => {
    let text: string;
    try {
      text = decoder.decode(body as Buffer);
    } catch {
      done(
        new AppError("schema_invalid", "The request body is not valid UTF-8 text. Send JSON encoded as UTF-8."),
        undefined,
      );
      return;
    }
    parseJson(request, text, done);
  });
}
