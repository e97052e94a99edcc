// The MSI's tables, read back with msiinfo: what wixl wrote plus what msi-patches.ts added. These are the parts
// Wine does not enforce (hidden properties, ACLs, failure actions), so they are checked in the package itself.
import { describe, expect, it } from "vitest";
import { run } from "../lib/run.js";
import { msiFile } from "../test/dist-files.js";
import { DATA_DIR_SDDL } from "./msi-patches.js";

/** Rows of one table (msiinfo export prints a header, a types line and a key line first). */
function table(name: string): Record<string, string>[] {
  const lines = run("msiinfo", ["export", msiFile(), name]).stdout.replace(/\r/g, "").split("\n").filter(Boolean);
  const columns = lines[0]!.split("\t");
  return lines.slice(3).map((line) => Object.fromEntries(line.split("\t").map((v, i) => [columns[i]!, v])));
}
const row = (name: string, key: string, value: string) => table(name).find((r) => r[key] === value);

describe("ward-agent.msi", () => {
  it("installs per machine into Program Files\\Ward and ProgramData\\Ward", () => {
    expect(row("Property", "Property", "ALLUSERS")?.Value).toBe("1");
    expect(row("Directory", "Directory", "INSTALLDIR")).toMatchObject({
      Directory_Parent: "ProgramFiles64Folder",
      DefaultDir: "Ward",
    });
    expect(row("Directory", "Directory", "DATADIR")).toMatchObject({
      Directory_Parent: "CommonAppDataFolder",
      DefaultDir: "Ward",
    });
    expect(
      table("File")
        .map((r) => r.FileName)
        .sort(),
    ).toEqual(["ward-service.exe", "ward.exe"]);
  });

  it("keeps ENROLL_TOKEN out of logs and passes both properties to the elevated install", () => {
    expect(row("Property", "Property", "MsiHiddenProperties")?.Value).toBe("ENROLL_TOKEN");
    expect(row("Property", "Property", "SecureCustomProperties")?.Value?.split(";")).toEqual(
      expect.arrayContaining(["SERVER_URL", "ENROLL_TOKEN"]),
    );
    const write = row("CustomAction", "Action", "WriteConfig")!;
    const type = Number(write.Type);
    expect(type & 0x3f).toBe(18); // exe from an installed file
    expect(type & 0x400).toBe(0x400); // deferred
    expect(type & 0x800).toBe(0x800); // as SYSTEM
    expect(type & 0x2000).toBe(0x2000); // HideTarget: the command line with the token is not logged
    expect(write.Target).toContain('--token "[ENROLL_TOKEN]"');
  });

  it("runs the agent as an automatic LocalSystem service hosted by NSSM, restarted on exit and on failure", () => {
    expect(row("ServiceInstall", "ServiceInstall", "WardAgentService")).toMatchObject({
      Name: "WardAgent",
      StartType: "2", // SERVICE_AUTO_START
      ServiceType: "16", // own process
      StartName: "LocalSystem",
      Component_: "ServiceHost",
    });
    const reg = Object.fromEntries(
      table("Registry")
        .filter((r) => r.Key?.startsWith("SYSTEM\\CurrentControlSet\\Services\\WardAgent\\Parameters"))
        .map((r) => [`${r.Key?.endsWith("AppExit\\") ? "AppExit\\" : ""}${r.Name ?? ""}`, r.Value]),
    );
    expect(reg.Application).toBe("[INSTALLDIR]ward.exe");
    expect(reg.AppParameters).toMatch(/^run --config "\[CommonAppDataFolder\]Ward\\agent.json" --state-dir/);
    expect(reg["AppExit\\"]).toBe("Restart");
    expect(row("MsiServiceConfigFailureActions", "MsiServiceConfigFailureActions", "WardAgentFailure")).toMatchObject({
      Name: "WardAgent",
      Actions: "1[~]1[~]1",
      ResetPeriod: "86400",
    });
    expect(row("InstallExecuteSequence", "Action", "MsiConfigureServices")?.Sequence).toBe("5850");
  });

  it("stops the service at uninstall and upgrade and waits for it before files are removed, then deletes it", () => {
    const stop = row("ServiceControl", "ServiceControl", "WardAgentStop")!;
    expect(stop.Name).toBe("WardAgent");
    // msidbServiceControlEventStop 0x2 | UninstallStop 0x20 | UninstallDelete 0x80
    expect(Number(stop.Event)).toBe(0x2 | 0x20 | 0x80);
    // Wait=1: Windows Installer waits (up to 30 s) for the service to stop before going on to RemoveFiles.
    expect(stop.Wait).toBe("1");
  });

  it("locks ProgramData\\Ward to SYSTEM and Administrators", () => {
    expect(DATA_DIR_SDDL).toBe("D:PAI(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)");
    expect(row("MsiLockPermissionsEx", "MsiLockPermissionsEx", "WardDataAcl")).toMatchObject({
      LockObject: "DATADIR",
      Table: "CreateFolder",
      SDDLText: DATA_DIR_SDDL,
    });
  });

  it("upgrades in place (old version removed first) and purges only on a real uninstall", () => {
    const seq = Object.fromEntries(table("InstallExecuteSequence").map((r) => [r.Action, r]));
    const at = (a: string) => Number(seq[a]?.Sequence);
    expect(at("RemoveExistingProducts")).toBeGreaterThan(at("InstallValidate"));
    expect(at("RemoveExistingProducts")).toBeLessThan(at("InstallInitialize"));
    expect(at("PurgeData")).toBeGreaterThan(at("DeleteServices"));
    expect(at("PurgeData")).toBeLessThan(at("RemoveFiles"));
    expect(seq.PurgeData?.Condition).toBe('REMOVE="ALL" AND NOT UPGRADINGPRODUCTCODE');
    expect(at("WriteConfig")).toBeLessThan(at("StartServices"));
    expect(
      table("Upgrade")
        .map((r) => r.ActionProperty)
        .sort(),
    ).toEqual(["WIX_DOWNGRADE_DETECTED", "WIX_UPGRADE_DETECTED"]);
  });
});
