// Seeds many devices with current results straight into the tables (for speed tests and the bench), set-based.
import type { Insertable, Kysely } from "kysely";
import { CONTROL_IDS } from "../../shared/schemas/control.js";
import type { CurrentResultsTable, Database, DevicesTable } from "../../server/db/schema.js";

const STATUSES = ["pass", "pass", "pass", "fail", "unknown"] as const;

/** n devices for the council, each with a result for every control; about 1 in 10 silent for a week. */
export async function seedDevices(
  q: Kysely<Database>,
  councilId: string,
  n: number,
  now: Date,
  prefix = "dev_seed",
): Promise<void> {
  const chunk = 400;
  for (let start = 0; start < n; start += chunk) {
    const devices: Insertable<DevicesTable>[] = [];
    const results: Insertable<CurrentResultsTable>[] = [];
    for (let i = start; i < Math.min(n, start + chunk); i++) {
      const id = `${prefix}${councilId.slice(-6)}${String(i).padStart(8, "0")}`;
      const seen = new Date(now.getTime() - (i % 10 === 0 ? 7 * 86_400_000 : (i % 60) * 60_000)).toISOString();
      devices.push({
        id,
        council_id: councilId,
        public_key: `pk-${id}`,
        key_id: `k-${id}`,
        hostname: `LAPTOP-${String(i).padStart(5, "0")}`,
        hostname_key: `laptop-${String(i).padStart(5, "0")}`,
        serial: `SN${i}`,
        manufacturer: "LENOVO",
        model: "ThinkPad T14",
        os_platform: "windows",
        os_name: "Windows 11 Pro",
        os_version: "23H2",
        os_build: "22631",
        agent_version: "0.1.0",
        enrolled_at: now.toISOString(),
        last_seen_at: seen,
        last_seq: 1,
        last_hash: null,
        results_hash: null,
        results_confirmed_at: null,
      });
      CONTROL_IDS.forEach((control, k) => {
        const status = STATUSES[(i + k) % STATUSES.length]!;
        const result = {
          control,
          status,
          summary: `${control} is ${status}`,
          facts: {},
          remediation: [],
          clause: null,
          probeErrors: [],
        };
        results.push({
          device_id: id,
          control,
          status,
          result_json: JSON.stringify(result),
          since: seen,
          collected_at: seen,
          ledger_id: `led-${id}`,
        });
      });
    }
    await q.insertInto("devices").values(devices).execute();
    await q.insertInto("current_results").values(results).execute();
  }
}
