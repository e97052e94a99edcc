// Test support: builds valid reports and signed chains, so tests state only what they change.
import { canonicalJson } from "../canonical-json.js";
import { type Ed25519KeyPair, generateEd25519KeyPair, sha256Hex } from "../crypto/ed25519.js";
import { payloadHash, seal } from "../crypto/envelope.js";
import type { CheckResult } from "../schemas/check-result.js";
import type { Envelope } from "../schemas/envelope.js";
import type { FullReport } from "../schemas/report.js";

export const sampleResults = (): CheckResult[] => [
  {
    control: "disk-encryption",
    status: "pass",
    summary: "This laptop's disk is encrypted and protected.",
    facts: { state: "encrypted", method: "luks" },
    remediation: [],
    clause: "Wellington IT Policy 5.2",
    probeErrors: [],
  },
];

export function sampleReport(over: Partial<FullReport> = {}): FullReport {
  const results = over.results ?? sampleResults();
  return {
    kind: "full",
    deviceId: "dev_TESTdevice0001",
    agentVersion: "0.1.0",
    seq: 1,
    prevHash: null,
    collectedAt: "2026-11-22T09:00:00.000Z",
    os: { platform: "linux", name: "Debian GNU/Linux", version: "12", build: "6.1.0" },
    inventory: { hostname: "clerk-laptop", serial: "SN123", model: "ThinkPad", manufacturer: "Lenovo" },
    results,
    resultsHash: sha256Hex(canonicalJson(results)),
    ...over,
  };
}

/** A chain of `n` signed full reports from one device key. */
export function signedChain(
  n: number,
  key: Ed25519KeyPair = generateEd25519KeyPair(),
  deviceId = "dev_TESTdevice0001",
): {
  key: Ed25519KeyPair;
  envelopes: Envelope[];
} {
  const envelopes: Envelope[] = [];
  let prev: string | null = null;
  for (let seq = 1; seq <= n; seq++) {
    const env = seal(sampleReport({ deviceId, seq, prevHash: prev }), key);
    envelopes.push(env);
    prev = payloadHash(env);
  }
  return { key, envelopes };
}
