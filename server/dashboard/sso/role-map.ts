// Who an OpenID identity is in Ward: provider staff by group or email domain, a council's people by its allowed domain.
import type { Role } from "../tables.js";
import type { SsoSettings } from "./settings.js";

export interface CouncilDomain {
  domain: string;
  councilId: string;
  role: string;
}

export type Mapping =
  | { ok: true; email: string; role: Role; councilId: string | null; why: string }
  | { ok: false; reason: string };

const RANK: Record<string, number> = { "provider-admin": 2, "provider-technician": 1 };

/**
 * Decides the role from the ID token's claims. A group in groupRoles (the identity provider's directory, set by its
 * administrators) wins. A role by email domain needs the provider to vouch for the address (`email_verified` true):
 * Entra ID's `email` claim, for one, is an attribute anyone with directory rights can set and carries no such claim,
 * so Entra staff are mapped by group. A council's allowed domain gives only that council's role. Anything else: refused.
 */
export function mapIdentity(
  claims: Record<string, unknown>,
  settings: Pick<SsoSettings, "providerDomains" | "providerRole" | "groupRoles" | "groupsClaim">,
  councilDomains: CouncilDomain[],
): Mapping {
  const raw =
    typeof claims.email === "string"
      ? claims.email
      : typeof claims.preferred_username === "string" && claims.preferred_username.includes("@")
        ? claims.preferred_username
        : "";
  const email = raw.trim().toLowerCase();
  if (!/^[^\s@<>"]{1,64}@[^\s@<>"]{1,255}$/.test(email)) {
    return { ok: false, reason: "The identity provider did not send an email address for this account." };
  }
  // Some providers (Cognito) send the claim as a string.
  const verified = claims.email_verified === true || claims.email_verified === "true";
  if (claims.email_verified !== undefined && !verified) {
    return { ok: false, reason: "The identity provider says this account's email address is not verified." };
  }
  const domain = email.slice(email.lastIndexOf("@") + 1);
  const groups = claims[settings.groupsClaim];
  const list = Array.isArray(groups) ? groups.filter((g): g is string => typeof g === "string") : [];
  const byGroup = list
    .map((g) => settings.groupRoles[g])
    .filter((r): r is "provider-admin" | "provider-technician" => r !== undefined)
    .sort((a, b) => RANK[b]! - RANK[a]!)[0];
  if (byGroup) return { ok: true, email, role: byGroup, councilId: null, why: "group" };
  if (!verified) {
    return {
      ok: false,
      reason:
        "Your organisation's sign-in service did not confirm that this email address is verified, so Ward cannot give a role by its domain. Ask your IT provider to map your group instead.",
    };
  }
  if (settings.providerDomains.includes(domain))
    return { ok: true, email, role: settings.providerRole, councilId: null, why: "provider domain" };
  const council = councilDomains.find((c) => c.domain === domain);
  if (council && (council.role === "council-manager" || council.role === "council-viewer")) {
    return { ok: true, email, role: council.role, councilId: council.councilId, why: "council domain" };
  }
  return {
    ok: false,
    reason: `Accounts from ${domain} are not allowed into Ward. Ask your IT provider to add your organisation.`,
  };
}
