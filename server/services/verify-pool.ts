// Ed25519 verification of report envelopes on worker threads (node:worker_threads), so both cores verify while the
// main thread parses, stores and answers.
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";

/**
 * Per envelope: whether its signature verifies with the device's key, the SHA-256 (hex) of its payload, and the
 * envelope as raw_envelopes stores it (gzip of its JSON), made there too so the main thread does not compress.
 */
export interface SignatureCheck {
  ok: boolean;
  hash: string;
  gzipped: Buffer;
}

export interface VerifyPool {
  /** Checks every envelope's signature with `publicKey` (raw base64url); in the envelopes' order. */
  check(
    publicKey: string,
    envelopes: ReadonlyArray<{ payload: string; signature: string; keyId: string }>,
  ): Promise<SignatureCheck[]>;
  /** Terminates the workers; idempotent. Checks still queued are refused. */
  close(): Promise<void>;
}

/**
 * The worker's code, run from a string (eval) so it needs no file of its own: the collector ships as one bundled
 * module, and tsx, the bundle and a test all start it the same way. It uses node:crypto only, and answers exactly as
 * shared/crypto/ed25519.ts verifyBytes does: a malformed key or signature is "not valid", never a throw.
 */
const WORKER_SOURCE = `
const { parentPort } = require("node:worker_threads");
const { createHash, createPublicKey, verify } = require("node:crypto");
const { gzipSync } = require("node:zlib");
const SMALL = { windowBits: 10, memLevel: 4 };
const SPKI_PREFIX = Buffer.from("302a300506032b6570032100", "hex");
const keys = new Map();
function keyOf(b64u) {
  let key = keys.get(b64u);
  if (key !== undefined) return key;
  key = null;
  try {
    const raw = /^[A-Za-z0-9_-]*$/.test(b64u) ? Buffer.from(b64u, "base64url") : Buffer.alloc(0);
    if (raw.length === 32) key = createPublicKey({ key: Buffer.concat([SPKI_PREFIX, raw]), format: "der", type: "spki" });
  } catch {}
  if (keys.size >= 20000) keys.delete(keys.keys().next().value);
  keys.set(b64u, key);
  return key;
}
parentPort.on("message", ({ id, publicKey, payloads, signatures, keyIds }) => {
  const key = keyOf(publicKey);
  const ok = [];
  const hashes = [];
  const gzipped = [];
  for (let i = 0; i < payloads.length; i++) {
    // The same JSON as JSON.stringify of the parsed envelope (its keys in the schema's order).
    const json = Buffer.from(JSON.stringify({ payload: payloads[i], signature: signatures[i], keyId: keyIds[i] }), "utf8");
    // A heartbeat is well under 1 KB: a 1 KB window compresses it as well at half the cost (zlib's default state is
    // 256 KB, set up for each call); anything larger gets the default.
    gzipped.push(json.length <= 1024 ? gzipSync(json, SMALL) : gzipSync(json));
    const data = Buffer.from(payloads[i], "utf8");
    hashes.push(createHash("sha256").update(data).digest("hex"));
    let valid = false;
    try {
      const sig = Buffer.from(signatures[i], "base64url");
      valid = key !== null && sig.length === 64 && verify(null, data, key, sig);
    } catch {}
    ok.push(valid);
  }
  parentPort.postMessage({ id, ok, hashes, gzipped });
});
`;

interface Answer {
  ok: boolean[];
  hashes: string[];
  gzipped: Uint8Array[];
}

interface Task {
  id: number;
  publicKey: string;
  payloads: string[];
  signatures: string[];
  keyIds: string[];
  resolve: (r: Answer) => void;
  reject: (e: Error) => void;
}

interface Slot {
  worker: Worker;
  running: Map<number, Task>;
}

/** Workers: one per core by default (the main thread mostly waits on the disk while they verify). */
export function createVerifyPool(size = Math.max(1, Math.min(8, availableParallelism()))): VerifyPool {
  let nextId = 1;
  let closed = false;
  const slots: Slot[] = [];

  const spawn = (): Slot => {
    const slot: Slot = { worker: new Worker(WORKER_SOURCE, { eval: true }), running: new Map() };
    // An idle pool never keeps the process alive; close() ends it at shutdown.
    slot.worker.unref();
    slot.worker.on("message", (m: Answer & { id: number }) => {
      const task = slot.running.get(m.id);
      if (!task) return;
      slot.running.delete(m.id);
      task.resolve(m);
    });
    const fail = (err: Error) => {
      // A worker that died takes its checks with it: they are refused (the request answers 5xx, the agent retries)
      // and a fresh worker takes its place.
      for (const task of slot.running.values()) task.reject(err);
      slot.running.clear();
      const i = slots.indexOf(slot);
      if (i >= 0 && !closed) slots[i] = spawn();
    };
    slot.worker.on("error", fail);
    slot.worker.on("exit", (code) => fail(new Error(`signature worker exited (${code})`)));
    return slot;
  };
  for (let i = 0; i < size; i++) slots.push(spawn());

  const submit = (publicKey: string, payloads: string[], signatures: string[], keyIds: string[]) =>
    new Promise<Answer>((resolve, reject) => {
      if (closed) return reject(new Error("the signature workers are stopped"));
      // The least busy worker, counted in envelopes waiting on it.
      let best = slots[0]!;
      let bestLoad = Number.POSITIVE_INFINITY;
      for (const s of slots) {
        let load = 0;
        for (const t of s.running.values()) load += t.payloads.length;
        if (load < bestLoad) [best, bestLoad] = [s, load];
      }
      const task: Task = { id: nextId++, publicKey, payloads, signatures, keyIds, resolve, reject };
      best.running.set(task.id, task);
      best.worker.postMessage({ id: task.id, publicKey, payloads, signatures, keyIds });
    });

  return {
    async check(publicKey, envelopes) {
      if (envelopes.length === 0) return [];
      // A batch is split across the workers, so one large batch uses every core.
      const per = Math.ceil(envelopes.length / slots.length);
      const parts: Promise<Answer>[] = [];
      for (let i = 0; i < envelopes.length; i += per) {
        const chunk = envelopes.slice(i, i + per);
        parts.push(
          submit(
            publicKey,
            chunk.map((e) => e.payload),
            chunk.map((e) => e.signature),
            chunk.map((e) => e.keyId),
          ),
        );
      }
      const out: SignatureCheck[] = [];
      for (const r of await Promise.all(parts)) {
        for (let i = 0; i < r.ok.length; i++) {
          const z = r.gzipped[i]!;
          out.push({ ok: r.ok[i]!, hash: r.hashes[i]!, gzipped: Buffer.from(z.buffer, z.byteOffset, z.byteLength) });
        }
      }
      return out;
    },
    async close() {
      if (closed) return;
      closed = true;
      await Promise.all(slots.map((s) => s.worker.terminate()));
    },
  };
}
