// Reads stored facts with a control's schema, field by field: unknown fields are dropped, a bad or missing one is left out.
import { z } from "zod";

/** What a tolerant read gives: every field optional, arrays keep only the elements that read. */
export type Tolerant<T> = T extends readonly (infer E)[]
  ? Tolerant<E>[]
  : T extends string | number | boolean | null | undefined
    ? T
    : { [K in keyof T]?: Tolerant<T[K]> };

/**
 * `schema` applied to `value` without letting one bad field spoil the rest: objects are read key by key, arrays
 * element by element, and anything that does not parse comes back as undefined ("not known"), never as a default.
 */
export function readTolerant<T>(schema: z.ZodType<T>, value: unknown): Tolerant<T> | undefined {
  return read(schema, value) as Tolerant<T> | undefined;
}

function read(schema: z.ZodType, value: unknown): unknown {
  if (schema instanceof z.ZodOptional)
    return value === undefined ? undefined : read(schema.unwrap() as z.ZodType, value);
  if (schema instanceof z.ZodNullable) return value === null ? null : read(schema.unwrap() as z.ZodType, value);
  if (schema instanceof z.ZodObject) {
    if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
    const out: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(schema.shape as Record<string, z.ZodType>)) {
      const v = read(field, (value as Record<string, unknown>)[key]);
      if (v !== undefined) out[key] = v;
    }
    return out;
  }
  if (schema instanceof z.ZodArray) {
    if (!Array.isArray(value)) return undefined;
    return value.map((item) => read(schema.element as z.ZodType, item)).filter((item) => item !== undefined);
  }
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}
