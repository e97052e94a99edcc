// Builds dist/ward-agent-<version>-1.x86_64.rpm with rpmbuild from the staged tree and rpm/ward-agent.spec.
import { mkdirSync, readdirSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { runAsync } from "../lib/run.js";
import { LINUX_DIR, stageLinuxTree } from "./stage-linux.js";

export interface RpmOptions {
  wardBinary: string;
  version: string;
  workDir: string;
  outDir: string;
}

export async function buildRpm(o: RpmOptions): Promise<string> {
  const stage = join(o.workDir, "rpm-stage");
  const top = join(o.workDir, "rpmbuild");
  rmSync(stage, { recursive: true, force: true });
  rmSync(top, { recursive: true, force: true });
  mkdirSync(stage, { recursive: true });
  stageLinuxTree({
    root: stage,
    wardBinary: o.wardBinary,
    version: o.version,
    unitDir: "/usr/lib/systemd/system",
    debianDocs: false,
  });
  await runAsync("rpmbuild", [
    "-bb",
    "--define",
    `_topdir ${top}`,
    "--define",
    `ward_version ${o.version}`,
    "--define",
    `ward_stage ${stage}`,
    // xz at level 6 with threads: the payload is one 100 MB binary.
    "--define",
    "_binary_payload w6T.xzdio",
    join(LINUX_DIR, "rpm", "ward-agent.spec"),
  ]);
  const dir = join(top, "RPMS", "x86_64");
  const [name] = readdirSync(dir).filter((n) => n.endsWith(".rpm"));
  if (!name) throw new Error(`rpmbuild wrote no package in ${dir}`);
  const out = join(o.outDir, name);
  renameSync(join(dir, name), out);
  return out;
}
