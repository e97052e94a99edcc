// The API's tables as Kysely types: API tokens (only their SHA-256 is stored), and what SSO adds (server/dashboard/sso/).
export interface ApiTokensTable {
  id: string;
  /** What the token is for, e.g. "HaloPSA bridge": shown in lists and the audit log. */
  name: string;
  /** Hex SHA-256 of the token: the token itself is never stored. */
  token_hash: string;
  /** The one council a council token reads; null for a provider token (every council). */
  council_id: string | null;
  /** 1: read endpoints only; writes answer 403. */
  read_only: number;
  created_at: string;
  /** Email of the account (or "ward-server CLI") that created it. */
  created_by: string;
  expires_at: string;
  last_used_at: string | null;
  last_used_ip: string | null;
  revoked_at: string | null;
}

export interface CouncilSsoDomainsTable {
  /** Lower-case email domain, e.g. "wellington-tc.gov.uk": its people may sign in to this council by SSO. */
  domain: string;
  council_id: string;
  /** council-manager or council-viewer. */
  role: string;
  created_at: string;
}

export interface SsoIdentitiesTable {
  /** "<issuer> <sub>": the OpenID identity (sub is unique per issuer; an email may change or be reused). */
  subject: string;
  user_id: string;
  created_at: string;
  last_login_at: string;
  /** 1: made by SSO, its role follows the mapping at each sign-in; 0: a hand-made account, linked (migration 0430). */
  provisioned: number;
}

declare module "../db/schema.js" {
  interface Database {
    api_tokens: ApiTokensTable;
    council_sso_domains: CouncilSsoDomainsTable;
    sso_identities: SsoIdentitiesTable;
  }
}
