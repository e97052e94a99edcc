// `ward enroll --server URL --token TOKEN`: registers this device with the collector and pins its key.
import { parseArgs } from "node:util";
import { AppError } from "../../../shared/errors.js";
import { createRuntime, enrollRuntime } from "../../daemon/runtime.js";
import { type CliIo, EXIT_OK } from "../io.js";
import { COMMON_FLAGS, commonFlags } from "./common-flags.js";

export async function enrollCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { ...COMMON_FLAGS, server: { type: "string" }, token: { type: "string" }, json: { type: "boolean" } },
    strict: true,
  });
  const rt = await createRuntime(
    { ...commonFlags(values), serverUrl: values.server, enrollToken: values.token },
    { console: false, files: true },
  );
  try {
    const { serverUrl, enrollToken } = rt.config;
    if (!serverUrl || !enrollToken) {
      throw new AppError(
        "usage",
        "Enrolment needs the collector's address and a token: ward enroll --server URL --token TOKEN.",
      );
    }
    const enrollment = await enrollRuntime(rt, serverUrl, enrollToken);
    if (values.json) io.out(`${JSON.stringify(enrollment, null, 2)}\n`);
    else io.out(`Enrolled with ${enrollment.councilName} at ${serverUrl} as ${enrollment.deviceId}.\n`);
    return EXIT_OK;
  } finally {
    await rt.log.close();
  }
}
