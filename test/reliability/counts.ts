// The suite's counts (cases tried, kills survived, envelopes lost and duplicated): each test adds to a shared file,
// and the global teardown prints the totals.
import { appendFileSync } from "node:fs";

export type CountKey =
  | "parser cases"
  | "collect cases"
  | "bad-input cases"
  | "bad-input 5xx"
  | "collector kills survived"
  | "agent kills survived"
  | "envelopes acknowledged"
  | "envelopes lost"
  | "envelopes duplicated"
  | "corrupt spool entries"
  | "broken chains"
  | "outage reports delivered"
  | "spool-drop records delivered"
  | "faults injected"
  | "faults survived"
  | "acknowledged lost"
  | "reports lost"
  | "laptops left silent"
  | "red-team take-over attempts"
  | "red-team take-overs refused, old key kept"
  | "red-team take-over alerts to the IT provider"
  | "red-team parallel wrong logins"
  | "red-team parallel wrong logins checked"
  | "red-team parallel wrong logins refused unchecked"
  | "red-team hostile home files tried"
  | "red-team hostile home files read"
  | "red-team hostile home file hangs";

export function count(key: CountKey, n: number): void {
  const file = process.env.WARD_RELIABILITY_COUNTS;
  if (file) appendFileSync(file, `${JSON.stringify({ key, n })}\n`);
}
