// The macOS pieces that can be checked on Linux: LaunchDaemon, entitlements and the MDM profile parse as property
// lists (Python's plistlib); the postinstall and build scripts parse as sh. The .pkg itself needs a Mac.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { INSTALLERS_DIR } from "../lib/paths.js";
import { run } from "../lib/run.js";
import { parsePlist } from "../test/plist.js";
import { renderMobileconfig } from "./render-mobileconfig.js";

const dir = join(INSTALLERS_DIR, "macos");
const TOKEN = `wet_${"c".repeat(43)}`;

describe("LaunchDaemon", () => {
  it("runs `ward run` as a kept-alive daemon at load", () => {
    const plist = parsePlist(readFileSync(join(dir, "org.ward.agent.plist"), "utf8")) as Record<string, unknown>;
    expect(plist).toMatchObject({
      Label: "org.ward.agent",
      ProgramArguments: ["/usr/local/ward/bin/ward", "run"],
      RunAtLoad: true,
      KeepAlive: true,
      ThrottleInterval: 10,
      Umask: 0o77,
    });
    expect(plist.UserName).toBeUndefined(); // LaunchDaemons run as root unless told otherwise
  });
});

describe("entitlements", () => {
  it("allow V8's JIT and nothing else", () => {
    expect(parsePlist(readFileSync(join(dir, "entitlements.plist"), "utf8"))).toEqual({
      "com.apple.security.cs.allow-jit": true,
      "com.apple.security.cs.allow-unsigned-executable-memory": true,
    });
  });
});

describe(".mobileconfig", () => {
  it("renders into a system-scope profile whose payload is the org.ward.agent preference domain", () => {
    let n = 0;
    const text = renderMobileconfig(
      "https://ward.example.org/",
      TOKEN,
      () => `00000000-0000-4000-8000-00000000000${++n}`,
    );
    const profile = parsePlist(text) as Record<string, unknown> & { PayloadContent: Record<string, unknown>[] };
    expect(profile).toMatchObject({ PayloadType: "Configuration", PayloadScope: "System", PayloadVersion: 1 });
    expect(profile.PayloadUUID).toBe("00000000-0000-4000-8000-000000000001");
    expect(profile.PayloadContent).toHaveLength(1);
    expect(profile.PayloadContent[0]).toMatchObject({
      PayloadType: "org.ward.agent",
      PayloadUUID: "00000000-0000-4000-8000-000000000002",
      ServerUrl: "https://ward.example.org",
      EnrollToken: TOKEN,
    });
  });
  it("gives each rendering fresh UUIDs and refuses bad values", () => {
    const a = parsePlist(renderMobileconfig("https://ward.example.org", TOKEN)) as { PayloadUUID: string };
    const b = parsePlist(renderMobileconfig("https://ward.example.org", TOKEN)) as { PayloadUUID: string };
    expect(a.PayloadUUID).toMatch(/^[0-9A-F-]{36}$/);
    expect(a.PayloadUUID).not.toBe(b.PayloadUUID);
    expect(() => renderMobileconfig("http://ward.example.org", TOKEN)).toThrow(/https/);
    expect(() => renderMobileconfig("https://ward.example.org", "secret")).toThrow(/token/);
  });
  it("reads back the keys the postinstall asks PlistBuddy for", () => {
    const postinstall = readFileSync(join(dir, "scripts/postinstall"), "utf8");
    expect(postinstall).toContain("read_pref ServerUrl");
    expect(postinstall).toContain("read_pref EnrollToken");
    expect(postinstall).toContain("/Library/Managed Preferences/org.ward.agent.plist");
  });
});

describe("scripts", () => {
  it.each(["scripts/postinstall", "build-pkg.sh", "build-arm64.sh"])("%s parses as sh", (name) => {
    expect(run("sh", ["-n", join(dir, name)]).status).toBe(0);
  });
  it("build-pkg.sh refuses to run anywhere but macOS", () => {
    const r = run("sh", [join(dir, "build-pkg.sh")], { okCodes: [1] });
    expect(r.stderr).toMatch(/macOS only/);
  });
});
