// Summarises a V8 .cpuprofile (node --cpu-prof): self time by function and by package, to say what limits a figure.
import { readFileSync } from "node:fs";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function owner(url: string): string {
  if (!url) return "(native/V8)";
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return nm[1]!;
  if (url.startsWith("node:"))
    return url
      .replace(/^node:(internal\/)?/, "node:")
      .split("/")
      .slice(0, 2)
      .join("/");
  const ward = /\/(server|shared|agent)\/(.*)$/.exec(url);
  return ward ? `ward ${ward[1]}/${ward[2]}` : url;
}

export function summarizeProfile(file: string, top = 12): string {
  const p = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  for (const [i, id] of p.samples.entries()) self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i] ?? 0));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const byFn = new Map<string, number>();
  const byOwner = new Map<string, number>();
  for (const [id, us] of self) {
    const f = byId.get(id)!.callFrame;
    const name = `${f.functionName || "(anonymous)"} ${f.url ? `${owner(f.url)}:${f.lineNumber + 1}` : ""}`.trim();
    byFn.set(name, (byFn.get(name) ?? 0) + us);
    const o = f.functionName.startsWith("(") ? f.functionName : owner(f.url);
    byOwner.set(o, (byOwner.get(o) ?? 0) + us);
  }
  const lines = (m: Map<string, number>) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, us]) => `    ${((100 * us) / total).toFixed(1).padStart(5)}%  ${k}`);
  return [
    `  profile ${file}: ${(total / 1e6).toFixed(1)} s sampled`,
    "  self time by package/file:",
    ...lines(byOwner),
    "  self time by function:",
    ...lines(byFn),
  ].join("\n");
}
