// Pure parsers for `stat -f %Su /dev/console` and `stat -f %u /dev/console`: who owns the Mac's screen now.
import { type Parsed, parsed, unparsed } from "../framework/parsed.js";

/** Owners of /dev/console that mean nobody is signed in (login window, setup assistant). */
const NOBODY = new Set(["root", "loginwindow", "_mbsetupuser"]);

/** The console user's short name, or null when the login window owns the console ("root"). */
export function parseConsoleUser(text: string): Parsed<string | null> {
  const name = text.trim();
  if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$/.test(name))
    return unparsed(`stat printed "${name.slice(0, 80)}", not a user name`);
  return parsed(NOBODY.has(name) ? null : name);
}

/** The console owner's uid. */
export function parseConsoleUid(text: string): Parsed<string> {
  const uid = text.trim();
  return /^\d{1,10}$/.test(uid) ? parsed(uid) : unparsed(`stat printed "${uid.slice(0, 80)}", not a uid`);
}
