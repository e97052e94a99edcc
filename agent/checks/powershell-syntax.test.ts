// CI parses every PowerShell script Ward runs (all probes in the registry, the host, the paths lookup) with a real grammar.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { PROGRAM_DATA_SCRIPT } from "../config/agent-paths.js";
import { HOST_SCRIPT } from "../platform/powershell/host-script.js";
import { powershellScriptOf } from "../platform/powershell/route.js";
import { VOLUME_EVENTS_SCRIPT } from "./usb-storage/volume-events-windows.js";
import { normaliseForGrammar, powershellSyntaxProblems } from "../platform/powershell/syntax.test-helper.js";
import type { ProbeDefinition, ProbeSpec } from "./framework/probe.js";
import { allProbes } from "./registry.js";

const SAMPLE_USER = { name: "clerk", id: "S-1-5-21-1004336348-1177238915-682003330-1001" };

/** The PowerShell script of every probe any check may run, found through the registry (so new probes are included). */
function probeScripts(): { id: string; script: string }[] {
  const out: { id: string; script: string }[] = [];
  for (const probe of allProbes().values()) {
    if (probe.os !== "windows") continue;
    const spec = specOf(probe);
    if (spec.kind !== "exec" || !/powershell/i.test(spec.file)) continue;
    const script = powershellScriptOf(spec.file, spec.args);
    // A PowerShell probe the host cannot run (-File, -EncodedCommand…) would slip past this check: refuse it here.
    if (script === null)
      throw new Error(`${probe.id} runs PowerShell in a form the parse check cannot read: ${spec.args.join(" ")}`);
    out.push({ id: probe.id, script });
  }
  return out;
}

/** A probe's spec with a sample qualifier when it takes one (a user's SID, a volume). */
function specOf(probe: ProbeDefinition): ProbeSpec {
  const tries: [string | undefined, typeof SAMPLE_USER | undefined][] = [
    [SAMPLE_USER.id, SAMPLE_USER],
    [undefined, undefined],
    ["C:", undefined],
  ];
  for (const [q, user] of tries) {
    try {
      return probe.spec(q, user);
    } catch {
      // try the next kind of qualifier
    }
  }
  throw new Error(`${probe.id}: no sample qualifier gives a spec; add one here so its script is parsed`);
}

const scripts = [
  ...probeScripts(),
  { id: "powershell host (agent/platform/powershell/host-script.ts)", script: HOST_SCRIPT },
  { id: "ProgramData lookup (agent/config/agent-paths.ts)", script: PROGRAM_DATA_SCRIPT },
  { id: "USB volume events (agent/checks/usb-storage/volume-events-windows.ts)", script: VOLUME_EVENTS_SCRIPT },
];

describe("every PowerShell script Ward runs parses", () => {
  it("finds the Windows probes' scripts through the registry", () => {
    expect(scripts.length).toBeGreaterThanOrEqual(9);
    expect(scripts.map((s) => s.id)).toEqual(
      expect.arrayContaining(["win.usb-disks", "win.bitlocker-cim", "win.wu-pending"]),
    );
  });

  it.each(scripts)("$id", async ({ script }) => {
    expect(await powershellSyntaxProblems(script)).toEqual([]);
  });

  it("catches a quoting mistake in a real probe script", async () => {
    const usb = scripts.find((s) => s.id === "win.usb-disks")!.script;
    // The closing double quote after the WQL filter dropped: "InterfaceType='USB' | Select-Object …
    const broken = usb.replace(`'USB'"`, `'USB'`);
    expect(broken).not.toBe(usb);
    expect((await powershellSyntaxProblems(broken)).length).toBeGreaterThan(0);
    // A single quote closed too early inside a hash table, and an unclosed script block.
    expect((await powershellSyntaxProblems("[pscustomobject]@{ Name = 'it's' }")).length).toBeGreaterThan(0);
    expect(
      (await powershellSyntaxProblems("Get-CimInstance Win32_PnPEntity | Where-Object { $_.PNPDeviceID -like 'USB*'"))
        .length,
    ).toBeGreaterThan(0);
  });

  it("rewrites only the two forms the grammar lacks, never a quote", () => {
    expect(normaliseForGrammar("Get-CimInstance X | Select-Object Model,PNPDeviceID | ConvertTo-Json")).toBe(
      "Get-CimInstance X | Select-Object 'Model','PNPDeviceID' | ConvertTo-Json",
    );
    expect(normaliseForGrammar("$null = [A.B.C,A.B,ContentType=WindowsRuntime]; 'x,y'")).toBe("$null = [A.B.C]; 'x,y'");
  });

  it("no other agent file starts powershell.exe with a script this test does not read", () => {
    const root = join(import.meta.dirname, "..");
    // usb-events.ts runs VOLUME_EVENTS_SCRIPT (parsed above) through volumeEventsArgs().
    const known = new Set(["config/agent-paths.ts", "platform/node-platform.ts", "daemon/usb-events.ts"]);
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const p = join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (p.endsWith(".ts") && !p.endsWith(".test.ts") && !p.includes("test-helper")) {
          const rel = relative(root, p).replaceAll("\\", "/");
          const text = readFileSync(p, "utf8");
          // Probe definitions are read through the registry above.
          if (/"powershell(\.exe)?"/i.test(text) && !/ProbeDefinition/.test(text) && !known.has(rel))
            offenders.push(rel);
        }
      }
    };
    walk(root);
    expect(offenders).toEqual([]);
  });
});
