// Secrets never reach log lines: values of secret-looking keys are redacted at any depth.
import { describe, expect, it } from "vitest";
import { memoryLogger } from "./logger.js";

describe("logger redaction", () => {
  it("redacts tokens, keys and passwords, keeps the rest", () => {
    const log = memoryLogger();
    log.child({ module: "enroll" }).info("enrolling", { token: "wt_secret", nested: { privateKey: "abc", host: "x" } });
    expect(log.lines[0]).toEqual({
      level: "info",
      message: "enrolling",
      meta: { module: "enroll", token: "[redacted]", nested: { privateKey: "[redacted]", host: "x" } },
    });
  });
});
