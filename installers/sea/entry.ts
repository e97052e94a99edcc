// Entry of the single executable: the resident `ward run` from this small script; everything else from the whole agent.
import { Script } from "node:vm";
import { getRawAsset } from "node:sea";
import { isResidentRun, runResident } from "../../agent/cli/commands/run-resident.js";
import { isAppError } from "../../shared/errors.js";
import { AGENT_ASSET } from "./agent-asset.js";
import { CODE_CACHE_ENV } from "../../agent/daemon/step-process.js";
import { codeCacheFile, readCodeCache, writeCodeCache } from "./code-cache.js";

interface AgentModule {
  main(argv: string[]): Promise<number>;
  installerCommand(
    argv: string[],
    io: { out(t: string): void; err(t: string): void; env: NodeJS.ProcessEnv },
  ): Promise<number>;
}

/**
 * The resident agent runs for months: it must not hold the checks, the HTTP client and the schemas, which its step
 * processes load (about 10 MB of heap for compiling the whole 2 MB script, measured). So the executable's main
 * script is only the resident part, and the whole agent is an asset that every other command compiles when it starts.
 * The asset is the module already wrapped in a function and ASCII only (installers/lib/bundle.ts): read from the
 * executable's own pages without a copy, it is one 1-byte string. A step of the service also keeps V8's code cache
 * of it in the state folder (CODE_CACHE_ENV): made by the first step, then taken instead of compiling again.
 */
function loadAgent(): AgentModule {
  const raw = new Uint8Array(getRawAsset(AGENT_ASSET) as ArrayBuffer);
  const source = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString("latin1");
  const dir = process.env[CODE_CACHE_ENV];
  const cacheFile = dir ? codeCacheFile(dir, raw) : null;
  const cachedData = cacheFile ? readCodeCache(cacheFile, warnOnStderr) : undefined;
  const script = new Script(source, { filename: AGENT_ASSET, ...(cachedData ? { cachedData } : {}) });
  const wrapper = script.runInThisContext() as (
    e: object,
    r: NodeJS.Require,
    m: { exports: object },
    f: string,
    d: string,
  ) => void;
  const mod = { exports: {} };
  wrapper(mod.exports, require, mod, __filename, __dirname);
  // Made as soon as the module has run, not after the command: serialising on top of a whole cycle's heap put the
  // first step after an install 3 MB higher (80.6 MB against 77.5 measured); later cycles take about as little CPU.
  if (cacheFile !== null && (!cachedData || script.cachedDataRejected === true)) {
    writeCodeCache(cacheFile, script.createCachedData());
  }
  return mod.exports as AgentModule;
}

const argv = process.argv.slice(2);
const done = isResidentRun(argv)
  ? runResident(argv.slice(1)).catch((err: unknown) => {
      const usage = err instanceof TypeError && String((err as { code?: unknown }).code).startsWith("ERR_PARSE_ARGS");
      process.stderr.write(
        isAppError(err) || usage
          ? `ward run: ${(err as Error).message} (see "ward help")\n`
          : `ward: internal error: ${(err as Error).stack ?? String(err)}\n`,
      );
      return 2;
    })
  : argv[0] === "installer"
    ? loadAgent().installerCommand(argv.slice(1), { ...processStreams(), env: process.env })
    : loadAgent().main(argv);
done.then((code) => {
  process.exitCode = code;
});

/** A step's stderr is the service's own output (the journal, service-output.log on Windows, the macOS log file). */
function warnOnStderr(message: string): void {
  try {
    process.stderr.write(`ward: ${message}\n`);
  } catch {
    // nowhere to report to
  }
}

/**
 * An installer's custom action may start us without usable stdout/stderr (msiexec under Wine gives invalid handles):
 * a failed write must not turn a successful step into exit code 1.
 */
function processStreams() {
  const safe = (stream: NodeJS.WriteStream) => (text: string) => {
    try {
      stream.write(text);
    } catch {
      // nowhere to report to
    }
  };
  process.stdout.on("error", () => {});
  process.stderr.on("error", () => {});
  return { out: safe(process.stdout), err: safe(process.stderr) };
}
