// Linux glue: graphical sessions from logind, display servers running outside them (startx), then each user's locker.
import type { CollectContext } from "../framework/check.js";
import type { Parsed } from "../framework/parsed.js";
import type { Mechanism, ScreenLockFacts, UserLock } from "./facts.js";
import { mechanism } from "./facts.js";
import { gnomeMechanism, kdeMechanism, unsupportedDesktop } from "./mechanisms-linux.js";
import {
  desktopKind,
  isGraphicalUserSession,
  parseListSessions,
  parseShowSession,
  type SessionRow,
} from "./parse-loginctl.js";
import { type DisplayProcess, parseDisplayProcesses } from "./parse-processes.js";
import { parseGsettings } from "./parse-gsettings.js";
import { parseKscreenlockerrc } from "./parse-kscreenlockerrc.js";
import { readProbe } from "./read-probe.js";

type Graphical = { name: string; uid: string; desktop: string };
type Found = { state: "found" | "none" | "unknown"; detail: string; users: Graphical[] };

export async function collectLinux(ctx: CollectContext): Promise<ScreenLockFacts> {
  const found = await graphicalUsers(ctx);
  const users: UserLock[] = [];
  for (const g of found.users) users.push({ user: g.name, mechanisms: [await userMechanism(ctx, g)] });
  const sessions = found.state === "found" && users.length === 0 ? "none" : found.state;
  return { os: "linux", sessions, sessionDetail: found.detail, machine: [], users };
}

async function graphicalUsers(ctx: CollectContext): Promise<Found> {
  const list = await readProbe(ctx, "linux.sessions", (t) => parseListSessions(t));
  const rows = new Map<string, SessionRow>(list.ok ? list.value.map((r) => [r.id, r]) : []);
  const ids = (await ctx.qualifiers("linux.session", async () => [...rows.keys()])).filter((q) =>
    /^[A-Za-z0-9]{1,32}$/.test(q),
  );
  if (ids.length === 0) {
    if (list.ok && list.value.length > 0)
      return { state: "unknown", detail: "sessions were listed but none could be inspected", users: [] };
    if (list.ok) return displayOutsideSessions(ctx, new Set(), "no one is logged in");
    return withoutLogind(ctx, list);
  }
  const users = new Map<string, Graphical>();
  const greeters = new Set<string>();
  const problems: string[] = [];
  for (const id of ids) {
    const info = await readProbe(ctx, "linux.session", (t) => parseShowSession(t), id);
    if (!info.ok) {
      problems.push(`session ${id}: ${info.error}`);
      continue;
    }
    const name = rows.get(id)?.user ?? info.value.name;
    const uid = rows.get(id)?.uid ?? info.value.uid;
    if (info.value.class === "greeter" && uid !== "") greeters.add(uid);
    if (!isGraphicalUserSession(info.value)) continue;
    if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,31}$/.test(name)) {
      problems.push(`session ${id}: Ward could not tell whose graphical session it is`);
      continue;
    }
    if (!users.has(name)) users.set(name, { name, uid, desktop: info.value.desktop });
  }
  if (problems.length > 0) return { state: "unknown", detail: problems.join("; "), users: [...users.values()] };
  if (users.size === 0)
    return displayOutsideSessions(ctx, greeters, "only text or remote logins, no graphical session");
  return { state: "found", detail: `${users.size} graphical session user(s)`, users: [...users.values()] };
}

/**
 * logind shows no graphical session, but a desktop started with `startx` (or xinit, or a compositor run from a text
 * login) never gets one: its session stays Type=tty. So "nobody is signed in" needs a second piece of evidence, that
 * no display server or desktop shell is running apart from the login screen's (a greeter session's user, and root's
 * X server while a greeter is shown: LightDM and SDDM run it as root). Anything else drawing a screen is `unknown`.
 */
async function displayOutsideSessions(ctx: CollectContext, greeterUids: Set<string>, none: string): Promise<Found> {
  const ps = await readProbe(ctx, "linux.display-processes", (t) => parseDisplayProcesses(t));
  if (!ps.ok)
    return {
      state: "unknown",
      detail: `${none}, but Ward could not check for a display started outside a login session (ps: ${ps.error})`,
      users: [],
    };
  const outside = ps.value.filter((p) => !greeterUids.has(p.uid) && !(p.uid === "0" && greeterUids.size > 0));
  if (outside.length === 0) return { state: "none", detail: none, users: [] };
  return {
    state: "unknown",
    detail: `a display server is running outside a login session (for example startx); Ward cannot read its screen-lock settings (${describe(outside)})`,
    users: [],
  };
}

const describe = (ps: DisplayProcess[]) => ps.map((p) => `${p.name} run by user id ${p.uid}`).join(", ");

/** No logind (containers, some minimal systems): no running display server means there is no screen to lock. */
async function withoutLogind(ctx: CollectContext, list: Parsed<SessionRow[]>): Promise<Found> {
  const why = list.ok ? "" : list.error;
  const ps = await readProbe(ctx, "linux.display-processes", (t) => parseDisplayProcesses(t));
  if (!ps.ok)
    return {
      state: "unknown",
      detail: `loginctl could not list sessions (${why}) and ps failed (${ps.error})`,
      users: [],
    };
  if (ps.value.length === 0) {
    return {
      state: "none",
      detail: `loginctl could not list sessions (${why.slice(0, 120)}) and no display server or desktop is running`,
      users: [],
    };
  }
  return {
    state: "unknown",
    detail: `${describe(ps.value)} is running but loginctl could not list sessions (${why.slice(0, 120)})`,
    users: [],
  };
}

async function userMechanism(ctx: CollectContext, g: Graphical): Promise<Mechanism> {
  const kind = desktopKind(g.desktop);
  if (kind === "gnome") {
    // gsettings must run inside the user's session (their dconf over their D-Bus), never as the agent's account.
    if (!/^\d{1,10}$/.test(g.uid)) {
      return mechanism(
        `linux.gsettings@${g.name}`,
        "GNOME's screen lock",
        "unknown",
        null,
        "Ward could not tell the user's id to read their settings.",
      );
    }
    const p = await readProbe(ctx, "linux.gsettings", (t) => parseGsettings(t), g.name, { name: g.name, id: g.uid });
    return gnomeMechanism(g.name, p);
  }
  if (kind === "kde") {
    const out = await ctx.probe("linux.kscreenlockerrc", g.name);
    if (!out.ok && out.reason === "not_found") {
      return mechanism(
        `linux.kscreenlockerrc@${g.name}`,
        "KDE's screen locker",
        "unknown",
        null,
        `There is no /home/${g.name}/.config/kscreenlockerrc; KDE's defaults may apply there, but Ward does not assume so.`,
      );
    }
    return kdeMechanism(g.name, out.ok ? parseKscreenlockerrc(out.text) : { ok: false, error: out.error });
  }
  return unsupportedDesktop(g.name, g.desktop);
}
