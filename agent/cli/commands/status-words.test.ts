// `ward status` words: local times (never raw ISO) and, when not enrolled, the next step as it works on this OS.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { writeAgentState, INITIAL_STATE } from "../../state/agent-state.js";
import { statusCommand } from "./status.js";
import { formatResultsTable } from "../format-results.js";
import { localTime, notEnrolled } from "./status-words.js";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function status(stateDir: string): Promise<string> {
  const out: string[] = [];
  await statusCommand(["--state-dir", stateDir], { out: (t) => out.push(t), err: (t) => out.push(t) });
  return out.join("");
}

describe("ward status in words", () => {
  it("says what to do when the laptop is not enrolled, with the state folder it was given", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ward-status-"));
    dirs.push(dir);
    const text = await status(dir);
    expect(text).not.toMatch(/^Not enrolled\.$/m);
    expect(text).toContain("This laptop is not enrolled");
    expect(text).toContain("Ask your IT provider for the enrolment command");
    expect(text).toContain(
      `enroll --server <the collector's address> --token <the enrolment token> --state-dir "${dir}"`,
    );
    expect(text).toContain("Last check:     never");
  });

  it("prints the last check and delivery in local time, not raw ISO", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ward-status-"));
    dirs.push(dir);
    const at = "2026-12-03T13:52:58.550Z";
    await writeAgentState(dir, { ...INITIAL_STATE, lastCycleAt: at, lastDeliveryAt: at });
    const text = await status(dir);
    expect(text).not.toContain(at);
    const local = new Date(at).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short" });
    expect(text).toContain(`Last check:     ${local} (local time)`);
    expect(text).toContain(`Last delivery:  ${local} (local time)`);
    expect(localTime(null)).toBeNull();
  });

  it("names the command in the words of each OS: an administrator PowerShell with the installed path, or sudo", () => {
    const win = notEnrolled("windows", undefined, "C:\\Program Files\\Ward\\ward.exe");
    expect(win).toContain(
      'PowerShell opened with "Run as administrator": & "C:\\Program Files\\Ward\\ward.exe" enroll',
    );
    expect(notEnrolled("linux", undefined, "/usr/lib/ward/ward")).toContain("sudo /usr/lib/ward/ward enroll --server");
    // Run from a source checkout (node + tsx, agent/cli/bin.ts): npm's script, and no sudo for a folder of one's own.
    expect(notEnrolled("linux", "/tmp/agent", "/usr/bin/node", "/src/ward/agent/cli/bin.ts")).toContain(
      'in a terminal: npm run -s ward -- enroll --server <the collector\'s address> --token <the enrolment token> --state-dir "/tmp/agent"',
    );
    expect(notEnrolled("macos", undefined, "/usr/bin/node", "/opt/other.js")).toContain("sudo ward enroll --server");
  });

  it("names each control by its title in the results table, not its id", () => {
    const table = formatResultsTable([
      {
        control: "disk-encryption",
        status: "fail",
        summary: "BitLocker is off on C:.",
        facts: {},
        remediation: ["Turn on BitLocker."],
        clause: null,
        probeErrors: [],
      },
    ]);
    expect(table).toMatch(/^Disk encryption\s+✘ FAIL\s+BitLocker is off on C:\.$/m);
    expect(table).toContain("How to fix Disk encryption:");
    expect(table).not.toContain("disk-encryption");
  });
});
