// The one error → HTTP mapping: AppError keeps its status, zod gives 400 with a path, anything else is a logged 500.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AppError } from "../../shared/errors.js";
import { asAppError, toErrorBody } from "./error-handler.js";

describe("asAppError", () => {
  it("keeps an AppError as it is", () => {
    const err = new AppError("signature_invalid", "forged");
    expect(asAppError(err)).toBe(err);
    expect(asAppError(err).status).toBe(401);
  });

  it("turns a zod error into 400 naming the path", () => {
    const zerr = z.object({ a: z.object({ b: z.number() }) }).safeParse({ a: { b: "x" } }).error!;
    const e = asAppError(zerr);
    expect([e.status, e.code, e.details?.path]).toEqual([400, "schema_invalid", ["a", "b"]]);
    expect(e.message).toMatch(/a\.b/);
  });

  it("maps Fastify's body errors to 413, 415 and 400", () => {
    const fe = (code: string, statusCode: number) => Object.assign(new Error(code), { code, statusCode });
    expect(asAppError(fe("FST_ERR_CTP_BODY_TOO_LARGE", 413)).status).toBe(413);
    expect(asAppError(fe("FST_ERR_CTP_INVALID_MEDIA_TYPE", 415)).status).toBe(415);
    expect(asAppError(fe("FST_ERR_CTP_INVALID_JSON_BODY", 400)).status).toBe(400);
  });

  it("answers 503 when the database is unreachable and 500 for anything else, without internals", () => {
    const down = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
    expect(asAppError(down).status).toBe(503);
    const adminShutdown = Object.assign(new Error("terminating connection"), { code: "57P01" });
    expect(asAppError(adminShutdown).status).toBe(503);
    const bug = asAppError(new TypeError("x is undefined"));
    expect([bug.status, bug.code]).toEqual([500, "internal"]);
    expect(bug.message).not.toMatch(/undefined/);
  });

  it("sends only safe details back", () => {
    const body = toErrorBody(
      new AppError("schema_invalid", "bad", { details: { index: 2, issues: [{ input: "x".repeat(1000) }] } }),
    );
    expect(body).toEqual({ error: { code: "schema_invalid", message: "bad", details: { index: 2 } } });
  });
});
