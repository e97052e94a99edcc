// Reads an agent's spool straight from disk (as a crash left it) and checks every entry and every link.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { open, payloadHash } from "../../shared/crypto/envelope.js";
import { Envelope } from "../../shared/schemas/envelope.js";
import { Report } from "../../shared/schemas/report.js";

export interface SpoolAudit {
  entries: number;
  firstSeq: number | null;
  lastSeq: number | null;
  lastHash: string | null;
  tempFiles: number;
  problems: string[];
}

const NAME = /^(\d{12})\.json$/;

export function auditSpool(stateDir: string, publicKey: string): SpoolAudit {
  const dir = join(stateDir, "spool");
  const problems: string[] = [];
  const names = existsSync(dir) ? readdirSync(dir) : [];
  const corrupt = join(dir, "corrupt");
  if (existsSync(corrupt) && readdirSync(corrupt).length > 0)
    problems.push(`corrupt/ holds ${readdirSync(corrupt).join(", ")}`);
  const files = names.filter((n) => NAME.test(n)).sort();
  let prev: { seq: number; hash: string } | null = null;
  let first: number | null = null;
  for (const name of files) {
    const seq = Number(NAME.exec(name)![1]);
    try {
      const env = Envelope.parse(JSON.parse(readFileSync(join(dir, name), "utf8")));
      const report = open(env, publicKey, Report);
      if (report.seq !== seq) problems.push(`${name} holds seq ${report.seq}`);
      if (prev && seq !== prev.seq + 1) problems.push(`hole: ${prev.seq} then ${seq}`);
      if (prev && report.prevHash !== prev.hash) problems.push(`${name}: prevHash does not link to seq ${prev.seq}`);
      prev = { seq, hash: payloadHash(env) };
      first ??= seq;
    } catch (err) {
      problems.push(`${name}: ${(err as Error).message}`);
    }
  }
  return {
    entries: files.length,
    firstSeq: first,
    lastSeq: prev?.seq ?? null,
    lastHash: prev?.hash ?? null,
    // Temp files of interrupted atomic writes, in the spool and beside the state file: proof a kill landed mid-write.
    tempFiles: [...names, ...readdirSync(stateDir)].filter((n) => n.endsWith(".tmp")).length,
    problems,
  };
}
