// macOS glue: find the console user, then read their lock settings inside their session, plus MDM values and pmset.
import type { SessionUser } from "../../platform/platform.js";
import type { CollectContext } from "../framework/check.js";
import type { ScreenLockFacts } from "./facts.js";
import { macMechanisms } from "./mechanisms-macos.js";
import { parseConsoleUid, parseConsoleUser } from "./parse-console-user.js";
import { parseDefaultsRead } from "./parse-defaults.js";
import { parsePmset } from "./parse-pmset.js";
import { parseSysadminctlScreenLock } from "./parse-sysadminctl.js";
import { readProbe } from "./read-probe.js";

export async function collectMacos(ctx: CollectContext): Promise<ScreenLockFacts> {
  const empty = { os: "macos" as const, machine: [], users: [] };
  const name = await readProbe(ctx, "mac.console-user", (t) => parseConsoleUser(t));
  if (!name.ok)
    return { ...empty, sessions: "unknown", sessionDetail: `Ward could not tell who uses the screen: ${name.error}` };
  if (name.value === null) return { ...empty, sessions: "none", sessionDetail: "the login window is showing" };
  const uid = await readProbe(ctx, "mac.console-uid", (t) => parseConsoleUid(t));
  if (!uid.ok)
    return {
      ...empty,
      sessions: "unknown",
      sessionDetail: `Ward could not read the signed-in user's id: ${uid.error}`,
    };

  const user: SessionUser = { name: name.value, id: uid.value };
  const password = await readProbe(
    ctx,
    "mac.sysadminctl-screenlock",
    (t) => parseSysadminctlScreenLock(t),
    undefined,
    user,
  );
  const screensaver = await readProbe(ctx, "mac.screensaver", parseDefaultsRead, undefined, user);
  const managedDevice = await readProbe(ctx, "mac.managed-screensaver", parseDefaultsRead);
  const managedUser = await readProbe(ctx, "mac.managed-screensaver", parseDefaultsRead, user.name);
  const pmset = await readProbe(ctx, "mac.pmset", (t) => parsePmset(t));
  const mechanisms = macMechanisms({ user: user.name, password, screensaver, managedDevice, managedUser, pmset });
  return {
    os: "macos",
    sessions: "found",
    sessionDetail: "one user is signed in at the screen",
    machine: [],
    users: [{ user: user.name, mechanisms }],
  };
}
