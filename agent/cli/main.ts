// The `ward` command line: dispatches subcommands and turns errors into a message and exit code 2.
import { isAppError } from "../../shared/errors.js";
import { type CliIo, EXIT_ERROR, EXIT_OK, processIo } from "./io.js";

const USAGE = `Usage: ward <command> [options]

Commands:
  check [--json] [--policy FILE] [--capture DIR | --replay DIR]
                      Check this laptop now and print the results (nothing is sent).
  probes [--json]     List every probe Ward may run on each operating system.
  enroll --server URL --token TOKEN
                      Register this device with the council's collector (token from the IT provider).
  run [--once]        Run the agent: check every 15 minutes, keep reports safe, deliver them.
  status [--json] [--show-report]
                      What Ward knows and last sent about this device.

Every command but check/probes takes --state-dir DIR, --config FILE, --log-dir DIR, --log-level LEVEL.
  help                Show this help.

Exit codes: 0 nothing failed, 1 a control failed, 2 usage or internal error.
`;

type Command = (argv: string[], io: CliIo) => Promise<number>;

/**
 * Each command is loaded when it is run, not before: `ward run` stays resident for months and must not hold the
 * checks, the HTTP client or the schemas it hands to its short-lived step processes (agent/daemon/step-process.ts).
 */
const COMMANDS: Record<string, () => Promise<Command>> = {
  check: async () => (await import("./commands/check.js")).checkCommand,
  probes: async () => (await import("./commands/probes.js")).probesCommand,
  enroll: async () => (await import("./commands/enroll.js")).enrollCommand,
  run: async () => (await import("./commands/run.js")).runCommand,
  status: async () => (await import("./commands/status.js")).statusCommand,
};

export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "help" || name === "--help" || name === "-h") {
    io.out(USAGE);
    return name ? EXIT_OK : EXIT_ERROR;
  }
  const load = COMMANDS[name];
  if (!load) {
    io.err(`ward: unknown command "${name}".\n\n${USAGE}`);
    return EXIT_ERROR;
  }
  try {
    return await (await load())(rest, io);
  } catch (err) {
    if (isAppError(err)) io.err(`ward: ${err.message}\n`);
    else if (err instanceof TypeError && "code" in err && String(err.code).startsWith("ERR_PARSE_ARGS")) {
      io.err(`ward ${name}: ${err.message}\n\n${USAGE}`);
    } else io.err(`ward: internal error: ${(err as Error).stack ?? String(err)}\n`);
    return EXIT_ERROR;
  }
}
