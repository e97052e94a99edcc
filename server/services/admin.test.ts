// Token durations and hardware identity: the small rules enrolment relies on.
import { describe, expect, it } from "vitest";
import { newEnrolToken } from "../ids.js";
import { EnrollToken } from "../../shared/schemas/api.js";
import { hashToken, parseDuration } from "./admin.js";
import { identifiesHardware } from "./enroll.js";

describe("parseDuration", () => {
  it("reads minutes, hours, days and weeks", () => {
    expect(["30m", "12h", "7d", "2w"].map(parseDuration)).toEqual([1_800_000, 43_200_000, 604_800_000, 1_209_600_000]);
  });
  it("refuses zero, units it does not know, and more than 366 days", () => {
    for (const bad of ["0d", "7", "7y", "-1d", "367d", "1.5d", ""])
      expect(() => parseDuration(bad)).toThrow(/--expires/);
  });
});

describe("enrolment tokens", () => {
  it("carry 256 random bits, match the wire schema, and are stored as a SHA-256", () => {
    const token = newEnrolToken();
    expect(EnrollToken.safeParse(token).success).toBe(true);
    expect(Buffer.from(token.slice(4), "base64url")).toHaveLength(32);
    expect(newEnrolToken()).not.toBe(token);
    expect(hashToken(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(token)).not.toContain(token.slice(4));
  });
});

describe("identifiesHardware", () => {
  it("accepts real serials and refuses firmware placeholders", () => {
    expect(identifiesHardware("5CG1234XYZ")).toBe(true);
    expect(identifiesHardware("C02XG0FDJG5J")).toBe(true);
    for (const s of [
      "",
      " ",
      "0",
      "000000",
      "To Be Filled By O.E.M.",
      "System Serial Number",
      "Default string",
      "N/A",
    ]) {
      expect(identifiesHardware(s)).toBe(false);
    }
  });
});
