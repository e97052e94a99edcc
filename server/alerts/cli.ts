// PLACEHOLDER until the alerts issue lands: `ward-server alerts …`.
import { AppError } from "../../shared/errors.js";
import type { Print } from "../cli/commands.js";

export async function alertsCli(_argv: string[], _print: Print): Promise<void> {
  throw new AppError("usage", "Alerts are not available in this version yet.");
}
