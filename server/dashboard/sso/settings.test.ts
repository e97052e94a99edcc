// SSO settings from the environment: the secret and the lists come from WARD_SSO_*; incomplete settings are refused.
import { describe, expect, it } from "vitest";
import { loadServerConfig } from "../../config/config.js";

const env = {
  WARD_SSO_ISSUER: "https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/v2.0",
  WARD_SSO_CLIENT_ID: "ward",
  WARD_SSO_CLIENT_SECRET: "from the environment",
  WARD_SSO_REDIRECT_URL: "https://ward.provider.example/dashboard/sso/callback",
  WARD_SSO_PROVIDER_DOMAINS: "Provider.example, helpdesk.provider.example",
};

describe("sso settings", () => {
  it("reads WARD_SSO_* (comma-separated provider domains, lower-cased) with safe defaults", () => {
    const c = loadServerConfig({ env });
    expect(c.sso).toMatchObject({
      clientSecret: "from the environment",
      providerDomains: ["provider.example", "helpdesk.provider.example"],
      providerRole: "provider-technician",
      groupRoles: {},
      allowInsecureHttp: false,
    });
  });
  it("is off when unset, and refuses half a configuration", () => {
    expect(loadServerConfig({ env: {} }).sso).toBeUndefined();
    expect(() => loadServerConfig({ env: { WARD_SSO_ISSUER: env.WARD_SSO_ISSUER } })).toThrow(/sso/);
  });
});
