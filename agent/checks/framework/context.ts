// Builds the CollectContext a check's collect() sees: cached probes per cycle, qualifiers, memory, error notes.
import type { ProbeError } from "../../../shared/schemas/check-result.js";
import type { ControlId } from "../../../shared/schemas/control.js";
import type { JsonObject } from "../../../shared/schemas/json-value.js";
import type { SessionUser } from "../../platform/platform.js";
import type { CheckMemory, CollectContext } from "./check.js";
import type { ProbeDefinition, ProbeOutcome } from "./probe.js";
import type { ProbeSource } from "./probe-source.js";

/** Per-control persistent memory, kept by the daemon in its state file (in memory for one-shot runs). */
export interface MemoryStore {
  get(control: ControlId): JsonObject;
  set(control: ControlId, value: JsonObject): void;
}

export function inMemoryStore(initial: Partial<Record<ControlId, JsonObject>> = {}): MemoryStore & {
  snapshot(): Partial<Record<ControlId, JsonObject>>;
} {
  const data: Partial<Record<ControlId, JsonObject>> = structuredClone(initial);
  return {
    get: (control) => structuredClone(data[control] ?? {}),
    set: (control, value) => {
      data[control] = structuredClone(value);
    },
    snapshot: () => structuredClone(data),
  };
}

/** One cycle's probe cache, shared by all checks: lsblk asked by two controls runs once. */
export type ProbeCache = Map<string, Promise<ProbeOutcome>>;

export interface ContextOptions {
  control: ControlId;
  source: ProbeSource;
  probes: ReadonlyMap<string, ProbeDefinition>;
  memory: MemoryStore;
  now: Date;
  cache: ProbeCache;
  errors: ProbeError[];
}

export function createContext(o: ContextOptions): CollectContext {
  const memory: CheckMemory = { get: () => o.memory.get(o.control), set: (v) => o.memory.set(o.control, v) };
  return {
    os: o.source.os,
    now: o.now,
    memory,
    noteError: (e) => o.errors.push(e),
    async probe(id: string, qualifier?: string, user?: SessionUser) {
      const def = o.probes.get(id);
      // A probe the registry does not know is a programming error: fail loudly, never silently pass.
      if (!def) throw new Error(`unknown probe id ${id}`);
      const key = qualifier === undefined ? id : `${id}@${qualifier}`;
      let pending = o.cache.get(key);
      if (!pending) {
        pending = o.source.run(def, qualifier, user).catch(
          (err: unknown): ProbeOutcome => ({
            ok: false,
            reason: "failed",
            error: `${id}: ${(err as Error).message}`,
          }),
        );
        o.cache.set(key, pending);
      }
      const outcome = await pending;
      if (!outcome.ok) o.errors.push({ probe: key, error: outcome.error });
      return outcome;
    },
    async qualifiers(probeId, discover) {
      // Replay: the qualifiers captured for this probe; when there are none, discovery runs on the captured
      // discovery probes (so a failed discovery stays unknown instead of looking like "nobody signed in").
      const captured = await o.source.capturedQualifiers(probeId);
      return captured && captured.length > 0 ? captured : discover();
    },
  };
}
