// Parses /etc/os-release (KEY=value lines, values optionally quoted) into the distribution and release Ward needs.
import { type Parsed, parsed, unparsed } from "../framework/parsed.js";

export interface OsRelease {
  /** Lower-case ID: "ubuntu", "debian", "rhel", "rocky", "almalinux", "fedora", … */
  id: string;
  idLike: string[];
  /** VERSION_ID as written: "22.04", "12", "8.3", "40"; null on rolling releases (Arch). */
  versionId: string | null;
  prettyName: string;
}

export function parseOsRelease(text: string): Parsed<OsRelease> {
  const values = new Map<string, string>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line);
    if (!m) return unparsed(`os-release has a line Ward does not read: ${line.slice(0, 80)}`);
    values.set(m[1]!, unquote(m[2]!));
  }
  const id = values.get("ID")?.toLowerCase();
  if (!id) return unparsed("os-release has no ID");
  return parsed({
    id,
    idLike: (values.get("ID_LIKE") ?? "").toLowerCase().split(/\s+/).filter(Boolean),
    versionId: values.get("VERSION_ID") ?? null,
    prettyName: values.get("PRETTY_NAME") ?? values.get("NAME") ?? id,
  });
}

function unquote(v: string): string {
  const m = /^"(.*)"$/.exec(v) ?? /^'(.*)'$/.exec(v);
  return m ? m[1]!.replace(/\\(["\\$`])/g, "$1") : v;
}

/** The product and release keys of the end-of-support table, or null when Ward has no table for this distribution. */
export function linuxEosKey(os: OsRelease): { product: string; release: string } | null {
  const v = os.versionId;
  if (!v) return null;
  const major = v.split(".")[0]!;
  switch (os.id) {
    case "ubuntu":
      return { product: "ubuntu", release: v };
    case "debian":
      return { product: "debian", release: major };
    case "rhel":
    case "rocky":
    case "almalinux":
      return { product: os.id, release: major };
    case "fedora":
      return { product: "fedora", release: v };
    default:
      return null;
  }
}
