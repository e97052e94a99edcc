// The collector's Ed25519 signing key: one per deployment, kept in the database so every instance signs alike.
import { createPublicKey } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { generateEd25519KeyPair, importPrivateKey, exportPublicKey, keyIdOf } from "../../shared/crypto/ed25519.js";
import type { SigningKey } from "../../shared/crypto/envelope.js";
import { AppError } from "../../shared/errors.js";
import type { Logger } from "../../shared/logger.js";
import { Base64Url } from "../../shared/schemas/common.js";
import type { Db } from "../db/connect.js";
import { putSettingIfAbsent } from "../stores/settings-store.js";

export const KEY_FILE = "collector-key.json";
const SETTING = "collector_signing_key";

const StoredKey = z.object({ publicKey: Base64Url.length(43), privateKey: Base64Url.length(43) });

export interface CollectorKey extends SigningKey {
  publicKey: string;
  keyId: string;
}

/**
 * The database row is the source of truth (several instances behind a load balancer must sign with one key).
 * First start: a key file already in the data directory is adopted (a restore, or moving SQLite to PostgreSQL),
 * otherwise a new key is generated. The first instance to insert wins; everyone re-reads the winner. Each
 * instance then keeps a copy in its data directory (mode 0600) so the key survives even a lost database.
 */
export async function loadCollectorKey(db: Db, dataDir: string, now: Date, logger: Logger): Promise<CollectorKey> {
  const file = join(dataDir, KEY_FILE);
  const fromFile = existsSync(file) ? parseKey(readFileSync(file, "utf8"), file) : undefined;
  const candidate = fromFile ?? generateEd25519KeyPair();
  const storedText = await putSettingIfAbsent(db.kysely, SETTING, JSON.stringify(candidate), now);
  const stored = parseKey(storedText, `the ${SETTING} setting in the database`);
  if (fromFile && fromFile.publicKey !== stored.publicKey) {
    logger.warn("collector key file differs from the database's key; the database's key is used", {
      file,
      fileKeyId: keyIdOf(fromFile.publicKey),
      keyId: keyIdOf(stored.publicKey),
    });
  }
  if (!fromFile) {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    writeFileSync(file, `${JSON.stringify(stored)}\n`, { mode: 0o600 });
  }
  const privateKey = importPrivateKey(stored.privateKey);
  if (exportPublicKey(createPublicKey(privateKey)) !== stored.publicKey) {
    throw new AppError(
      "config_invalid",
      "The collector's stored signing key is damaged: its public half does not match. Restore it from a backup.",
    );
  }
  return { privateKey, publicKey: stored.publicKey, keyId: keyIdOf(stored.publicKey) };
}

function parseKey(text: string, where: string): z.infer<typeof StoredKey> {
  try {
    return StoredKey.parse(JSON.parse(text));
  } catch (cause) {
    throw new AppError(
      "config_invalid",
      `The collector's signing key in ${where} is unreadable. Restore it from a backup; a new key would make every enrolled agent refuse this collector's policies.`,
      { cause },
    );
  }
}
