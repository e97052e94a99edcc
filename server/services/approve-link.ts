// Signed, expiring one-tap approval links for a USB stick: what the link names, signed with the collector's link secret.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { Kysely } from "kysely";
import { z } from "zod";
import { readTolerant } from "../../shared/controls/tolerant.js";
import { approvalFor } from "../../shared/controls/usb-approval.js";
import { UsbStorageFacts } from "../../shared/controls/usb-storage.js";
import { UsbHex4 } from "../../shared/schemas/common.js";
import type { ApprovedUsbDevice } from "../../shared/schemas/policy.js";
import type { Database } from "../db/schema.js";
import { getSetting, putSettingIfAbsent } from "../stores/settings-store.js";

/** How long a link in an alert email (or on a device page) can be used. */
export const APPROVE_LINK_DAYS = 7;
const SETTING = "approve_link_secret";

/** What a link approves: one stick (serial) or, for a stick without one, every stick of its make and model. */
export const ApproveClaim = z.object({
  /** council id */
  c: z.string().min(1).max(100),
  /** the device the stick was seen on */
  d: z.string().min(1).max(100),
  v: UsbHex4,
  p: UsbHex4,
  /** serial; null: the stick reports none */
  s: z.string().min(1).max(256).nullable(),
  /** its name as the laptop read it (device text: escaped wherever shown) */
  n: z.string().max(200),
  /** expiry, seconds since 1970 */
  e: z.number().int().positive(),
});
export type ApproveClaim = z.infer<typeof ApproveClaim>;

export type CheckedLink =
  | { state: "valid"; claim: ApproveClaim }
  | { state: "expired"; claim: ApproveClaim }
  | { state: "invalid" };

/**
 * The collector's secret for these links, made once per deployment and kept in the database (every instance signs
 * alike). Read first, so a page view writes nothing once it exists.
 */
export async function approveLinkSecret(q: Kysely<Database>, now: Date): Promise<string> {
  return (
    (await getSetting(q, SETTING)) ?? (await putSettingIfAbsent(q, SETTING, randomBytes(32).toString("base64url"), now))
  );
}

const mac = (secret: string, payload: string) =>
  createHmac("sha256", Buffer.from(secret, "base64url")).update(`ward-approve-v1.${payload}`).digest();

export function signApproveLink(secret: string, claim: Omit<ApproveClaim, "e">, now: Date): string {
  const e = Math.floor(now.getTime() / 1000) + APPROVE_LINK_DAYS * 86_400;
  const payload = Buffer.from(JSON.stringify(ApproveClaim.parse({ ...claim, e }))).toString("base64url");
  return `${payload}.${mac(secret, payload).toString("base64url")}`;
}

/** A link's token checked: signed by this collector and unchanged, then whether it is still in time. */
export function checkApproveLink(secret: string, token: string, now: Date): CheckedLink {
  const [payload, sig, extra] = token.split(".");
  if (!payload || !sig || extra !== undefined || token.length > 2000) return { state: "invalid" };
  const expected = mac(secret, payload);
  // Node's base64url decoder skips characters it does not know ("!", "=", "+", "/"): only the canonical text of the
  // decoded bytes is the signature, so one link has one spelling.
  const given = Buffer.from(sig, "base64url");
  if (given.toString("base64url") !== sig) return { state: "invalid" };
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { state: "invalid" };
  let claim: ApproveClaim;
  try {
    claim = ApproveClaim.parse(JSON.parse(Buffer.from(payload, "base64url").toString("utf8")));
  } catch {
    return { state: "invalid" };
  }
  return claim.e * 1000 <= now.getTime() ? { state: "expired", claim } : { state: "valid", claim };
}

/** The dashboard's address under a configured public URL (which may or may not already end in /dashboard). */
export function dashboardUrl(publicUrl: string): string {
  const base = publicUrl.replace(/\/+$/, "");
  return base.endsWith("/dashboard") ? base : `${base}/dashboard`;
}

export interface StickToApprove {
  vendorId: string;
  productId: string;
  serial: string | null;
  name: string;
}

/**
 * The sticks in a usb-storage result's facts that the council could approve: the laptop judged them not approved,
 * their USB ids were read, and the council's current approved list (the shared rule) does not already cover them.
 * At most `max`, one per identity.
 */
export function sticksToApprove(facts: unknown, approved: readonly ApprovedUsbDevice[], max = 5): StickToApprove[] {
  const out: StickToApprove[] = [];
  for (const d of readTolerant(UsbStorageFacts, facts)?.devices ?? []) {
    // A serial field that did not read (undefined) leaves the scope unknown: no link rather than a wider approval.
    if (d.approval === "approved" || !d.vendorId || !d.productId || d.serial === undefined) continue;
    // The facts schema already holds ids to 4 lowercase hex digits and a serial to 256 characters (a device breaking
    // it is dropped by the tolerant read). An empty serial is no serial, as the shared rule (approvalFor) reads it:
    // the link approves the model.
    const serial = d.serial === null || d.serial.trim() === "" ? null : d.serial;
    const id = { vendorId: d.vendorId, productId: d.productId, serial };
    if (approvalFor(id, approved).status === "approved") continue;
    if (out.some((o) => o.vendorId === id.vendorId && o.productId === id.productId && o.serial === id.serial)) continue;
    const name = [d.vendor, d.model].filter(Boolean).join(" ").slice(0, 200) || "USB storage";
    out.push({ ...id, name });
    if (out.length >= max) break;
  }
  return out;
}

/**
 * The signed part of a token stays within this many bytes, so a link is at most ~1,511 characters of token (base64url
 * of 1,100 bytes, a dot, a 43-character signature) under any public URL a council uses: well inside the 2,000 a link
 * may have in an alert (content.ts) and that checkApproveLink accepts. Any serial of up to 256 letters fits, whatever
 * the script (3 UTF-8 bytes each); only a serial JSON must escape character by character (control characters, 6 bytes
 * each) can fail to fit, and then the stick gets no link rather than a link to a different stick.
 */
export const TOKEN_PAYLOAD_MAX_BYTES = 1100;
/** The stick's name as a token carries it (shown on the confirm page, kept as the approval's label): UTF-8 bytes. */
export const TOKEN_NAME_MAX_BYTES = 120;

/** `s` cut at a character boundary so that, written as a JSON string, it takes at most `max` bytes ("…" if cut). */
export function cutForToken(s: string, max = TOKEN_NAME_MAX_BYTES): string {
  const cost = (t: string) => Buffer.byteLength(JSON.stringify(t)) - 2;
  if (cost(s) <= max) return s;
  let out = "";
  let used = 3; // the "…" that ends a cut name
  for (const ch of s) {
    used += cost(ch);
    if (used > max) break;
    out += ch;
  }
  return `${out}…`;
}

/**
 * The link's token for one stick seen on one device, or null when the stick's serial cannot fit in a token (see
 * TOKEN_PAYLOAD_MAX_BYTES). The serial is carried whole: an approval is for exactly the stick that was seen.
 */
export function stickToken(
  secret: string,
  councilId: string,
  deviceId: string,
  s: StickToApprove,
  now: Date,
): string | null {
  const claim = { c: councilId, d: deviceId, v: s.vendorId, p: s.productId, s: s.serial, n: cutForToken(s.name) };
  const bytes = Buffer.byteLength(JSON.stringify({ ...claim, e: 0 })) + 10; // e: up to 10 more digits
  if (bytes > TOKEN_PAYLOAD_MAX_BYTES) return null;
  return signApproveLink(secret, claim, now);
}
