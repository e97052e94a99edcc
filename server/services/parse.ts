// Parses a request body with a zod schema; a failure is a 400 that names the path of the bad field.
import type { z } from "zod";
import { AppError } from "../../shared/errors.js";
import { formatZodError } from "../../shared/zod-error.js";

export function parseWith<S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const first = parsed.error.issues[0];
  throw new AppError(
    "schema_invalid",
    `The ${what} is ${formatZodError(parsed.error)}. Fix the request and send it again.`,
    {
      details: { path: first ? first.path.map(String) : [] },
    },
  );
}
