// The device's identity: its Ed25519 key pair (never leaves the device) and its enrolment with one collector.
import { chmod } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { Base64Url, IsoDateTime } from "../../shared/schemas/common.js";
import { DeviceId } from "../../shared/schemas/report.js";
import { AppError } from "../../shared/errors.js";
import { isCorruptFile, quarantineFile, readJsonFile, writeJsonFile } from "./atomic-file.js";

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

export const REENROL_ADVICE =
  'This device must be enrolled again: ask your IT provider for a new enrolment token, then run "ward enroll --server URL --token TOKEN" as an administrator. Reports made meanwhile are kept.';

/**
 * Reads the key and the enrolment for running the agent. A damaged one cannot be rebuilt (the private key never left
 * the device; the enrolment pins the collector's key), so it is moved aside, kept for support, and the error says
 * in plain words what to do. `ward enroll` then works again without deleting files by hand.
 */
export async function readIdentityOrExplain(
  stateDir: string,
): Promise<{ key: DeviceKeyFile | null; enrollment: Enrollment | null }> {
  const paths = identityPaths(stateDir);
  const damaged: string[] = [];
  const read = async <T>(what: string, path: string, reader: () => Promise<T | null>): Promise<T | null> => {
    try {
      return await reader();
    } catch (err) {
      if (!isCorruptFile(err)) throw err;
      const movedTo = await quarantineFile(path).catch(() => path);
      damaged.push(`the ${what} file ${path} is damaged (moved aside to ${movedTo})`);
      return null;
    }
  };
  const enrollment = await read("enrolment", paths.enrollment, () => readEnrollment(stateDir));
  let key = await read("device key", paths.key, () => readDeviceKey(stateDir));
  if (damaged.length > 0 && key) {
    // The collector refuses to enrol a known key twice: without its enrolment the key is set aside too, so that
    // enrolling again (with a new key) just works.
    await quarantineFile(paths.key).catch(() => undefined);
    key = null;
  }
  if (damaged.length > 0)
    throw new AppError("config_invalid", `Ward cannot report: ${damaged.join("; ")}. ${REENROL_ADVICE}`);
  return { key, enrollment };
}
