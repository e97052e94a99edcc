// The collector's logger writes JSON lines and never writes a secret, whatever key or depth it hides under.
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "./logging.js";

function capture(level: "debug" | "info" = "info") {
  const stream = new PassThrough();
  let text = "";
  stream.on("data", (d: Buffer) => {
    text += d.toString("utf8");
  });
  return { log: createLogger(level, { service: "collector" }, stream), text: () => text };
}

describe("createLogger", () => {
  it("writes one JSON object per line with the message, level, base and meta", async () => {
    const { log, text } = capture();
    log.child({ deviceId: "dev_x" }).info("device enrolled", { keyId: "k1_y" });
    await new Promise((r) => setImmediate(r));
    const line = JSON.parse(text().trim()) as Record<string, unknown>;
    expect(line).toMatchObject({
      level: "info",
      message: "device enrolled",
      service: "collector",
      deviceId: "dev_x",
      keyId: "k1_y",
    });
  });

  it("redacts tokens, keys, signatures and passwords at any depth", async () => {
    const { log, text } = capture();
    log.warn("refused", {
      token: "wet_secret1",
      body: { privateKey: "seed-secret2", nested: { password: "secret3" } },
      headers: { "x-ward-signature": "secret4", authorization: "Bearer secret5" },
    });
    await new Promise((r) => setImmediate(r));
    expect(text()).not.toMatch(/secret\d/);
    expect(text()).toContain("[redacted]");
  });

  it("drops lines below the level", async () => {
    const { log, text } = capture("info");
    log.debug("noise");
    await new Promise((r) => setImmediate(r));
    expect(text()).toBe("");
  });
});
