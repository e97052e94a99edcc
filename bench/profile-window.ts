// Cuts a V8 .cpuprofile down to the samples taken in one phase of a bench (e.g. the steady phase alone).
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { summarizeProfile } from "./profile.js";

interface CpuProfile {
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Microseconds on the monotonic clock that V8's profiler stamps samples with (CLOCK_MONOTONIC, as hrtime on Linux). */
export const monotonicUs = (): number => Number(process.hrtime.bigint() / 1000n);

/**
 * Writes `out`: the profile in `file` with only the samples stamped between `fromUs` and `toUs` (monotonicUs() read
 * in any process of this machine). Returns how many samples were kept out of how many.
 */
export function profileWindow(
  file: string,
  out: string,
  fromUs: number,
  toUs: number,
): { kept: number; total: number } {
  const p = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
  const samples: number[] = [];
  const timeDeltas: number[] = [];
  let t = p.startTime;
  let last = fromUs;
  for (const [i, id] of p.samples.entries()) {
    t += p.timeDeltas[i] ?? 0;
    if (t < fromUs || t > toUs) continue;
    samples.push(id);
    timeDeltas.push(t - last);
    last = t;
  }
  writeFileSync(out, JSON.stringify({ ...p, startTime: fromUs, endTime: toUs, samples, timeDeltas }));
  return { kept: samples.length, total: p.samples.length };
}

/** The busiest thread's profile in `dir` (the loader thread of tsx is idle and says nothing about ingest), whole and per phase. */
export function summarizeBusiest(
  dir: string,
  phases: { name: string; fromUs: number; toUs: number; requests: number }[],
  log: (line: string) => void,
): void {
  const files = readdirSync(dir)
    .filter((n) => n.endsWith(".cpuprofile"))
    .map((n) => join(dir, n));
  const busiest = files.sort((a, b) => statSync(b).size - statSync(a).size)[0];
  if (!busiest) return;
  log(summarizeProfile(busiest, 15));
  for (const phase of phases) {
    const out = join(dir, `${phase.name}.phase.cpuprofile`);
    const { kept, total } = profileWindow(busiest, out, phase.fromUs, phase.toUs);
    // The profile samples wall time on the main thread: 1% of the phase is this many µs per request (CPU, or
    // waiting on the disk inside a synchronous call such as SQLite's commit).
    const usPerPercent = (phase.toUs - phase.fromUs) / 100 / Math.max(1, phase.requests);
    log(
      `  ${phase.name} phase alone: ${kept} of ${total} samples; ${phase.requests} requests, so 1% = ${usPerPercent.toFixed(0)} us of the main thread per request`,
    );
    log(summarizeProfile(out, 25));
  }
}
