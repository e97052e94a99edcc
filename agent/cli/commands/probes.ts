// `ward probes [--json]`: every probe Ward may run, per OS, with the command a person would type.
import { parseArgs } from "node:util";
import { probeCommand } from "../../checks/framework/probe.js";
import { allProbes } from "../../checks/registry.js";
import { type CliIo, EXIT_OK } from "../io.js";

export async function probesCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { json: { type: "boolean" } }, strict: true });
  const rows = [...allProbes().values()]
    .map((p) => ({ id: p.id, os: p.os, command: probeCommand(p), description: p.description }))
    .sort((a, b) => a.os.localeCompare(b.os) || a.id.localeCompare(b.id));
  if (values.json) {
    io.out(`${JSON.stringify(rows, null, 2)}\n`);
    return EXIT_OK;
  }
  for (const r of rows) io.out(`${r.os.padEnd(8)} ${r.id.padEnd(34)} ${r.command}\n`);
  return EXIT_OK;
}
