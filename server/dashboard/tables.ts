// The dashboard's tables (users, sessions, login throttle, audit log, asset register) as Kysely types.
export type Role = "provider-admin" | "provider-technician" | "council-manager" | "council-viewer";
export const ROLES: readonly Role[] = ["provider-admin", "provider-technician", "council-manager", "council-viewer"];

export interface DashboardUsersTable {
  id: string;
  /** Lower-cased; unique. */
  email: string;
  role: Role;
  /** The one council a council role sees; null for provider roles. */
  council_id: string | null;
  /** scrypt$N$r$p$salt$hash (base64url). */
  password_hash: string;
  /** 1 after `user create` or a reset: the one-time password must be replaced at the next login. */
  must_change_password: number;
  /** Base32 TOTP secret; null until set up. */
  totp_secret: string | null;
  totp_confirmed_at: string | null;
  /** The last TOTP time step accepted: a code is never accepted twice. */
  totp_last_step: number | null;
  created_at: string;
  disabled_at: string | null;
}

export type SessionStage = "mfa" | "mfa-setup" | "change-password" | "ok";

export interface DashboardSessionsTable {
  /** Hex SHA-256 of the 256-bit session id: the id itself lives only in the browser's cookie. */
  id_hash: string;
  user_id: string;
  stage: SessionStage;
  csrf_token: string;
  created_at: string;
  last_seen_at: string;
  /** Absolute expiry; idle expiry is last_seen_at + the idle limit. */
  expires_at: string;
  ip: string;
}

export interface LoginThrottleTable {
  /** "account:<email>" or "ip:<address>". */
  key: string;
  failures: number;
  window_start: string;
  locked_until: string | null;
}

export interface AuditLogTable {
  id: string;
  at: string;
  user_id: string | null;
  /** The email typed or the account's email: who acted (or tried to). */
  actor: string;
  council_id: string | null;
  action: string;
  target: string | null;
  detail_json: string;
  ip: string;
}

export interface DeviceAssetsTable {
  device_id: string;
  asset_number: string;
  assigned_user: string;
  /** searchKey() of the two above (server/stores/search-key.ts): written with them by upsertDeviceAsset. */
  asset_number_key: string;
  assigned_user_key: string;
  location: string;
  updated_at: string;
  updated_by: string;
}

declare module "../db/schema.js" {
  interface Database {
    dashboard_users: DashboardUsersTable;
    dashboard_sessions: DashboardSessionsTable;
    login_throttle: LoginThrottleTable;
    audit_log: AuditLogTable;
    device_assets: DeviceAssetsTable;
  }
}
