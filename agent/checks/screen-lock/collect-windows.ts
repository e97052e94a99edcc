// Windows glue: machine-wide mechanisms, then each signed-in user's screen saver (user SIDs from the loaded hives).
import type { CollectContext } from "../framework/check.js";
import type { ScreenLockFacts, SessionState, UserLock } from "./facts.js";
import { inactivityMechanism, powerMechanisms, screensaverMechanism } from "./mechanisms-windows.js";
import { parsePowercfg } from "./parse-powercfg.js";
import { parseRegQuery, userSids } from "./parse-reg-query.js";
import { parseSleepStates } from "./parse-sleep-states.js";
import { readProbe } from "./read-probe.js";

const SID = /^S-1-(5-21|12-1)(-\d{1,10}){1,8}$/;

export async function collectWindows(ctx: CollectContext): Promise<ScreenLockFacts> {
  const inactivity = await readProbe(ctx, "win.reg-inactivity", parseRegQuery);
  const power = await readProbe(ctx, "win.powercfg", (t) => parsePowercfg(t));
  const states = await readProbe(ctx, "win.sleep-states", (t) => parseSleepStates(t));
  const mode = states.ok ? (states.value.modernStandby ? "s0" : "s3") : "unknown";
  const machine = [inactivityMechanism(inactivity), ...powerMechanisms(power, mode)];

  const discovery: { state: SessionState; detail: string } = { state: "found", detail: "signed-in users as captured" };
  const qualifiers = await ctx.qualifiers("win.reg-desktop", async () => {
    const hives = await readProbe(ctx, "win.user-sids", parseRegQuery);
    if (!hives.ok) {
      Object.assign(discovery, { state: "unknown", detail: `reg query HKU failed: ${hives.error}` });
      return [];
    }
    if (!hives.value.found || !hives.value.keys.some((k) => /^HKEY_USERS\\/i.test(k))) {
      Object.assign(discovery, { state: "unknown", detail: "reg query HKU listed no user hives at all" });
      return [];
    }
    return userSids(hives.value);
  });
  // Qualifiers come from the machine (or a capture folder's file names): only well-formed SIDs go any further.
  const sids = qualifiers.filter((q) => SID.test(q));
  if (sids.length < qualifiers.length)
    Object.assign(discovery, { state: "unknown", detail: "a user hive name was not a SID" });
  if (sids.length === 0 && discovery.state === "found")
    Object.assign(discovery, { state: "none", detail: "no user is signed in" });

  const users: UserLock[] = [];
  for (const sid of sids) {
    const own = await readProbe(ctx, "win.reg-desktop", parseRegQuery, sid);
    const policy = await readProbe(ctx, "win.reg-desktop-policy", parseRegQuery, sid);
    users.push({ user: sid, mechanisms: [screensaverMechanism(sid, own, policy)] });
  }
  return { os: "windows", sessions: discovery.state, sessionDetail: discovery.detail, machine, users };
}
