// One Wine session for the MSI test, as a script run inside the Wine root: it makes a Windows 10 prefix, then does
// each step when the test asks (a go-<step> file in the shared folder) and reports through files there. Wine's
// programs get files for stdout and stderr: Node under Wine fails on pipes.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { chrootCommand } from "./wine-root.js";

export const STEPS = ["install", "upgrade-as-windows", "upgrade-wine", "uninstall"] as const;
export type Step = (typeof STEPS)[number];

const SCRIPT = String.raw`
set -u
say() { echo "$1" >> /host/progress; }
wait_for() { i=0; while [ ! -e "/host/go-$1" ]; do sleep 1; i=$((i+1)); [ $i -gt 1800 ] && { say "timeout-$1"; exit 1; }; done; }
svc_state() { wine sc query WardAgent > "/host/$1" 2>&1; }
wait_running() {
  i=0; while [ $i -lt 60 ]; do svc_state "$1"; grep -q RUNNING "/host/$1" && return 0; sleep 1; i=$((i+1)); done; return 1
}
snapshot() {
  wine reg query 'HKLM\SYSTEM\CurrentControlSet\Services\WardAgent' /s > "/host/reg-service-$1.txt" 2>&1; echo "rc=$?" >> "/host/reg-service-$1.txt"
  wine reg query 'HKLM\Software\Microsoft\Windows\CurrentVersion\Uninstall' /s > "/host/reg-arp-$1.txt" 2>&1
}

wineboot -i > /host/wineboot.txt 2>&1
wine winecfg -v win10 >> /host/wineboot.txt 2>&1
wineserver -w
say prefix-ready

wait_for install
wine msiexec /i 'Z:\host\ward-agent.msi' /qn "SERVER_URL=$SERVER_URL" "ENROLL_TOKEN=$ENROLL_TOKEN" /l*v 'Z:\host\install.log' > /host/msiexec-install.txt 2>&1
echo $? > /host/install.rc
wait_running sc-install.txt; snapshot install
say install-done

# A major upgrade as Windows Installer performs it: the old product is removed with UPGRADINGPRODUCTCODE set, then
# the new one installed. (Wine's own RemoveExistingProducts runs "msiexec /qn /i {code} REMOVE=ALL" without that
# property, so it cannot show that the device keeps its identity; see the next step.)
wait_for upgrade-as-windows
wine msiexec /x 'Z:\host\ward-agent.msi' /qn "UPGRADINGPRODUCTCODE=$NEW_PRODUCT_CODE" /l*v 'Z:\host\upgrade-remove.log' > /host/msiexec-upgrade-remove.txt 2>&1
echo $? > /host/upgrade-remove.rc
wine msiexec /i 'Z:\host\ward-agent-upgrade.msi' /qn /l*v 'Z:\host\upgrade.log' > /host/msiexec-upgrade.txt 2>&1
echo $? > /host/upgrade.rc
wait_running sc-upgrade.txt; snapshot upgrade
say upgrade-as-windows-done

# Wine's own major upgrade path (FindRelatedProducts + RemoveExistingProducts) with the next version.
wait_for upgrade-wine
wine msiexec /i 'Z:\host\ward-agent-upgrade2.msi' /qn "SERVER_URL=$SERVER_URL" "ENROLL_TOKEN=$ENROLL_TOKEN" /l*v 'Z:\host\upgrade2.log' > /host/msiexec-upgrade2.txt 2>&1
echo $? > /host/upgrade2.rc
wait_running sc-upgrade2.txt; snapshot upgrade2
say upgrade-wine-done

wait_for uninstall
wine msiexec /x 'Z:\host\ward-agent-upgrade2.msi' /qn /l*v 'Z:\host\uninstall.log' > /host/msiexec-uninstall.txt 2>&1
echo $? > /host/uninstall.rc
sleep 2; svc_state sc-uninstall.txt; snapshot uninstall
say uninstall-done
wineserver -k
say end
`;

export class WineSession {
  readonly child: ChildProcess;
  constructor(
    readonly root: string,
    readonly hostDir: string,
    readonly prefix: string,
    env: Record<string, string>,
  ) {
    mkdirSync(hostDir, { recursive: true });
    const out = openSync(join(hostDir, "session.log"), "a");
    const argv = chrootCommand(root, hostDir, SCRIPT, {
      ...env,
      WINEPREFIX: prefix,
      WINEDEBUG: "-all",
      WINEDLLOVERRIDES: "mscoree,mshtml=",
    });
    this.child = spawn(argv[0]!, argv.slice(1), { stdio: ["ignore", out, out] });
  }

  /** Host path of a file inside the Windows prefix, e.g. drive("ProgramData/Ward/agent.json"). */
  drive(path: string): string {
    return join(this.root, this.prefix, "drive_c", path);
  }

  file(name: string): string {
    const p = join(this.hostDir, name);
    return existsSync(p) ? readFileSync(p, "utf8") : "";
  }

  /** Lets the script do `step`, and any earlier step a failed test never asked for (so one failure does not stall the rest). */
  go(step: Step): void {
    for (const s of STEPS.slice(0, STEPS.indexOf(step) + 1)) writeFileSync(join(this.hostDir, `go-${s}`), "");
  }

  async waitFor(mark: string, timeoutMs: number): Promise<void> {
    const end = Date.now() + timeoutMs;
    while (Date.now() < end) {
      const progress = this.file("progress").split("\n");
      if (progress.includes(mark)) return;
      if (progress.some((l) => l.startsWith("timeout-")) || this.child.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    throw new Error(
      `Wine session did not reach "${mark}"; progress: ${this.file("progress")}; log: ${this.file("session.log").slice(-2000)}`,
    );
  }

  /** Ends the session: if it did not finish, kill every Wine process of the prefix, then the script. */
  stop(): void {
    if (this.child.exitCode !== null) return;
    const argv = chrootCommand(this.root, this.hostDir, "wineserver -k", { WINEPREFIX: this.prefix });
    spawnSync(argv[0]!, argv.slice(1), { stdio: "ignore", timeout: 60_000 });
    this.child.kill("SIGKILL");
  }
}
