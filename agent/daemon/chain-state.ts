// The agent's chain head and state on disk: loaded, rebuilt when damaged, and kept in step with the spool.
import { join } from "node:path";
import { payloadHash } from "../../shared/crypto/envelope.js";
import type { Logger } from "../../shared/logger.js";
import { Envelope } from "../../shared/schemas/envelope.js";
import type { Spool, SpoolEntry } from "../spool/spool.js";
import { type AgentState, INITIAL_STATE, readAgentState, statePath, writeAgentState } from "../state/agent-state.js";
import { isCorruptFile, quarantineFile, readJsonFile, removeStaleTemps } from "../state/atomic-file.js";

export const LAST_REPORT_FILE = "last-report.json";

/** Where the chain lives: the state folder, its spool, and where to say what went wrong. */
export interface ChainStore {
  stateDir: string;
  spool: Spool;
  log: Logger;
}

/**
 * A crash between the spool write and the state write leaves a spooled report newer than the state: the chain
 * continues from the spool, so no seq is used twice.
 */
export async function recoverState(c: ChainStore): Promise<AgentState> {
  const state = await loadState(c);
  const newest = (await c.spool.list()).at(-1);
  if (newest && newest.seq > state.seq) {
    c.log.warn("state was behind the spool (interrupted cycle): continuing the chain from the spool", {
      stateSeq: state.seq,
      spoolSeq: newest.seq,
    });
    state.seq = newest.seq;
    state.lastHash = payloadHash(newest.envelope);
    // Not knowing which results the collector holds as newest, the next report is a full one.
    state.lastResultsHash = null;
  }
  await removeStaleTemps(c.stateDir);
  return state;
}

/**
 * The state file, or, when it is damaged, one rebuilt from what it only summarises: the chain head from the newest
 * spool entry or the last report (whichever is newer). The damaged file is kept for support; the next report is a
 * full one. Check memory (e.g. USB sightings not yet reported) is lost and said so.
 */
export async function loadState(c: ChainStore): Promise<AgentState> {
  try {
    return await readAgentState(c.stateDir);
  } catch (err) {
    if (!isCorruptFile(err)) throw err;
    const path = statePath(c.stateDir);
    const movedTo = await quarantineFile(path).catch(() => null);
    const state = structuredClone(INITIAL_STATE);
    const heads: Envelope[] = [];
    const newest = (await c.spool.list()).at(-1);
    if (newest) heads.push(newest.envelope);
    const last = await readJsonFile(join(c.stateDir, LAST_REPORT_FILE), Envelope).catch(() => null);
    if (last) heads.push(last);
    for (const env of heads) {
      const seq = seqOf(env.payload);
      if (seq !== null && seq > state.seq) {
        state.seq = seq;
        state.lastHash = payloadHash(env);
      }
    }
    c.log.error("the agent's state file was damaged: rebuilt from the spool and the last report; reporting goes on", {
      path,
      movedTo,
      seq: state.seq,
    });
    await writeAgentState(c.stateDir, state).catch((e: unknown) =>
      c.log.warn("could not save the rebuilt state yet", { reason: (e as Error).message }),
    );
    return state;
  }
}

/**
 * The chain head must survive the removal of acknowledged entries: when a cycle spooled a report but could not
 * save the state (a full disk), the spool is the only record of that seq. Before such an entry is removed the
 * state is brought up to it; if that cannot be saved, the entry stays (it is sent again and answered duplicate)
 * rather than letting the next report reuse its seq (a fork).
 */
export async function keepChainHead(c: ChainStore, acked: SpoolEntry[]): Promise<number[]> {
  const newest = acked.at(-1);
  if (!newest) return [];
  try {
    const state = await loadState(c);
    if (newest.seq > state.seq) {
      state.seq = newest.seq;
      state.lastHash = payloadHash(newest.envelope);
      state.lastResultsHash = null;
      await writeAgentState(c.stateDir, state);
    }
    return acked.map((e) => e.seq);
  } catch (err) {
    c.log.warn("acknowledged reports kept in the spool until the state can be saved", {
      reason: (err as Error).message,
    });
    return acked.filter((e) => e.seq < newest.seq).map((e) => e.seq);
  }
}

function seqOf(payload: string): number | null {
  try {
    const seq = (JSON.parse(payload) as { seq?: unknown }).seq;
    return typeof seq === "number" && Number.isInteger(seq) ? seq : null;
  } catch {
    return null;
  }
}
