// Pure parser for `diskutil apfs list -plist`: every APFS volume with its roles and FileVault flag.
import { type Parsed, parsed, unparsed } from "../framework/parsed.js";
import { parsePlist } from "./parse-plist.js";

/*
 * The plist is {Containers: [{ContainerReference, Volumes: [{DeviceIdentifier, Name, Roles: [...], Encryption,
 * FileVault, CryptoMigrationOn, Locked}]}]}. Since macOS 10.15 the startup disk is a System volume (read-only) and a
 * Data volume (the user's files); FileVault protects the Data volume. `Encryption` is true on every T2 and
 * Apple-silicon Mac even with FileVault off (osquery #5223), so only `FileVault` counts. `CryptoMigrationOn` is true
 * while a conversion runs. macOS 10.13/10.14 lists no roles, and the list alone cannot tell which volume is the
 * startup disk.
 */

export interface ApfsVolume {
  container: string | null;
  device: string | null;
  name: string | null;
  roles: string[];
  /** null when the key is missing or not a boolean. */
  fileVault: boolean | null;
  converting: boolean;
}

export function parseApfsList(text: string): Parsed<ApfsVolume[]> {
  const doc = parsePlist(text);
  if (!doc.ok) return doc;
  const containers = isRecord(doc.value) ? doc.value.Containers : undefined;
  if (!Array.isArray(containers)) return unparsed("diskutil's property list has no Containers array");
  const volumes: ApfsVolume[] = [];
  for (const container of containers) {
    if (!isRecord(container) || !Array.isArray(container.Volumes))
      return unparsed("an APFS container has no Volumes array");
    const ref = typeof container.ContainerReference === "string" ? container.ContainerReference : null;
    for (const v of container.Volumes) {
      if (!isRecord(v)) return unparsed("an APFS volume is not a dictionary");
      volumes.push({
        container: ref,
        device: typeof v.DeviceIdentifier === "string" ? v.DeviceIdentifier : null,
        name: typeof v.Name === "string" ? v.Name : null,
        roles: Array.isArray(v.Roles) ? v.Roles.filter((r): r is string => typeof r === "string") : [],
        fileVault: typeof v.FileVault === "boolean" ? v.FileVault : null,
        converting: v.CryptoMigrationOn === true,
      });
    }
  }
  return parsed(volumes);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
