// Collector configuration: defaults, then file, environment and flags in that order; bad values named.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { loadServerConfig, sqlitePath } from "./config.js";

describe("loadServerConfig", () => {
  it("defaults to 127.0.0.1:8080, ./data, SQLite and the documented retention", () => {
    const c = loadServerConfig();
    expect([c.host, c.port, c.dataDir, c.db, c.rawRetentionDays, c.retentionDays]).toEqual([
      "127.0.0.1",
      8080,
      resolve("data"),
      undefined,
      90,
      400,
    ]);
    expect(sqlitePath(c)).toBe(resolve("data", "ward.db"));
    expect(Object.isFrozen(c)).toBe(true);
  });

  it("layers file < environment < flags", () => {
    const dir = mkdtempSync(join(tmpdir(), "ward-config-"));
    const file = join(dir, "ward.json");
    writeFileSync(file, JSON.stringify({ port: 9000, host: "0.0.0.0", retentionDays: 500 }));
    const c = loadServerConfig({
      file,
      env: { WARD_PORT: "9100", DATABASE_URL: "postgres://ward@db/ward", WARD_TRUST_PROXY: "false" },
      flags: { port: "9200" },
    });
    expect([c.port, c.host, c.retentionDays, c.db, c.trustProxy]).toEqual([
      9200,
      "0.0.0.0",
      500,
      "postgres://ward@db/ward",
      false,
    ]);
    expect(loadServerConfig({ env: { WARD_TRUST_PROXY: "127.0.0.1, ::1" } }).trustProxy).toEqual(["127.0.0.1", "::1"]);
    rmSync(dir, { recursive: true, force: true });
  });

  it("trusts only named proxies or a hop count, never every X-Forwarded-For hop (issue 14.4)", () => {
    expect(() => loadServerConfig({ flags: { trustProxy: "1" } })).toThrow(/hop count cannot tell/);
    expect(loadServerConfig({ flags: { trustProxy: "loopback" } }).trustProxy).toEqual(["loopback"]);
    expect(loadServerConfig({ flags: { trustProxy: "10.0.0.0/8,127.0.0.1" } }).trustProxy).toEqual([
      "10.0.0.0/8",
      "127.0.0.1",
    ]);
    expect(loadServerConfig({ flags: { trustProxy: "false" } }).trustProxy).toBe(false);
    expect(() => loadServerConfig({ flags: { trustProxy: true } })).toThrow(/trustProxy.*by its addresses/);
    expect(() => loadServerConfig({ env: { WARD_TRUST_PROXY: "true" } })).toThrow(/trustProxy/);
    expect(() => loadServerConfig({ flags: { trustProxy: "proxy.local" } })).toThrow(/IP address or CIDR/);
    // Red-team: out-of-range prefixes passed the config check and then stopped the server at start; very wide ranges
    // trusted every client.
    for (const bad of ["127.0.0.1/999", "10.0.0.0/33", "::1/129", "10.0.0.0/8/1"]) {
      expect(() => loadServerConfig({ flags: { trustProxy: bad } })).toThrow(/IP address or CIDR/);
    }
    expect(() => loadServerConfig({ flags: { trustProxy: "0.0.0.0/1,128.0.0.0/1" } })).toThrow(/too wide/);
    expect(() => loadServerConfig({ flags: { trustProxy: "0.0.0.0/0" } })).toThrow(/too wide/);
    expect(loadServerConfig({ flags: { trustProxy: "fd00::/16,192.168.0.0/16" } }).trustProxy).toEqual([
      "fd00::/16",
      "192.168.0.0/16",
    ]);
  });

  it("names the bad value", () => {
    expect(() => loadServerConfig({ flags: { port: "eighty" } })).toThrow(/port is invalid/);
    expect(() => loadServerConfig({ flags: { db: "mysql://x" } })).toThrow(/db is invalid.*postgres/);
    expect(() => loadServerConfig({ flags: { rawRetentionDays: "0" } })).toThrow(/rawRetentionDays/);
  });
});
