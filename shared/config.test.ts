// Layered config: defaults < file < env < flags, frozen, failing fast with the path of the bad value.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { loadConfig } from "./config.js";

const Schema = z.object({
  server: z.object({ url: z.url(), timeoutMs: z.coerce.number().int().positive() }),
  logLevel: z.enum(["debug", "info", "warn", "error"]),
});

function tempFile(content: string): string {
  const dir = mkdtempSync(join(tmpdir(), "ward-config-"));
  const path = join(dir, "agent.json");
  writeFileSync(path, content);
  return path;
}

describe("loadConfig", () => {
  const defaults = { server: { url: "https://default.example", timeoutMs: 1000 }, logLevel: "info" };

  it("applies layers in order: defaults < file < env < flags", () => {
    const file = tempFile(JSON.stringify({ server: { url: "https://file.example" }, logLevel: "warn" }));
    const cfg = loadConfig(Schema, {
      defaults,
      file,
      env: { WARD_TIMEOUT: "2500", WARD_LOG: "debug" },
      envMap: { WARD_TIMEOUT: "server.timeoutMs", WARD_LOG: "logLevel" },
      flags: { logLevel: "error", server: { url: undefined } },
    });
    expect(cfg).toEqual({ server: { url: "https://file.example", timeoutMs: 2500 }, logLevel: "error" });
    expect(Object.isFrozen(cfg.server)).toBe(true);
  });

  it("fails fast naming the path of the bad value", () => {
    expect(() => loadConfig(Schema, { defaults, flags: { server: { url: "not a url" } } })).toThrow(/server\.url/);
  });

  it("says which file is broken", () => {
    const file = tempFile("{ nope");
    expect(() => loadConfig(Schema, { defaults, file })).toThrow(/not valid JSON/);
  });

  it("skips a missing optional file but not a missing required one", () => {
    expect(loadConfig(Schema, { defaults, file: "/nonexistent/agent.json", fileOptional: true }).logLevel).toBe("info");
    expect(() => loadConfig(Schema, { defaults, file: "/nonexistent/agent.json" })).toThrow(/Cannot read/);
  });
});
