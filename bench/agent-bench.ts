// Agent figures: one full check cycle (CLI under tsx and the shipped binary), start-up baselines; idle agents are in idle-agents.ts.
import { closeSync, existsSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { type Figure, figure } from "./figures.js";
import { type ChildRun, median, runSampled, SAMPLE_EVERY_MS } from "./proc-stats.js";

export const ROOT = resolve(import.meta.dirname, "..");
export const BINARY = join(ROOT, "dist", "ward-linux-x64");
export const MB = 1024;

export interface Cmd {
  label: string;
  command: string;
  args: string[];
}

export const tsxWard = (args: string[]): Cmd => ({
  label: "tsx",
  command: process.execPath,
  args: ["--import", "tsx", "agent/cli/bin.ts", ...args],
});
export const binWard = (args: string[]): Cmd => ({ label: "binary", command: installedBinary(), args });

let installed: string | null = null;
/**
 * The binary as a package manager leaves it: copied in 64 KiB writes. The build writes the executable in one
 * 106 MB write, and on this kernel (ext4 with large folios) such a file sits in the page cache in folios of up to
 * 2 MB that a page fault maps whole: `ward help` then shows 103 MB RSS instead of 84 MB for the same bytes written
 * in small pieces (measured here). dpkg, msiexec and installer write in small chunks, and after a reboot the file is
 * read back by readahead in small folios, so the copy is what a council laptop runs.
 */
export function installedBinary(): string {
  if (installed) return installed;
  const dir = mkdtempSync(join(tmpdir(), "ward-bench-bin-"));
  const target = join(dir, "ward-linux-x64");
  // 106 MB: removed when the bench ends, however it ends.
  process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
  const from = openSync(BINARY, "r");
  const to = openSync(target, "w", 0o755);
  const chunk = Buffer.alloc(64 * 1024);
  for (let n = readSync(from, chunk); n > 0; n = readSync(from, chunk)) writeSync(to, chunk, 0, n);
  closeSync(from);
  closeSync(to);
  installed = target;
  return target;
}

export interface CycleStats {
  runs: number;
  wallMs: number;
  cpuSelfMs: number;
  cpuChildrenMs: number;
  peakRssKb: number;
}

async function measure(cmd: Cmd, runs: number, warmup = 1): Promise<CycleStats> {
  const all: ChildRun[] = [];
  for (let i = 0; i < warmup + runs; i++) {
    const r = await runSampled(cmd.command, cmd.args, { cwd: ROOT });
    if (r.exitCode !== 0 && r.exitCode !== 1) {
      throw new Error(`${cmd.command} ${cmd.args.join(" ")} exited ${r.exitCode}: ${r.stderr.slice(0, 500)}`);
    }
    if (i >= warmup) all.push(r);
  }
  return {
    runs,
    wallMs: median(all.map((r) => r.wallMs)),
    cpuSelfMs: median(all.map((r) => r.cpuSelfMs)),
    cpuChildrenMs: median(all.map((r) => r.cpuChildrenMs)),
    peakRssKb: median(all.map((r) => r.peakRssKb)),
  };
}

export interface AgentCycleResult {
  figures: Figure[];
  /** Real results of this machine's check (used by the ingest and storage benches as report content). */
  checkJson: string;
  raw: Record<string, CycleStats>;
}

export async function benchAgentCycle(runs: number): Promise<AgentCycleResult> {
  const S = "agent";
  const bare = await measure({ label: "bare", command: process.execPath, args: ["-e", "0"] }, runs);
  const tsxStart = await measure(
    { label: "tsx-start", command: process.execPath, args: ["--import", "tsx", "-e", "0"] },
    runs,
  );
  const tsxCheck = await measure(tsxWard(["check", "--json"]), runs);
  const checkJson = (
    await runSampled(process.execPath, ["--import", "tsx", "agent/cli/bin.ts", "check", "--json"], { cwd: ROOT })
  ).stdout;
  const raw: Record<string, CycleStats> = { bare, tsxStart, tsxCheck };
  const bareRef = { label: "bare node -e 0", unit: "MB", value: bare.peakRssKb / MB };
  const cpuLimit = { label: "limit", value: 1000, unit: "ms", kind: "below" as const };
  const rssLimit = { label: "limit", value: 80, unit: "MB", kind: "below" as const };
  const cpu = (s: CycleStats) => s.cpuSelfMs + s.cpuChildrenMs;
  const figures: Figure[] = [
    figure({
      section: S,
      name: "bare `node -e 0`: wall / CPU",
      value: bare.wallMs,
      unit: "ms wall",
      note: `CPU ${bare.cpuSelfMs} ms, peak RSS ${(bare.peakRssKb / MB).toFixed(1)} MB (median of ${runs}; /proc sampled every ${SAMPLE_EVERY_MS} ms)`,
    }),
    figure({
      section: S,
      name: "tsx start-up alone (`node --import tsx -e 0`): CPU",
      value: cpu(tsxStart),
      unit: "ms",
      baseline: { label: "bare node", value: cpu(bare), unit: "ms" },
      note: `wall ${tsxStart.wallMs.toFixed(0)} ms, peak RSS ${(tsxStart.peakRssKb / MB).toFixed(1)} MB: development cost only, not shipped`,
    }),
  ];
  const cycleFigures = (label: string, s: CycleStats, minusStartCpu: number) => [
    figure({
      section: S,
      name: `check cycle (${label}): wall`,
      value: s.wallMs,
      unit: "ms",
      baseline: { label: "bare node", value: bare.wallMs, unit: "ms" },
    }),
    figure({
      section: S,
      name: `check cycle (${label}): CPU, agent + probes`,
      value: cpu(s),
      unit: "ms",
      baseline: { label: "bare node", value: cpu(bare), unit: "ms" },
      limit: cpuLimit,
      note: `agent process ${s.cpuSelfMs} ms + probe subprocesses ${s.cpuChildrenMs} ms${minusStartCpu ? `; minus tsx start-up (${minusStartCpu} ms): ${cpu(s) - minusStartCpu} ms` : ""}`,
    }),
    figure({
      section: S,
      name: `check cycle (${label}): peak RSS`,
      value: s.peakRssKb / MB,
      unit: "MB",
      baseline: bareRef,
      limit: rssLimit,
    }),
  ];
  figures.push(...cycleFigures("tsx CLI", tsxCheck, cpu(tsxStart) - cpu(bare)));
  if (existsSync(BINARY)) {
    const binCheck = await measure(binWard(["check", "--json"]), runs);
    const binStart = await measure(binWard(["help"]), runs).catch(() => null);
    raw.binCheck = binCheck;
    figures.push(...cycleFigures("dist/ward-linux-x64, what ships", binCheck, 0));
    if (binStart) {
      raw.binStart = binStart;
      figures.push(
        figure({
          section: S,
          name: "binary start-up alone (`ward help`): CPU",
          value: cpu(binStart),
          unit: "ms",
          baseline: { label: "bare node", value: cpu(bare), unit: "ms" },
          note: `peak RSS ${(binStart.peakRssKb / MB).toFixed(1)} MB`,
        }),
      );
    }
  } else {
    figures.push(
      figure({
        section: S,
        name: "check cycle (dist/ward-linux-x64)",
        value: null,
        unit: "",
        note: "dist/ward-linux-x64 not built (npm run build:agent)",
      }),
    );
  }
  return { figures, checkJson, raw };
}
