// End to end under Wine 10: the MSI installs silently with a token for a collector this test starts, the service
// runs, a signed report arrives at the collector, a major upgrade keeps the device's identity, and the uninstall
// leaves nothing behind. The report part needs the agent's `run` command (checked with `ward help`).
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DIST_DIR } from "../lib/paths.js";
import { run } from "../lib/run.js";
import { type Collector, startCollector } from "../test/collector.js";
import { linuxExe, msiFile, windowsExe } from "../test/dist-files.js";
import { buildMsi } from "./build-msi.js";
import { ensureWineRoot } from "./wine-root.js";
import { WineSession } from "./wine-session.js";

const agentRuns = (() => {
  const help = run(linuxExe(), ["help"], { okCodes: [0, 2] }).stdout;
  return /^\s+run\b/m.test(help) && /^\s+enroll\b/m.test(help);
})();

let collector: Collector;
let wine: WineSession;
let hostDir: string;
const sha = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");

beforeAll(async () => {
  const root = ensureWineRoot();
  hostDir = mkdtempSync(join(root, "tmp", "ward-msi-test-"));
  run("cp", [msiFile(), join(hostDir, "ward-agent.msi")]);
  // The same agent, packaged as the next two versions, for the major upgrades.
  const work = join(DIST_DIR, ".build", "upgrade");
  buildMsi({
    wardExe: windowsExe(),
    outFile: join(hostDir, "ward-agent-upgrade.msi"),
    workDir: work,
    version: "0.1.99",
  });
  buildMsi({
    wardExe: windowsExe(),
    outFile: join(hostDir, "ward-agent-upgrade2.msi"),
    workDir: work,
    version: "0.1.100",
  });
  const productCode = /^ProductCode\t(\{[0-9A-F-]+\})/m.exec(
    run("msiinfo", ["export", join(hostDir, "ward-agent-upgrade.msi"), "Property"]).stdout,
  )?.[1];
  if (!productCode) throw new Error("no ProductCode in the upgrade MSI");
  collector = await startCollector();
  const prefix = `/tmp/${hostDir.split("/").pop()}-prefix`;
  wine = new WineSession(root, hostDir, prefix, {
    SERVER_URL: collector.url,
    ENROLL_TOKEN: collector.token,
    NEW_PRODUCT_CODE: productCode,
  });
  await wine.waitFor("prefix-ready", 300_000);
}, 1_200_000);

afterAll(() => {
  wine?.stop();
  collector?.stop();
  if (hostDir && process.env.WARD_KEEP_WINE !== "1") {
    rmSync(join(wine.root, wine.prefix), { recursive: true, force: true });
    rmSync(hostDir, { recursive: true, force: true });
  }
});

describe.sequential("ward-agent.msi under Wine", () => {
  it("installs silently with SERVER_URL and ENROLL_TOKEN and the service runs", async () => {
    wine.go("install");
    await wine.waitFor("install-done", 300_000);
    expect(wine.file("install.rc").trim()).toBe("0");
    expect(wine.file("sc-install.txt")).toMatch(/STATE\s+:\s+4\s+RUNNING/);
    expect(existsSync(wine.drive("Program Files/Ward/ward.exe"))).toBe(true);
    expect(existsSync(wine.drive("Program Files/Ward/ward-service.exe"))).toBe(true);
    const config = JSON.parse(readFileSync(wine.drive("ProgramData/Ward/agent.json"), "utf8")) as Record<
      string,
      unknown
    >;
    expect(config.serverUrl).toBe(collector.url);
    const reg = wine.file("reg-service-install.txt");
    expect(reg).toMatch(/ObjectName\s+REG_SZ\s+LocalSystem/);
    expect(reg).toMatch(/Start\s+REG_DWORD\s+0x2/);
    expect(reg).toMatch(/Application\s+REG_SZ\s+C:\\Program Files\\Ward\\ward.exe/);
    expect(reg).not.toContain(collector.token);
  });

  it.runIf(agentRuns)("enrols from the config file and a signed report arrives at the collector", async () => {
    const end = Date.now() + 180_000;
    while ((await collector.acceptedReports()) < 1 && Date.now() < end) await new Promise((r) => setTimeout(r, 2000));
    const log = existsSync(wine.drive("ProgramData/Ward/logs/agent.log"))
      ? readFileSync(wine.drive("ProgramData/Ward/logs/agent.log"), "utf8")
      : "";
    const out = existsSync(wine.drive("ProgramData/Ward/logs/service-output.log"))
      ? readFileSync(wine.drive("ProgramData/Ward/logs/service-output.log"), "utf8")
      : "";
    expect(
      await collector.acceptedReports(),
      `agent log:\n${log.slice(-3000)}\nservice output:\n${out.slice(-3000)}`,
    ).toBeGreaterThanOrEqual(1);
    // The agent removed the used token from its config.
    const config = JSON.parse(readFileSync(wine.drive("ProgramData/Ward/agent.json"), "utf8")) as Record<
      string,
      unknown
    >;
    expect(config).toEqual({ serverUrl: collector.url });
    expect(log).not.toContain(collector.token);
    expect(existsSync(wine.drive("ProgramData/Ward/state/enrollment.json"))).toBe(true);
  });

  it("a major upgrade, removal as Windows Installer does it (UPGRADINGPRODUCTCODE set), keeps the device's identity", async () => {
    const key = wine.drive("ProgramData/Ward/state/device-key.json");
    const enrollment = wine.drive("ProgramData/Ward/state/enrollment.json");
    const config = readFileSync(wine.drive("ProgramData/Ward/agent.json"), "utf8");
    const enrolled = existsSync(key) && existsSync(enrollment);
    const before = enrolled ? { key: sha(key), enrollment: sha(enrollment) } : undefined;
    const accepted = await collector.acceptedReports();
    wine.go("upgrade-as-windows");
    await wine.waitFor("upgrade-as-windows-done", 400_000);
    expect(wine.file("upgrade-remove.rc").trim()).toBe("0");
    expect(wine.file("upgrade.rc").trim()).toBe("0");
    expect(wine.file("sc-upgrade.txt")).toMatch(/STATE\s+:\s+4\s+RUNNING/);
    const arp = wine.file("reg-arp-upgrade.txt");
    expect(arp.match(/DisplayName\s+REG_SZ\s+Ward agent/g)).toHaveLength(1);
    expect(arp).toMatch(/DisplayVersion\s+REG_SZ\s+0\.1\.99/);
    expect(readFileSync(wine.drive("ProgramData/Ward/agent.json"), "utf8")).toBe(config);
    expect(enrolled, "the device had not enrolled before the upgrade, so there was no identity to keep").toBe(
      agentRuns,
    );
    if (before) {
      expect(sha(key)).toBe(before.key);
      expect(sha(enrollment)).toBe(before.enrollment);
      // The upgraded agent reports again under the same identity (no second enrolment needed).
      const end = Date.now() + 180_000;
      while ((await collector.acceptedReports()) <= accepted && Date.now() < end)
        await new Promise((r) => setTimeout(r, 2000));
      expect(await collector.acceptedReports()).toBeGreaterThan(accepted);
      expect(sha(enrollment)).toBe(before.enrollment);
    }
  });

  it("Wine's own major upgrade path replaces the product in place (one entry, new version, service running)", async () => {
    wine.go("upgrade-wine");
    await wine.waitFor("upgrade-wine-done", 400_000);
    expect(wine.file("upgrade2.rc").trim()).toBe("0");
    expect(wine.file("sc-upgrade2.txt")).toMatch(/STATE\s+:\s+4\s+RUNNING/);
    const arp = wine.file("reg-arp-upgrade2.txt");
    expect(arp.match(/DisplayName\s+REG_SZ\s+Ward agent/g)).toHaveLength(1);
    expect(arp).toMatch(/DisplayVersion\s+REG_SZ\s+0\.1\.100/);
  });

  it("uninstalls silently and leaves nothing behind", async () => {
    wine.go("uninstall");
    await wine.waitFor("uninstall-done", 300_000);
    expect(wine.file("uninstall.rc").trim()).toBe("0");
    expect(wine.file("sc-uninstall.txt")).not.toMatch(/RUNNING|STOPPED/);
    expect(wine.file("reg-service-uninstall.txt")).toMatch(/rc=1/);
    expect(wine.file("reg-arp-uninstall.txt")).not.toContain("Ward agent");
    expect(existsSync(wine.drive("Program Files/Ward"))).toBe(false);
    expect(existsSync(wine.drive("ProgramData/Ward"))).toBe(false);
  });
});
