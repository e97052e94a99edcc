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
    throw new AppError(
      "config_invalid",
      `The stored alert settings of council ${councilId} are invalid: save them again.`,
    );
  }
  return parsed.data;
}

/**
 * Each council's "silent after" hours (its alert setting), for the overview and council pages: one query for all.
 * A council with no saved or unreadable settings gets the default, so a bad row never hides the overview.
 * "every": only the councils that saved settings (the others take the default), without naming 10,000 ids.
 */
export async function silenceHoursOf(
  q: Kysely<Database>,
  councilIds: readonly string[] | "every",
): Promise<Map<string, number>> {
  const every = councilIds === "every";
  const out = new Map(every ? [] : councilIds.map((id) => [id, DEFAULT_ALERT_SETTINGS.silenceHours]));
  if (!every && councilIds.length === 0) return out;
  const rows = await q
    .selectFrom("settings")
    .select(["key", "value"])
    .where("key", every ? "like" : "in", every ? `${keyOf("")}%` : councilIds.map(keyOf))
    .execute();
  for (const r of rows) {
    let value: unknown;
    try {
      value = JSON.parse(r.value);
    } catch {
      continue;
    }
    const parsed = AlertSettings.safeParse(value);
    if (parsed.success) out.set(r.key.slice(keyOf("").length), parsed.data.silenceHours);
  }
  return out;
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
    throw new AppError(
      "schema_invalid",
      `Alert settings: ${issue?.path.join(".") || "value"}: ${issue?.message ?? "invalid"}`,
      {
        details: { path: issue?.path.join(".") ?? "" },
      },
    );
  }
  const value = JSON.stringify(parsed.data);
  await q
    .insertInto("settings")
    .values({ key: keyOf(councilId), value, updated_at: at.toISOString() })
    .onConflict((oc) => oc.column("key").doUpdateSet({ value, updated_at: at.toISOString() }))
    .execute();
  return parsed.data;
}
