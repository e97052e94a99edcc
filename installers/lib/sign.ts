// Authenticode signing of the Windows executable and MSI with osslsigncode, when a certificate is configured.
// WARD_SIGN_CERT (PEM certificate chain) + WARD_SIGN_KEY (PEM private key), or WARD_SIGN_PKCS12 (+ WARD_SIGN_PASSWORD);
// WARD_SIGN_TIMESTAMP_URL adds an RFC 3161 timestamp (needs network, so it is off unless set).
import { renameSync } from "node:fs";
import { run } from "./run.js";

export interface SigningConfig {
  cert?: string;
  key?: string;
  pkcs12?: string;
  password?: string;
  timestampUrl?: string;
}

export function signingFromEnv(env: NodeJS.ProcessEnv = process.env): SigningConfig | undefined {
  if (env.WARD_SIGN_PKCS12) {
    return {
      pkcs12: env.WARD_SIGN_PKCS12,
      password: env.WARD_SIGN_PASSWORD,
      timestampUrl: env.WARD_SIGN_TIMESTAMP_URL,
    };
  }
  if (env.WARD_SIGN_CERT && env.WARD_SIGN_KEY) {
    return { cert: env.WARD_SIGN_CERT, key: env.WARD_SIGN_KEY, timestampUrl: env.WARD_SIGN_TIMESTAMP_URL };
  }
  return undefined;
}

/** Signs `file` in place (SHA-256 digest). */
export function signFile(file: string, config: SigningConfig, description: string): void {
  const args = ["sign", "-h", "sha256", "-n", description];
  if (config.pkcs12) {
    args.push("-pkcs12", config.pkcs12);
    if (config.password) args.push("-pass", config.password);
  } else if (config.cert && config.key) {
    args.push("-certs", config.cert, "-key", config.key);
  } else {
    throw new Error("signing needs WARD_SIGN_CERT and WARD_SIGN_KEY, or WARD_SIGN_PKCS12");
  }
  if (config.timestampUrl) args.push("-ts", config.timestampUrl);
  const out = `${file}.signed`;
  args.push("-in", file, "-out", out);
  run("osslsigncode", args);
  renameSync(out, file);
}

/** Verifies the Authenticode signature of `file` against `caFile`; returns osslsigncode's report. */
export function verifySignature(file: string, caFile: string): string {
  return run("osslsigncode", ["verify", "-CAfile", caFile, "-in", file]).stdout;
}
