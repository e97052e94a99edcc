// Single sign-on settings (OpenID Connect): the identity provider, this collector as its client, and who gets which role.
import { z } from "zod";

const CsvList = z.union([
  z.array(z.string()),
  z.string().transform((s) =>
    s
      .split(",")
      .map((x) => x.trim())
      .filter(Boolean),
  ),
]);
const Domain = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/, "must be an email domain like provider.example");
const ProviderRole = z.enum(["provider-admin", "provider-technician"]);

export const SsoSettings = z.object({
  /** The issuer URL, e.g. https://login.microsoftonline.com/<tenant>/v2.0 or https://accounts.google.com. */
  issuer: z.url(),
  clientId: z.string().min(1),
  /** Client secret (confidential client). Kept out of logs; prefer the environment (WARD_SSO_CLIENT_SECRET). */
  clientSecret: z.string().min(1),
  /** This collector's callback as registered at the identity provider: https://ward.example/dashboard/sso/callback. */
  redirectUrl: z.url(),
  /** The button's words: "Sign in with …". */
  label: z.string().min(1).max(60).default("your organisation's account"),
  /** Email domains whose people are the IT provider's staff. */
  providerDomains: z
    .array(Domain)
    .or(CsvList.pipe(z.array(Domain)))
    .default([]),
  /** The role provider staff get from their domain alone. */
  providerRole: ProviderRole.default("provider-technician"),
  /** Group (id or name, as the groups claim carries it) → provider role; the highest role wins. */
  groupRoles: z.record(z.string().min(1), ProviderRole).default({}),
  groupsClaim: z.string().min(1).default("groups"),
  /** Plain http to the identity provider: only for an identity provider on this machine (tests, a lab). */
  allowInsecureHttp: z.union([z.boolean(), z.enum(["true", "false"]).transform((v) => v === "true")]).default(false),
});
export type SsoSettings = z.infer<typeof SsoSettings>;

export const SSO_ENV: Record<string, string> = {
  WARD_SSO_ISSUER: "sso.issuer",
  WARD_SSO_CLIENT_ID: "sso.clientId",
  WARD_SSO_CLIENT_SECRET: "sso.clientSecret",
  WARD_SSO_REDIRECT_URL: "sso.redirectUrl",
  WARD_SSO_LABEL: "sso.label",
  WARD_SSO_PROVIDER_DOMAINS: "sso.providerDomains",
  WARD_SSO_PROVIDER_ROLE: "sso.providerRole",
};
