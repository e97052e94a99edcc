// Parses `softwareupdate --list`: the updates Apple offers (stdout), or "No new software available." (stderr).
import { type Parsed, parsed, unparsed } from "../framework/parsed.js";

export interface MacUpdate {
  label: string;
  title: string;
  version: string | null;
  recommended: boolean;
  restart: boolean;
}

/**
 * Two formats are read, both seen in real output:
 * - Catalina and later: "* Label: macOS Ventura 13.6-22G120" then "\tTitle: macOS Ventura 13.6, Version: 13.6,
 *   Size: 594108KiB, Recommended: YES, Action: restart,";
 * - Mojave and earlier: "   * macOS 10.14.1 Update" then "    macOS 10.14.1 Update (10.14.1), 199140K [recommended]
 *   [restart]" ("-" instead of "*" marks a non-recommended item).
 * "No new software available." goes to stderr; the tool also logs noise there (XType font messages). An answer with
 * neither a list nor that sentence (offline: "Could not connect…") is not understood.
 */
export function parseSoftwareupdateList(stdout: string, stderr: string): Parsed<MacUpdate[]> {
  const all = `${stdout}\n${stderr}`;
  const found = /Software Update found the following new or updated software:/.test(all);
  if (!found) {
    if (/No new software available\./.test(all)) return parsed([]);
    return unparsed(`softwareupdate gave no list: ${firstLine(stderr) || firstLine(stdout) || "(no output)"}`);
  }
  const lines = stdout.split(/\r?\n/);
  const out: MacUpdate[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const modern = /^\s*[*-] Label: (.+?)\s*$/.exec(line);
    if (modern) {
      const detail = (lines[i + 1] ?? "").trim();
      const t = /^Title: (.*?), Version: (.*?),.*$/.exec(detail);
      if (!t) return unparsed(`softwareupdate printed a label without a title line: ${modern[1]}`);
      out.push({
        label: modern[1]!,
        title: t[1]!,
        version: t[2]!.trim() || null,
        recommended: /Recommended: YES/.test(detail),
        restart: /Action: restart/.test(detail),
      });
      i++;
      continue;
    }
    const legacy = /^\s+([*-]) (.+?)\s*$/.exec(line);
    if (legacy && !/^\s*(Title|Label):/.test(line)) {
      const detail = (lines[i + 1] ?? "").trim();
      const v = /^(.*?),? \(([^)]*)\)/.exec(detail);
      out.push({
        label: legacy[2]!,
        title: v ? v[1]! : legacy[2]!,
        version: v?.[2]?.trim() || null,
        recommended: /\[recommended\]/.test(detail),
        restart: /\[restart\]/.test(detail),
      });
      i++;
    }
  }
  if (out.length === 0) return unparsed("softwareupdate announced updates but Ward could not read any of them");
  return parsed(out);
}

export type MacUpdateKind = "os-update" | "major-upgrade" | "security" | "other";

/**
 * Which offered items are security fixes for this Mac. Apple does not label them, so: an update of the running major
 * (macOS 13.6 on 13.5), Safari, Security Updates, Rapid Security Responses and Background Security Improvements are
 * security; a newer major (macOS Sonoma 14.0 offered to 13.x) is an upgrade, judged by end of support instead;
 * Command Line Tools, firmware (BridgeOS) and the rest are not counted as security.
 */
export function classifyMacUpdate(u: MacUpdate, currentMajor: string): MacUpdateKind {
  const name = `${u.title} ${u.label}`;
  const os = /^macOS\b[^\d]*(\d+)(?:\.\d+)*/.exec(u.title) ?? /^macOS\b[^\d]*(\d+)(?:\.\d+)*/.exec(u.label);
  if (os) {
    const major = os[1] === "10" ? `10.${/^macOS\D*10\.(\d+)/.exec(u.title)?.[1] ?? ""}` : os[1]!;
    return major === currentMajor ? "os-update" : "major-upgrade";
  }
  if (/Safari|Security Update|Security Response|Background Security/i.test(name)) return "security";
  return "other";
}

function firstLine(t: string): string {
  return (t.split(/\r?\n/).find((l) => l.trim() !== "") ?? "").trim().slice(0, 200);
}
