// Who is calling the API: a token, seen through the same access rules as a dashboard user of the matching role.
import type { DashUser } from "../dashboard/access.js";
import type { ApiTokenRow } from "./token-store.js";

export interface ApiPrincipal {
  token: ApiTokenRow;
  /**
   * The token as a dashboard user, so every check is the pages' own (server/dashboard/access.ts): a provider token is a
   * provider technician (every council), a council write token a council manager, a read-only one a council viewer.
   */
  user: DashUser;
  /** For the audit log: "API token HaloPSA bridge (atk_…)". */
  actor: string;
}

export function principalOf(token: ApiTokenRow): ApiPrincipal {
  const role =
    token.council_id === null ? "provider-technician" : token.read_only ? "council-viewer" : "council-manager";
  return {
    token,
    user: { id: token.id, email: `api-token:${token.id}`, role, councilId: token.council_id },
    actor: `API token ${token.name} (${token.id})`,
  };
}
