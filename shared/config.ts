// Layered configuration: defaults < file < environment < CLI flags, validated once by zod, then frozen.
import { readFileSync } from "node:fs";
import type { z } from "zod";
import { AppError } from "./errors.js";
import { formatIssuePath } from "./zod-error.js";

export type PlainObject = Record<string, unknown>;

export interface ConfigLayers {
  defaults?: PlainObject;
  /** Path of a JSON file; a missing file is skipped only when `fileOptional`. */
  file?: string;
  fileOptional?: boolean;
  /** Environment variables, and which config path each one sets ("server.url"). */
  env?: NodeJS.ProcessEnv;
  envMap?: Record<string, string>;
  flags?: PlainObject;
}

export function loadConfig<S extends z.ZodType>(schema: S, layers: ConfigLayers): Readonly<z.infer<S>> {
  let merged: PlainObject = structuredClone(layers.defaults ?? {});
  if (layers.file) merged = deepMerge(merged, readJsonFile(layers.file, layers.fileOptional ?? false));
  if (layers.env && layers.envMap) merged = deepMerge(merged, fromEnv(layers.env, layers.envMap));
  if (layers.flags) merged = deepMerge(merged, dropUndefined(layers.flags));
  const parsed = schema.safeParse(merged);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = layers.file ? ` (file ${layers.file}, environment or flags)` : "";
    throw new AppError(
      "config_invalid",
      `Configuration value ${formatIssuePath(issue.path)} is invalid: ${issue.message}${where}. Fix it and start again.`,
      { cause: parsed.error, details: { path: issue.path.map(String) } },
    );
  }
  return deepFreeze(parsed.data);
}

function readJsonFile(path: string, optional: boolean): PlainObject {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (cause) {
    if (optional && (cause as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw new AppError("config_invalid", `Cannot read the configuration file ${path}: ${(cause as Error).message}`, {
      cause,
    });
  }
  try {
    const value: unknown = JSON.parse(text.replace(/^\uFEFF/, ""));
    if (!isPlainObject(value)) throw new Error("the top level must be an object");
    return value;
  } catch (cause) {
    throw new AppError(
      "config_invalid",
      `The configuration file ${path} is not valid JSON: ${(cause as Error).message}`,
      {
        cause,
      },
    );
  }
}

function fromEnv(env: NodeJS.ProcessEnv, map: Record<string, string>): PlainObject {
  const out: PlainObject = {};
  for (const [name, path] of Object.entries(map)) {
    const value = env[name];
    if (value === undefined || value === "") continue;
    setPath(out, path.split("."), value);
  }
  return out;
}

function setPath(target: PlainObject, path: string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    if (!isPlainObject(node[key])) node[key] = {};
    node = node[key] as PlainObject;
  }
  node[path[path.length - 1]!] = value;
}

export function deepMerge(base: PlainObject, over: PlainObject): PlainObject {
  const out: PlainObject = { ...base };
  for (const [k, v] of Object.entries(over)) {
    out[k] = isPlainObject(v) && isPlainObject(out[k]) ? deepMerge(out[k] as PlainObject, v) : v;
  }
  return out;
}

function dropUndefined(obj: PlainObject): PlainObject {
  const out: PlainObject = {};
  for (const [k, v] of Object.entries(obj)) {
    if (v === undefined) continue;
    out[k] = isPlainObject(v) ? dropUndefined(v) : v;
  }
  return out;
}

function isPlainObject(v: unknown): v is PlainObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
