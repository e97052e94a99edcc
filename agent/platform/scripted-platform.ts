// A Platform for tests: answers commands and files from a script; anything not scripted fails loudly.
import type { OsPlatform } from "../../shared/schemas/control.js";
import type { ExecResult, Platform } from "./platform.js";

export type ScriptedAnswer = Partial<ExecResult> | (() => Partial<ExecResult>);

export interface ScriptedPlatform extends Platform {
  /** Commands run so far, as "file arg arg". */
  calls: string[];
  answer(command: string, result: ScriptedAnswer): void;
  file(path: string, content: string | null): void;
}

export function scriptedPlatform(os: OsPlatform): ScriptedPlatform {
  const commands = new Map<string, ScriptedAnswer>();
  const files = new Map<string, string | null>();
  const calls: string[] = [];
  return {
    os,
    calls,
    answer: (command, result) => void commands.set(command, result),
    file: (path, content) => void files.set(path, content),
    async exec(file, args) {
      const key = [file, ...args].join(" ");
      calls.push(key);
      const scripted = commands.get(key);
      if (scripted === undefined) throw new Error(`no scripted answer for command: ${key}`);
      const r = typeof scripted === "function" ? scripted() : scripted;
      return { stdout: "", stderr: "", exitCode: 0, timedOut: false, ...r };
    },
    async readFile(path) {
      if (!files.has(path)) throw new Error(`no scripted file: ${path}`);
      return files.get(path) ?? null;
    },
    async listDir(path) {
      const prefix = path.endsWith("/") ? path : `${path}/`;
      const names = [...files.keys()]
        .filter((p) => p.startsWith(prefix))
        .map((p) => p.slice(prefix.length).split("/")[0]!);
      return names.length ? [...new Set(names)] : null;
    },
  };
}
