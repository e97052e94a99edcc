// The per-device hash chain: where a new envelope stands against what the collector has already seen.

/** What the collector knows of one device's chain. */
export interface ChainState {
  /** Highest seq stored, and the payload hash stored for it. */
  lastSeq: number;
  lastHash: string;
  /** Looks up the hash stored for an earlier seq (undefined when not kept): lets old retries be told from forks. */
  hashAt?: (seq: number) => string | undefined;
}

export interface ChainLink {
  seq: number;
  prevHash: string | null;
  /** SHA-256 of this envelope's payload. */
  hash: string;
}

export type ChainVerdict =
  /** Links straight onto the newest: store it. */
  | { kind: "next" }
  /** The same envelope again (same seq, same hash): acknowledge, store nothing. */
  | { kind: "duplicate" }
  /** seq jumped: `missing` reports never arrived. Store it and record the gap. */
  | { kind: "gap"; missing: number; expectedSeq: number }
  /** Same seq, different content, or a link that does not join: tampering or a cloned device. */
  | { kind: "fork"; reason: string }
  /** Older than the newest seen and not known: refuse it. */
  | { kind: "stale"; newestSeq: number };

export function classifyLink(state: ChainState | null, link: ChainLink): ChainVerdict {
  if (state === null) {
    if (link.seq === 1) {
      return link.prevHash === null ? { kind: "next" } : { kind: "fork", reason: "seq 1 must have no previous hash" };
    }
    return { kind: "gap", missing: link.seq - 1, expectedSeq: 1 };
  }
  if (link.seq === state.lastSeq) {
    return link.hash === state.lastHash
      ? { kind: "duplicate" }
      : { kind: "fork", reason: `a different report with seq ${link.seq} was already received` };
  }
  if (link.seq === state.lastSeq + 1) {
    return link.prevHash === state.lastHash
      ? { kind: "next" }
      : { kind: "fork", reason: `seq ${link.seq} does not link to the stored seq ${state.lastSeq}` };
  }
  if (link.seq > state.lastSeq + 1) {
    return { kind: "gap", missing: link.seq - state.lastSeq - 1, expectedSeq: state.lastSeq + 1 };
  }
  const known = state.hashAt?.(link.seq);
  if (known === undefined) return { kind: "stale", newestSeq: state.lastSeq };
  return known === link.hash
    ? { kind: "duplicate" }
    : { kind: "fork", reason: `a different report with seq ${link.seq} was already received` };
}
