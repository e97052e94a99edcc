// The collector's tables as Kysely types: the one place later issues add theirs. Times are ISO 8601 UTC text.
import type { ColumnType } from "kysely";

export interface SettingsTable {
  key: string;
  value: string;
  updated_at: string;
}

export interface CouncilsTable {
  id: string;
  name: string;
  /** searchKey(name) (server/stores/search-key.ts): what the overview and device list search. */
  name_key: string;
  /** Canonical JSON of the council's Policy (defaults filled in). */
  policy_json: string;
  created_at: string;
}

export interface EnrolTokensTable {
  id: string;
  council_id: string;
  /** Hex SHA-256 of the token: the token itself is never stored. */
  token_hash: string;
  created_at: string;
  expires_at: string;
  max_uses: number;
  uses: number;
  revoked_at: string | null;
  /** Set for a token issued for one device: it may replace that device's key (and enrols nothing else). */
  device_id: string | null;
}

export interface DevicesTable {
  id: string;
  council_id: string;
  public_key: string;
  key_id: string;
  hostname: string;
  /** searchKey(hostname): written with the hostname by insertDevice and updateDevice. */
  hostname_key: string;
  serial: string;
  manufacturer: string;
  model: string;
  os_platform: string;
  os_name: string;
  os_version: string;
  os_build: string;
  agent_version: string;
  enrolled_at: string;
  last_seen_at: string | null;
  /** Chain position for the current key: 0 and null before the first report. */
  last_seq: number;
  last_hash: string | null;
  /** resultsHash of the newest full report, and when a report last said the results still hold. */
  results_hash: string | null;
  results_confirmed_at: string | null;
  /** When the key was last replaced (an approved re-enrolment or a device token); null if never. */
  key_replaced_at: string | null;
  /** The policy version the device's newest report was judged by; null until a report names one. */
  policy_version: number | null;
}

export interface ReenrolRequestsTable {
  id: string;
  device_id: string;
  council_id: string;
  token_id: string;
  public_key: string;
  key_id: string;
  request_json: string;
  requested_at: string;
  status: "pending" | "approved" | "refused" | "superseded";
  decided_at: string | null;
  decided_by: string | null;
}

export interface EnrolmentsTable {
  id: string;
  device_id: string;
  council_id: string;
  token_id: string;
  key_id: string;
  previous_key_id: string | null;
  kind: "new" | "re-enrol";
  enrolled_at: string;
}

export interface LedgerTable {
  id: string;
  device_id: string;
  key_id: string;
  seq: number;
  hash: string;
  prev_hash: string | null;
  report_kind: string;
  collected_at: string;
  received_at: string;
  outcome: "accepted" | "rejected";
  /** classifyLink's verdict: next, gap, fork, stale. */
  chain: string;
  reason: string | null;
  /** A range (a run of accepted heartbeats folded once their raw envelopes aged out): its last seq; null: one row. */
  last_seq: ColumnType<number | null, number | null | undefined, number | null>;
  last_collected_at: ColumnType<string | null, string | null | undefined, string | null>;
  /** Envelopes the range stands for (last_seq - seq + 1); null: one. */
  envelopes: ColumnType<number | null, number | null | undefined, number | null>;
  /** d1 = hash of the first envelope, dk = SHA-256 hex of (d(k-1) + hash k): checkable against any surviving copy. */
  run_digest: ColumnType<string | null, string | null | undefined, string | null>;
  /** Each envelope's payload hash, first 16 bytes, in seq order, concatenated; null: one row, or a pre-0540 range. */
  range_hashes: ColumnType<Buffer | null, Buffer | null | undefined, Buffer | null>;
}

export interface RawEnvelopesTable {
  ledger_id: string;
  device_id: string;
  received_at: string;
  /** gzip of the envelope's JSON exactly as received. */
  body: Buffer;
}

export interface CurrentResultsTable {
  device_id: string;
  control: string;
  status: string;
  /** The CheckResult as JSON. */
  result_json: string;
  /** When this status was first reported. */
  since: string;
  collected_at: string;
  ledger_id: string;
}

export interface StatusChangesTable {
  id: string;
  device_id: string;
  council_id: string;
  control: string;
  from_status: string | null;
  to_status: string;
  result_json: string;
  collected_at: string;
  received_at: string;
  ledger_id: string;
}

export interface IntegrityEventsTable {
  id: string;
  device_id: string;
  council_id: string;
  kind: "gap" | "fork" | "spool-drop" | "re-enrol" | "re-enrol-request" | "heartbeat-mismatch";
  seq: number | null;
  detail_json: string;
  created_at: string;
  acknowledged_at: string | null;
}

export interface RequestNoncesTable {
  device_id: string;
  nonce: string;
  expires_at: string;
}

export interface JobRunsTable {
  name: string;
  last_run_at: string | null;
  last_result: string | null;
}

export interface Database {
  settings: SettingsTable;
  councils: CouncilsTable;
  enrol_tokens: EnrolTokensTable;
  devices: DevicesTable;
  reenrol_requests: ReenrolRequestsTable;
  enrolments: EnrolmentsTable;
  ledger: LedgerTable;
  raw_envelopes: RawEnvelopesTable;
  current_results: CurrentResultsTable;
  status_changes: StatusChangesTable;
  integrity_events: IntegrityEventsTable;
  request_nonces: RequestNoncesTable;
  job_runs: JobRunsTable;
  ledger_fold_marks: LedgerFoldMarksTable;
}

/** How far the heartbeat fold has looked at a device's chain, under which key: each run reads only newer rows. */
export interface LedgerFoldMarksTable {
  device_id: string;
  key_id: string;
  seq: number;
}
