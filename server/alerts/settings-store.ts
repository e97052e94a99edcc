// Reads and writes a council's alert settings (one JSON row in `settings`, so every instance sees the same).
import type { Kysely } from "kysely";
import { AppError } from "../../shared/errors.js";
import type { Database } from "../db/schema.js";
import { getSetting } from "../stores/settings-store.js";
import { AlertSettings, type AlertSettingsInput, DEFAULT_ALERT_SETTINGS } from "./settings.js";

const keyOf = (councilId: string) => `alerts.council.${councilId}`;

/** The council's settings, defaults filled in; the defaults when none were saved. */
export async function getAlertSettings(q: Kysely<Database>, councilId: string): Promise<AlertSettings> {
  const raw = await getSetting(q, keyOf(councilId));
  if (raw === undefined) return DEFAULT_ALERT_SETTINGS;
  const parsed = AlertSettings.safeParse(JSON.parse(raw));
  if (!parsed.success) {
    throw new AppError("config_invalid", `The stored alert settings of council ${councilId} are invalid: save them again.`);
  }
  return parsed.data;
}

/** Validates and replaces the council's settings; returns what is stored. Throws schema_invalid on bad input. */
export async function setAlertSettings(
  q: Kysely<Database>,
  councilId: string,
  settings: AlertSettingsInput,
  at: Date = new Date(),
): Promise<AlertSettings> {
  const parsed = AlertSettings.safeParse(settings);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError("schema_invalid", `Alert settings: ${issue?.path.join(".") || "value"}: ${issue?.message ?? "invalid"}`, {
      details: { path: issue?.path.join(".") ?? "" },
    });
  }
  const value = JSON.stringify(parsed.data);
  await q
    .insertInto("settings")
    .values({ key: keyOf(councilId), value, updated_at: at.toISOString() })
    .onConflict((oc) => oc.column("key").doUpdateSet({ value, updated_at: at.toISOString() }))
    .execute();
  return parsed.data;
}
