// `ward run --once`: one cycle, then delivery whatever the cycle did, said in plain words.
import type { AgentCore } from "../../daemon/agent-core.js";
import { plainReason } from "../../daemon/scheduler.js";
import { type CliIo, EXIT_ERROR, EXIT_OK } from "../io.js";

/**
 * One cycle, then delivery whatever the cycle did: a full disk fails the new report, but what is already in the
 * spool is still sent. Failures are said in plain words (no stack) and the exit code is not zero.
 */
export async function runOnce(core: AgentCore, io: CliIo): Promise<number> {
  await core.syncPolicy();
  let wrote = "";
  let failed: string | null = null;
  try {
    const reports = await core.cycle();
    wrote = `Checked and wrote report ${reports.map((r) => r.seq).join(", ")}`;
  } catch (err) {
    failed = plainReason(err);
    wrote = `The check could not be saved: ${failed}`;
  }
  try {
    const out = await core.deliver();
    io.out(
      `${wrote}; delivered ${out.accepted + out.duplicate}, ${out.remaining} waiting in the spool` +
        `${out.error ? ` (delivery failed: ${out.error})` : ""}.\n`,
    );
  } catch (err) {
    io.out(`${wrote}; delivery could not run: ${plainReason(err)}.\n`);
    return EXIT_ERROR;
  }
  return failed ? EXIT_ERROR : EXIT_OK;
}
