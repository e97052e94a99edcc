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
// A batch comes packed (three joined strings and their lengths) and goes back packed (joined hex hashes, one buffer
// of gzip bodies): a handful of values to copy between threads instead of several per envelope.
parentPort.on("message", ({ id, publicKey, joined, lengths }) => {
  const key = keyOf(publicKey);
  const n = lengths.length / 3;
  const ok = new Uint8Array(n);
  let hashes = "";
  const bodies = [];
  const sizes = new Uint32Array(n);
  let total = 0;
  for (let i = 0, at = 0; i < n; i++) {
    const payload = joined.slice(at, (at += lengths[3 * i]));
    const signature = joined.slice(at, (at += lengths[3 * i + 1]));
    const keyId = joined.slice(at, (at += lengths[3 * i + 2]));
    // The same JSON as JSON.stringify of the parsed envelope (its keys in the schema's order).
    const json = Buffer.from(JSON.stringify({ payload, signature, keyId }), "utf8");
    // A heartbeat is well under 1 KB: a 1 KB window compresses it as well at half the cost (zlib's default state is
    // 256 KB, set up for each call), into an output buffer of about its own size (the default is a fresh 16 KB buffer
    // per call: a quarter of the call's cost, and garbage); anything larger gets the defaults.
    const body = json.length <= 1024 ? gzipSync(json, { ...SMALL, chunkSize: json.length + 64 }) : gzipSync(json);
    bodies.push(body);
    sizes[i] = body.length;
    total += body.length;
    const data = Buffer.from(payload, "utf8");
    hashes += createHash("sha256").update(data).digest("hex");
    try {
      const sig = Buffer.from(signature, "base64url");
      ok[i] = key !== null && sig.length === 64 && verify(null, data, key, sig) ? 1 : 0;
    } catch {}
  }
  // Its own memory (not Node's shared pool), so it can be handed over rather than copied.
  const gz = new Uint8Array(total);
  for (let i = 0, at = 0; i < n; at += sizes[i], i++) gz.set(bodies[i], at);
  parentPort.postMessage({ id, ok, hashes, gz, sizes }, [gz.buffer, ok.buffer, sizes.buffer]);
});
`;

interface Answer {
  ok: Uint8Array;
  /** The payloads' SHA-256, 64 hex characters each, joined. */
  hashes: string;
  gz: Uint8Array;
  sizes: Uint32Array;
}

interface Task {
  id: number;
  envelopes: number;
  resolve: (r: Answer) => void;
  reject: (e: Error) => void;
  deadline?: NodeJS.Timeout;
}

interface Slot {
  worker: Worker;
  running: Map<number, Task>;
  /** When the worker last answered, or was given work while it had none (performance.now()). */
  progress: number;
  /** Set when it went a deadline without progress and was ended for it. */
  stuck?: true;
}

/**
 * How long a worker with work may go without answering any check before it is taken for stuck, ended and replaced. It
 * counts progress, not a check's age: a worker working through a deep queue (a burst of batches) answers one check every
 * few milliseconds and is never ended; one check is at most one batch, well under a second.
 */
const DEADLINE_MS = 30_000;

/** Workers: one per core by default (the main thread mostly waits on the disk while they verify). */
export function createVerifyPool(
  size = Math.max(1, Math.min(8, availableParallelism())),
  deadlineMs = DEADLINE_MS,
): VerifyPool {
  let nextId = 1;
  let closed = false;
  const slots: Slot[] = [];

  const spawn = (): Slot => {
    const slot: Slot = {
      worker: new Worker(WORKER_SOURCE, { eval: true }),
      running: new Map(),
      progress: performance.now(),
    };
    // An idle pool never keeps the process alive; close() ends it at shutdown.
    slot.worker.unref();
    slot.worker.on("message", (m: Answer & { id: number }) => {
      const task = slot.running.get(m.id);
      if (!task) return;
      slot.running.delete(m.id);
      slot.progress = performance.now();
      clearTimeout(task.deadline);
      task.resolve(m);
    });
    const fail = (err: Error) => {
      // A worker that died takes its checks with it: they are refused (the request answers 5xx, the agent retries)
      // and a fresh worker takes its place. The request's error says which.
      const why =
        slot.stuck === undefined
          ? err
          : new Error(`a signature worker answered nothing for ${deadlineMs / 1000} s and was restarted`);
      for (const task of slot.running.values()) {
        clearTimeout(task.deadline);
        task.reject(why);
      }
      slot.running.clear();
      const i = slots.indexOf(slot);
      if (i >= 0 && !closed) slots[i] = spawn();
    };
    slot.worker.on("error", fail);
    slot.worker.on("exit", (code) => fail(new Error(`signature worker exited (${code})`)));
    return slot;
  };
  for (let i = 0; i < size; i++) slots.push(spawn());

  /** Ends the worker if `task` is still waiting once it has gone `after` ms without progress; else looks again later. */
  const watch = (slot: Slot, task: Task, after: number) => {
    task.deadline = setTimeout(() => {
      if (!slot.running.has(task.id) || slot.stuck !== undefined) return;
      const idle = performance.now() - slot.progress;
      if (idle < deadlineMs) return watch(slot, task, deadlineMs - idle);
      slot.stuck = true;
      void slot.worker.terminate();
    }, after);
    task.deadline.unref();
  };

  const submit = (publicKey: string, chunk: ReadonlyArray<{ payload: string; signature: string; keyId: string }>) =>
    new Promise<Answer>((resolve, reject) => {
      if (closed) return reject(new Error("the signature workers are stopped"));
      // The least busy worker, counted in envelopes waiting on it.
      let best = slots[0]!;
      let bestLoad = Number.POSITIVE_INFINITY;
      for (const s of slots) {
        let load = 0;
        for (const t of s.running.values()) load += t.envelopes;
        if (load < bestLoad) [best, bestLoad] = [s, load];
      }
      const task: Task = { id: nextId++, envelopes: chunk.length, resolve, reject };
      const lengths = new Uint32Array(3 * chunk.length);
      const parts: string[] = [];
      for (const [i, e] of chunk.entries()) {
        parts.push(e.payload, e.signature, e.keyId);
        lengths[3 * i] = e.payload.length;
        lengths[3 * i + 1] = e.signature.length;
        lengths[3 * i + 2] = e.keyId.length;
      }
      if (best.running.size === 0) best.progress = performance.now();
      best.running.set(task.id, task);
      watch(best, task, deadlineMs);
      best.worker.postMessage({ id: task.id, publicKey, joined: parts.join(""), lengths }, [lengths.buffer]);
    });

  return {
    async check(publicKey, envelopes) {
      if (envelopes.length === 0) return [];
      // A batch is split across the workers, so one large batch uses every core.
      const per = Math.ceil(envelopes.length / slots.length);
      const parts: Promise<Answer>[] = [];
      for (let i = 0; i < envelopes.length; i += per) {
        parts.push(submit(publicKey, envelopes.slice(i, i + per)));
      }
      const out: SignatureCheck[] = [];
      for (const r of await Promise.all(parts)) {
        for (let i = 0, at = 0; i < r.ok.length; at += r.sizes[i]!, i++) {
          const hash = r.hashes.slice(64 * i, 64 * i + 64);
          out.push({ ok: r.ok[i] === 1, hash, gzipped: Buffer.from(r.gz.buffer, r.gz.byteOffset + at, r.sizes[i]!) });
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
