// Reads the few facts the rules need from a stored CheckResult, and flattens the rest into lines for the IT provider.
import { CheckResult } from "../../shared/schemas/check-result.js";
import type { DeviceRow } from "../stores/device-store.js";
import { oneLine } from "./neutralise.js";

/** The stored result JSON, or null when it no longer parses (then rules treat the control as unknown). */
export function parseResult(json: string): CheckResult | null {
  try {
    const parsed = CheckResult.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

const obj = (v: unknown): Record<string, unknown> | null =>
  typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;

/** Facts as "path: value" lines (nested objects dotted, arrays indexed), bounded, each on one line. */
export function factLines(facts: unknown, maxLines = 40): string[] {
  const out: string[] = [];
  const walk = (v: unknown, path: string, depth: number) => {
    if (out.length >= maxLines) return;
    if (depth > 4) {
      out.push(`${path}: …`);
      return;
    }
    if (Array.isArray(v)) {
      if (v.length === 0) out.push(`${path}: (none)`);
      for (const [i, item] of v.entries()) walk(item, `${path}[${i}]`, depth + 1);
      return;
    }
    const o = obj(v);
    if (o) {
      for (const [k, child] of Object.entries(o)) walk(child, path ? `${path}.${k}` : k, depth + 1);
      return;
    }
    out.push(`${path}: ${oneLine(String(v), 300)}`);
  };
  walk(facts, "", 0);
  if (out.length >= maxLines) out.push("(more facts on the device page)");
  return out;
}

/** The device identity lines the IT provider gets with every alert. */
export function deviceLines(d: DeviceRow): string[] {
  return [
    `Device: ${d.hostname} (${d.id})`,
    `Hardware: ${d.manufacturer} ${d.model}, serial ${d.serial}`,
    `OS: ${d.os_name} ${d.os_version} (build ${d.os_build}), ${d.os_platform}`,
    `Ward agent: ${d.agent_version}; last report ${d.last_seen_at ?? "never"}`,
  ].map((l) => oneLine(l, 400));
}

export function deviceLink(publicUrl: string | null, deviceId: string): string | null {
  return publicUrl ? `${publicUrl.replace(/\/+$/, "")}/devices/${encodeURIComponent(deviceId)}` : null;
}
