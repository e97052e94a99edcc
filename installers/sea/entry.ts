// Entry of the single executable: the resident `ward run` from this small script; everything else from the whole agent.
import { runInThisContext } from "node:vm";
import { getAsset } from "node:sea";
import { isResidentRun, runResident } from "../../agent/cli/commands/run-resident.js";
import { isAppError } from "../../shared/errors.js";
import { AGENT_ASSET } from "./agent-asset.js";

interface AgentModule {
  main(argv: string[]): Promise<number>;
  installerCommand(
    argv: string[],
    io: { out(t: string): void; err(t: string): void; env: NodeJS.ProcessEnv },
  ): Promise<number>;
}

/**
 * The resident agent runs for months: it must not hold the checks, the HTTP client and the schemas, which its step
 * processes load (about 10 MB of heap for compiling the whole 2.9 MB script, measured). So the executable's main
 * script is only the resident part, and the whole agent is an asset that every other command compiles when it starts.
 */
function loadAgent(): AgentModule {
  const source = getAsset(AGENT_ASSET, "utf8");
  const wrapper = runInThisContext(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: AGENT_ASSET,
  }) as (e: object, r: NodeJS.Require, m: { exports: object }, f: string, d: string) => void;
  const mod = { exports: {} };
  wrapper(mod.exports, require, mod, __filename, __dirname);
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
