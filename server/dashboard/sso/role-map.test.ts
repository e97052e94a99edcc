// mapIdentity: group beats domain, the highest group role wins, council domains give that council only, refusals say why.
import { describe, expect, it } from "vitest";
import { mapIdentity } from "./role-map.js";

const settings = {
  providerDomains: ["provider.example"],
  providerRole: "provider-technician" as const,
  groupRoles: { "1f2e-admins": "provider-admin" as const, "1f2e-techs": "provider-technician" as const },
  groupsClaim: "groups",
};
const councils = [{ domain: "wellington-tc.example", councilId: "cou_w", role: "council-manager" }];

describe("mapIdentity", () => {
  it("gives the highest role of the groups, whatever the domain", () => {
    const m = mapIdentity(
      { email: "Ann@Contractor.example", groups: ["1f2e-techs", "1f2e-admins", 7] },
      settings,
      councils,
    );
    expect(m).toEqual({
      ok: true,
      email: "ann@contractor.example",
      role: "provider-admin",
      councilId: null,
      why: "group",
    });
  });
  it("uses the provider domain, then a council's domain", () => {
    expect(mapIdentity({ email: "bo@provider.example", email_verified: true }, settings, councils)).toMatchObject({
      ok: true,
      role: "provider-technician",
      councilId: null,
    });
    expect(
      mapIdentity({ email: "clerk@wellington-tc.example", email_verified: "true" }, settings, councils),
    ).toMatchObject({ ok: true, role: "council-manager", councilId: "cou_w" });
  });
  it("takes Entra ID's preferred_username when there is no email claim", () => {
    expect(
      mapIdentity({ preferred_username: "bo@provider.example", email_verified: true }, settings, councils),
    ).toMatchObject({ ok: true, email: "bo@provider.example" });
  });
  it("refuses unknown domains, a look-alike subdomain, unverified or missing emails", () => {
    expect(mapIdentity({ email: "x@elsewhere.example" }, settings, councils)).toMatchObject({ ok: false });
    expect(mapIdentity({ email: "x@evil.provider.example.attacker.example" }, settings, councils)).toMatchObject({
      ok: false,
    });
    expect(mapIdentity({ email: "x@provider.example", email_verified: false }, settings, councils)).toMatchObject({
      ok: false,
      reason: expect.stringContaining("not verified"),
    });
    expect(mapIdentity({ email: "x@provider.example", email_verified: "false" }, settings, councils)).toMatchObject({
      ok: false,
      reason: expect.stringContaining("not verified"),
    });
    expect(mapIdentity({ sub: "123" }, settings, councils)).toMatchObject({
      ok: false,
      reason: expect.stringContaining("did not send an email"),
    });
  });
  it("gives no role by domain when the provider does not vouch for the email (Entra ID sends no email_verified)", () => {
    expect(mapIdentity({ email: "Admin@Provider.example" }, settings, councils)).toMatchObject({
      ok: false,
      reason: expect.stringContaining("did not confirm"),
    });
    expect(mapIdentity({ email: "clerk@wellington-tc.example" }, settings, councils)).toMatchObject({ ok: false });
    expect(mapIdentity({ email: "ann@provider.example", groups: ["1f2e-techs"] }, settings, councils)).toMatchObject({
      ok: true,
      why: "group",
    });
  });
});
