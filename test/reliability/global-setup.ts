// Creates the counts file before the suite and prints the totals after it.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), "ward-reliability-"));
  const file = join(dir, "counts.jsonl");
  process.env.WARD_RELIABILITY_COUNTS = file;
  const started = Date.now();
  return () => {
    const totals = new Map<string, number>();
    try {
      for (const line of readFileSync(file, "utf8").split("\n").filter(Boolean)) {
        const { key, n } = JSON.parse(line) as { key: string; n: number };
        totals.set(key, (totals.get(key) ?? 0) + n);
      }
    } catch {
      // no test recorded anything
    }
    rmSync(dir, { recursive: true, force: true });
    const width = Math.max(...[...totals.keys()].map((k) => k.length), 10);
    const lines = [...totals.entries()].map(([k, n]) => `  ${k.padEnd(width)}  ${n}`);
    process.stdout.write(
      `\nWard reliability counts (${((Date.now() - started) / 1000).toFixed(0)} s):\n${lines.join("\n")}\n`,
    );
  };
}
