// The agent's running state: chain position, last results, delivery times, check memory, spool drops.
import { join } from "node:path";
import { z } from "zod";
import { CheckResult } from "../../shared/schemas/check-result.js";
import { IsoDateTime, Sha256Hex } from "../../shared/schemas/common.js";
import { ControlId } from "../../shared/schemas/control.js";
import { JsonObject } from "../../shared/schemas/json-value.js";
import { readJsonFile, writeJsonFile } from "./atomic-file.js";

export const AgentState = z.object({
  /** seq of the newest report written to the spool (0 before the first). */
  seq: z.number().int().min(0),
  /** payloadHash of that report: the next report's prevHash. */
  lastHash: Sha256Hex.nullable(),
  /** resultsHash of the newest full report, and when it was made: unchanged results go as heartbeats. */
  lastResultsHash: Sha256Hex.nullable(),
  lastFullAt: IsoDateTime.nullable(),
  lastCycleAt: IsoDateTime.nullable(),
  lastDeliveryAt: IsoDateTime.nullable(),
  lastDeliveryError: z.string().nullable(),
  lastResults: z.array(CheckResult).nullable(),
  memory: z.partialRecord(ControlId, JsonObject),
});
export type AgentState = z.infer<typeof AgentState>;

export const INITIAL_STATE: AgentState = {
  seq: 0,
  lastHash: null,
  lastResultsHash: null,
  lastFullAt: null,
  lastCycleAt: null,
  lastDeliveryAt: null,
  lastDeliveryError: null,
  lastResults: null,
  memory: {},
};

export const statePath = (stateDir: string) => join(stateDir, "state.json");

export async function readAgentState(stateDir: string): Promise<AgentState> {
  return (await readJsonFile(statePath(stateDir), AgentState)) ?? structuredClone(INITIAL_STATE);
}

export async function writeAgentState(stateDir: string, state: AgentState): Promise<void> {
  await writeJsonFile(statePath(stateDir), state);
}
