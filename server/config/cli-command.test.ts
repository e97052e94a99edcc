// The ward-server command the dashboard's hints show: the one that works where the collector runs.
import { describe, expect, it } from "vitest";
import { cliCommand, cliCommandPrefix, shellQuote } from "./cli-command.js";
import { loadServerConfig } from "./config.js";

describe("cliCommand", () => {
  it("in a source checkout is npm run -s server --, on the collector's own data folder", () => {
    const config = loadServerConfig({ flags: { dataDir: "/srv/ward data" } });
    expect(cliCommand(config, "council create NAME", true)).toBe(
      "npm run -s server -- council create NAME --data-dir '/srv/ward data'",
    );
    // This test itself runs from source.
    expect(cliCommandPrefix(config)).toBe("npm run -s server --");
  });

  it("installed is ward-server, and WARD_CLI_COMMAND (set by the installed unit) wins", () => {
    expect(cliCommand(loadServerConfig({ flags: { dataDir: "/var/lib/ward" } }), "council list", false)).toBe(
      "ward-server council list --data-dir /var/lib/ward",
    );
    const unit = loadServerConfig({
      env: { WARD_CLI_COMMAND: "sudo -u ward-collector npm run -s --prefix /opt/ward server --" },
      flags: { dataDir: "/var/lib/ward-collector" },
    });
    expect(cliCommand(unit, "council list", true)).toBe(
      "sudo -u ward-collector npm run -s --prefix /opt/ward server -- council list --data-dir /var/lib/ward-collector",
    );
  });

  it("never shows a PostgreSQL URL (it holds the password)", () => {
    const config = loadServerConfig({ flags: { db: "postgres://ward:s3cret@db/ward" } });
    expect(cliCommand(config, "council list", true)).toBe("npm run -s server -- council list --db postgres://…");
  });

  it("quotes words for a POSIX shell", () => {
    expect(shellQuote("Demo Town Council")).toBe("'Demo Town Council'");
    expect(shellQuote("St Mary's")).toBe("'St Mary'\\''s'");
    expect(shellQuote("/var/lib/ward")).toBe("/var/lib/ward");
  });
});
