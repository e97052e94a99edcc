// The device's identity: its Ed25519 key pair (never leaves the device) and its enrolment with one collector.
import { chmod } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { Base64Url, IsoDateTime } from "../../shared/schemas/common.js";
import { DeviceId } from "../../shared/schemas/report.js";
import { readJsonFile, writeJsonFile } from "./atomic-file.js";

export const DeviceKeyFile = z.object({
  publicKey: Base64Url.length(43),
  privateKey: Base64Url.length(43),
  createdAt: IsoDateTime,
});
export type DeviceKeyFile = z.infer<typeof DeviceKeyFile>;

export const Enrollment = z.object({
  deviceId: DeviceId,
  councilId: z.string(),
  councilName: z.string(),
  serverUrl: z.url(),
  /** Pinned: policies not signed by this key are refused. */
  collectorPublicKey: Base64Url.length(43),
  enrolledAt: IsoDateTime,
});
export type Enrollment = z.infer<typeof Enrollment>;

export function identityPaths(stateDir: string) {
  return { key: join(stateDir, "device-key.json"), enrollment: join(stateDir, "enrollment.json") };
}

export async function readDeviceKey(stateDir: string): Promise<DeviceKeyFile | null> {
  return readJsonFile(identityPaths(stateDir).key, DeviceKeyFile);
}

/**
 * Writes the private key readable only by the agent's account: mode 0600 on Linux and macOS (the service runs as
 * root). On Windows the installer gives %ProgramData%\Ward an ACL of SYSTEM and Administrators only, which this
 * file inherits.
 */
export async function writeDeviceKey(stateDir: string, key: DeviceKeyFile): Promise<void> {
  const path = identityPaths(stateDir).key;
  await writeJsonFile(path, key, 0o600);
  if (process.platform !== "win32") await chmod(path, 0o600);
}

export async function readEnrollment(stateDir: string): Promise<Enrollment | null> {
  return readJsonFile(identityPaths(stateDir).enrollment, Enrollment);
}

export async function writeEnrollment(stateDir: string, enrollment: Enrollment): Promise<void> {
  await writeJsonFile(identityPaths(stateDir).enrollment, enrollment, 0o600);
}
