// PLACEHOLDER until the dashboard issue lands: `ward-server user …`.
import { AppError } from "../../shared/errors.js";
import type { Print } from "../cli/commands.js";

export async function userCli(_argv: string[], _print: Print): Promise<void> {
  throw new AppError("usage", "Dashboard users are not available in this version yet.");
}
