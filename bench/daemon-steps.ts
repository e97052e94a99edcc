// The resident agent's step processes measured one by one on the idle binary agent's state: a cycle and a watch step.
import { join } from "node:path";
import { EVENT_FALLBACK_POLL_MS } from "../agent/cli/commands/run-resident.js";
import { CODE_CACHE_ENV } from "../agent/daemon/step-process.js";
import { binWard, MB, ROOT } from "./agent-bench.js";
import { type Figure, figure } from "./figures.js";
import { type ChildRun, runSampled } from "./proc-stats.js";

const med = (xs: number[]) => [...xs].sort((x, y) => x - y)[1]!;
const cpuOf = (r: ChildRun) => r.cpuSelfMs + r.cpuChildrenMs;

/** Three runs of one step as the resident agent starts it (with the code cache its earlier steps made), beside bare node. */
async function runStep(stateDir: string, step: string[]): Promise<{ runs: ChildRun[]; bare: ChildRun[] }> {
  const runs = [];
  const bare = [];
  for (let i = 0; i < 3; i++) {
    const cmd = binWard(["run", "--step", ...step, "--quiet", "--state-dir", stateDir]);
    const env = { ...process.env, [CODE_CACHE_ENV]: stateDir };
    runs.push(await runSampled(cmd.command, [...cmd.args, "--log-dir", join(stateDir, "logs")], { cwd: ROOT, env }));
    bare.push(await runSampled(process.execPath, ["-e", "0"], { cwd: ROOT }));
  }
  return { runs, bare };
}

/**
 * A cycle as the resident agent runs it, every 15 minutes: `ward run --step cycle` on the idle binary agent's state
 * (enrolled, apt's answer and the agent's code cache kept by its first steps), delivering to the same collector;
 * after the agent was stopped, so nothing else writes that state. Median of 3, beside bare node measured here.
 */
export async function daemonCycleFigures(stateDir: string): Promise<Figure[]> {
  const { runs, bare } = await runStep(stateDir, ["cycle"]);
  const answered = runs.filter((r) => r.stdout.includes('"ok":true')).length;
  const name = "daemon cycle (dist/ward-linux-x64, a `ward run` step process, apt answer cached)";
  return [
    figure({
      section: "agent",
      name: `${name}: CPU, agent + probes`,
      value: med(runs.map(cpuOf)),
      unit: "ms",
      baseline: { label: "bare node", value: med(bare.map(cpuOf)), unit: "ms" },
      limit: { label: "limit", value: 1000, unit: "ms", kind: "below" },
      note: `check, sign, spool and deliver; ${answered}/3 steps answered ok; agent ${med(runs.map((r) => r.cpuSelfMs))} ms + probes ${med(runs.map((r) => r.cpuChildrenMs))} ms; the one-shot \`ward check\` above asks apt every time`,
    }),
    figure({
      section: "agent",
      name: `${name}: peak RSS`,
      value: med(runs.map((r) => r.peakRssKb)) / MB,
      unit: "MB",
      baseline: { label: "bare node -e 0", value: med(bare.map((r) => r.peakRssKb)) / MB, unit: "MB" },
      limit: { label: "limit", value: 80, unit: "MB", kind: "below" },
    }),
  ];
}

/**
 * The watch step the resident agent starts at each fallback poll (USB, hotspot and Wi-Fi together), or for one
 * control on its event; and from it an hour of watching without a cycle (a policy with a long interval): the idle
 * agent's measured CPU rate plus one such step per fallback period.
 */
export async function watchStepFigures(stateDir: string, idleWatchMsPerHour: number | null): Promise<Figure[]> {
  const { runs, bare } = await runStep(stateDir, ["watch", "--only", "usb-storage,hotspot,wifi-security"]);
  const answered = runs.filter((r) => r.stdout.includes('"ok":true')).length;
  const stepCpu = med(runs.map(cpuOf));
  const perHour = 3_600_000 / EVENT_FALLBACK_POLL_MS;
  const name = "watch step (dist/ward-linux-x64: USB, hotspot and Wi-Fi, as at each fallback poll)";
  const figures = [
    figure({
      section: "agent",
      name: `${name}: CPU, agent + probes`,
      value: stepCpu,
      unit: "ms",
      baseline: { label: "bare node", value: med(bare.map(cpuOf)), unit: "ms" },
      note: `${answered}/3 steps answered ok; agent ${med(runs.map((r) => r.cpuSelfMs))} ms + probes ${med(runs.map((r) => r.cpuChildrenMs))} ms; peak RSS ${(med(runs.map((r) => r.peakRssKb)) / MB).toFixed(1)} MB`,
    }),
  ];
  if (idleWatchMsPerHour !== null)
    figures.push(
      figure({
        section: "agent",
        name: "ward run (binary) watch, an hour without a cycle: CPU per hour",
        value: idleWatchMsPerHour + perHour * stepCpu,
        unit: "ms/h",
        note: `the idle agent's measured ${idleWatchMsPerHour.toFixed(0)} ms/h plus ${perHour} fallback watch steps of ${stepCpu} ms; between 15-minute cycles no fallback poll falls due, and a network change or a disk plugged in adds one step`,
      }),
    );
  return figures;
}
