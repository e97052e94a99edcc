// Pure pieces: scrypt hashes, TOTP steps, waiver expiry, report range, role checks.
import { describe, expect, it } from "vitest";
import { canManageCouncil, canSeeCouncil, type DashUser } from "../../server/dashboard/access.js";
import {
  generatePassword,
  hashPassword,
  passwordProblem,
  verifyPassword,
} from "../../server/dashboard/auth/password.js";
import { newTotpSecret, totpCode, totpStep } from "../../server/dashboard/auth/totp.js";
import { parseExpiry } from "../../server/dashboard/pages/device-actions.js";
import { reportRange } from "../../server/dashboard/pages/report.js";

describe("passwords", () => {
  it("hashes with a fresh salt each time and verifies only the right password", async () => {
    const a = await hashPassword("correct horse battery staple");
    const b = await hashPassword("correct horse battery staple");
    expect(a).not.toBe(b);
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(await verifyPassword("correct horse battery staple", a)).toBe(true);
    expect(await verifyPassword("correct horse battery stapl", a)).toBe(false);
    expect(await verifyPassword("x", "md5$abc")).toBe(false);
    expect(await verifyPassword("x", "scrypt$32768$8$1$$")).toBe(false);
  });
  it("generates 20-character one-time passwords and asks for 12 characters", () => {
    expect(generatePassword()).toMatch(/^[a-zA-Z2-9]{20}$/);
    expect(generatePassword()).not.toBe(generatePassword());
    expect(passwordProblem("short")).toMatch(/12 characters/);
    expect(passwordProblem("twelve chars")).toBeNull();
  });
});

describe("TOTP", () => {
  const secret = newTotpSecret();
  const at = new Date("2026-11-20T09:00:10.000Z");
  it("accepts the current code and one step of drift, and gives its time step", () => {
    const step = Math.floor(at.getTime() / 30_000);
    expect(totpStep(secret, totpCode(secret, at), at)).toBe(step);
    expect(totpStep(secret, totpCode(secret, new Date(at.getTime() - 30_000)), at)).toBe(step - 1);
    expect(totpStep(secret, totpCode(secret, new Date(at.getTime() - 90_000)), at)).toBeNull();
  });
  it("refuses garbage", () => {
    expect(totpStep(secret, "12345", at)).toBeNull();
    expect(totpStep(secret, "abcdef", at)).toBeNull();
    expect(totpStep(secret, "", at)).toBeNull();
  });
});

describe("waiver expiry and report range", () => {
  const now = new Date("2026-11-20T09:00:00.000Z");
  it("needs a date in the future and within a year", () => {
    expect(parseExpiry("2026-12-31", now).toISOString()).toBe("2026-12-31T23:59:59.999Z");
    expect(() => parseExpiry("", now)).toThrow(/expiry date/);
    expect(() => parseExpiry("2026-11-19", now)).toThrow(/future/);
    expect(() => parseExpiry("2027-12-31", now)).toThrow(/at most a year/);
    expect(() => parseExpiry("2026-02-30x", now)).toThrow();
  });
  it("defaults to the last 30 days and refuses a reversed range", () => {
    expect(reportRange({}, now)).toEqual({ from: "2026-10-21", to: "2026-11-20" });
    expect(() => reportRange({ from: "2026-11-20", to: "2026-11-01" }, now)).toThrow(/start date/);
  });
});

describe("roles", () => {
  const u = (role: DashUser["role"], councilId: string | null): DashUser => ({ id: "u", email: "e", role, councilId });
  it("lets provider roles see every council and council roles only their own", () => {
    expect(canSeeCouncil(u("provider-technician", null), "cou_b")).toBe(true);
    expect(canSeeCouncil(u("council-manager", "cou_a"), "cou_b")).toBe(false);
    expect(canSeeCouncil(u("council-viewer", "cou_a"), "cou_a")).toBe(true);
    expect(canSeeCouncil(u("council-viewer", null), "cou_a")).toBe(false);
    expect(canManageCouncil(u("council-viewer", "cou_a"), "cou_a")).toBe(false);
    expect(canManageCouncil(u("council-manager", "cou_a"), "cou_a")).toBe(true);
  });
});
