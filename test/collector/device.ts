// A simulated agent for the collector tests: an Ed25519 key, inventory, and a hash chain of signed reports.
import { randomBytes } from "node:crypto";
import { canonicalJson } from "../../shared/canonical-json.js";
import { generateEd25519KeyPair, sha256Hex } from "../../shared/crypto/ed25519.js";
import { payloadHash, seal } from "../../shared/crypto/envelope.js";
import { signRequest } from "../../shared/crypto/request-signature.js";
import type { EnrollRequest } from "../../shared/schemas/api.js";
import type { CheckResult } from "../../shared/schemas/check-result.js";
import type { CheckStatus, ControlId } from "../../shared/schemas/control.js";
import type { Envelope } from "../../shared/schemas/envelope.js";
import type { Inventory, OsInfo, Report } from "../../shared/schemas/report.js";

export function checkResult(control: ControlId, status: CheckStatus, facts: Record<string, string> = {}): CheckResult {
  return {
    control,
    status,
    summary: `${control} is ${status}`,
    facts,
    remediation: status === "fail" ? ["Fix it."] : [],
    clause: null,
    probeErrors: [],
  };
}

export function resultsHashOf(results: CheckResult[]): string {
  return sha256Hex(canonicalJson(results));
}

type Common = "deviceId" | "agentVersion" | "seq" | "prevHash" | "collectedAt" | "os" | "inventory";
type ReportBody = Report extends infer R ? (R extends unknown ? Omit<R, Common> : never) : never;

export class FakeDevice {
  keys = generateEd25519KeyPair();
  deviceId = "";
  seq = 0;
  prevHash: string | null = null;
  lastResultsHash = "";
  readonly inventory: Inventory;
  readonly os: OsInfo = { platform: "linux", name: "Debian GNU/Linux", version: "12", build: "6.1.0" };

  constructor(serial = `SN-${randomBytes(6).toString("hex")}`) {
    this.inventory = { hostname: "clerk-laptop", serial, model: "Latitude 5440", manufacturer: "Dell Inc." };
  }

  enrollBody(token: string): EnrollRequest {
    return { token, publicKey: this.keys.publicKey, os: this.os, inventory: this.inventory, agentVersion: "0.1.0" };
  }

  /** Makes a new key (as the agent does when re-enrolled) and restarts the chain. */
  rotateKey(): void {
    this.keys = generateEd25519KeyPair();
    this.seq = 0;
    this.prevHash = null;
  }

  report(body: ReportBody, at = new Date()): Report {
    return {
      deviceId: this.deviceId,
      agentVersion: "0.1.0",
      seq: this.seq + 1,
      prevHash: this.prevHash,
      collectedAt: at.toISOString(),
      os: this.os,
      inventory: this.inventory,
      ...body,
    } as Report;
  }

  /** Seals a report with this device's key and advances the chain. */
  send(report: Report): Envelope {
    const envelope = this.seal(report);
    this.seq = report.seq;
    this.prevHash = payloadHash(envelope);
    return envelope;
  }

  seal(value: unknown): Envelope {
    return seal(value, { privateKey: this.keys.privateKey, publicKey: this.keys.publicKey });
  }

  full(results: CheckResult[] = [checkResult("disk-encryption", "pass")], at?: Date): Envelope {
    this.lastResultsHash = resultsHashOf(results);
    return this.send(this.report({ kind: "full", results, resultsHash: this.lastResultsHash }, at));
  }

  heartbeat(resultsHash = this.lastResultsHash, at?: Date): Envelope {
    return this.send(this.report({ kind: "heartbeat", resultsHash }, at));
  }

  spoolDrop(firstSeq: number, lastSeq: number, at?: Date): Envelope {
    const dropped = { count: lastSeq - firstSeq + 1, firstSeq, lastSeq, reason: "spool full" };
    return this.send(this.report({ kind: "spool-drop", dropped }, at));
  }

  /** Skips `n` seqs as if those reports were lost on the way. */
  lose(n: number): void {
    for (let i = 0; i < n; i++) this.full();
  }

  signedHeaders(method: string, path: string, now?: Date, nonce?: string): Record<string, string> {
    return signRequest({
      deviceId: this.deviceId,
      method,
      path,
      privateKey: this.keys.privateKey,
      ...(now ? { now } : {}),
      ...(nonce ? { nonce } : {}),
    });
  }
}
