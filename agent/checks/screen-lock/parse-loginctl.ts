// Pure parsers for `loginctl list-sessions` and `loginctl show-session`: which sessions exist and which are graphical.
import { type Parsed, parsed, unparsed } from "../framework/parsed.js";

export type SessionRow = { id: string; uid: string; user: string };

/**
 * `loginctl list-sessions --no-legend` prints one row per session: "SESSION UID USER SEAT TTY …" (systemd ≥ 256 adds
 * LEADER, CLASS, IDLE, SINCE columns). Only the first three columns are read. Without --no-legend (older scripts,
 * some captures) a header line and a "N sessions listed." footer surround the rows; both are skipped, as is
 * "No sessions.".
 */
export function parseListSessions(text: string): Parsed<SessionRow[]> {
  const rows: SessionRow[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === "" || /^SESSION\s+UID\s+USER\b/.test(line) || /^\d+ sessions? listed\.$/.test(line)) continue;
    if (/^No sessions\.$/.test(line)) continue;
    const [id, uid, user] = line.split(/\s+/);
    if (
      !id ||
      !uid ||
      !user ||
      !/^[A-Za-z0-9]{1,32}$/.test(id) ||
      !/^\d{1,10}$/.test(uid) ||
      !/^[A-Za-z0-9_][A-Za-z0-9_.@-]{0,63}$/.test(user)
    ) {
      return unparsed(`loginctl printed a line Ward does not recognise: "${line.slice(0, 120)}"`);
    }
    rows.push({ id, uid, user });
  }
  return parsed(rows);
}

export type SessionInfo = {
  type: string;
  class: string;
  desktop: string;
  remote: string;
  active: string;
  name: string;
  uid: string;
};

/** `loginctl show-session ID -p …` prints "Key=Value" lines (order is loginctl's own, not the -p order). */
export function parseShowSession(text: string): Parsed<SessionInfo> {
  const props: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const m = /^([A-Za-z]+)=(.*)$/.exec(raw.trim());
    if (m?.[1]) props[m[1]] = (m[2] ?? "").trim();
  }
  if (props.Type === undefined) return unparsed("loginctl show-session printed no Type= line");
  return parsed({
    type: props.Type,
    class: props.Class ?? "",
    desktop: props.Desktop ?? "",
    remote: props.Remote ?? "",
    active: props.Active ?? "",
    name: props.Name ?? "",
    uid: /^\d{1,10}$/.test(props.User ?? "") ? (props.User ?? "") : "",
  });
}

/** A user's desktop session on a display: Type x11/wayland/mir and Class user (a greeter is the login screen). */
export function isGraphicalUserSession(s: SessionInfo): boolean {
  return ["x11", "wayland", "mir"].includes(s.type) && s.class === "user";
}

/** Which screen locker a session's desktop uses, from logind's Desktop= (XDG_SESSION_DESKTOP). */
export function desktopKind(desktop: string): "gnome" | "kde" | "other" {
  const d = desktop.toLowerCase();
  if (/(^|[:\s-])(gnome|ubuntu|pop|zorin)($|[:\s-])/.test(d)) return "gnome";
  if (/(^|[:\s-])(kde|plasma|plasmawayland)($|[:\s-])/.test(d)) return "kde";
  return "other";
}
