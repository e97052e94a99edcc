// Cursor pagination: an opaque cursor holds the last row's sort key; the next page starts strictly after it.
import { type SelectQueryBuilder, sql } from "kysely";
import { z } from "zod";
import { AppError } from "../../shared/errors.js";

export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100).describe("Items per page (1 to 500)."),
  cursor: z.string().max(400).optional().describe("The nextCursor of the previous page; omit for the first page."),
});
export type PageQuery = z.infer<typeof PageQuery>;

export function page<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    nextCursor: z.string().nullable().describe("Pass as ?cursor= for the next page; null on the last page."),
  });
}

export function encodeCursor(key: string[]): string {
  return Buffer.from(JSON.stringify(key)).toString("base64url");
}

/** The sort key of a cursor made by encodeCursor, with `n` parts; a 400 for anything else. */
export function decodeCursor(cursor: string | undefined, n: number): string[] | null {
  if (cursor === undefined) return null;
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (Array.isArray(v) && v.length === n && v.every((x) => typeof x === "string")) return v as string[];
  } catch {}
  throw new AppError(
    "usage",
    "That cursor is not one this API gave out: pass nextCursor from the previous page unchanged.",
  );
}

/** Rows fetched with limit + 1: the page, and the cursor of its last row when there is more. */
export function paged<R>(rows: R[], limit: number, key: (r: R) => string[]): { rows: R[]; nextCursor: string | null } {
  const more = rows.length > limit;
  const kept = more ? rows.slice(0, limit) : rows;
  const last = kept[kept.length - 1];
  return { rows: kept, nextCursor: more && last ? encodeCursor(key(last)) : null };
}

export type Page<O> = { rows: O[]; nextCursor: string | null };

/**
 * One page of a list newest first by (time column, id): the rows strictly after the cursor's (time, id). The builder
 * selects from one table (the columns are named unqualified) and has its filters already.
 */
export async function newestFirstPage<DB, TB extends keyof DB, O extends { id: string }>(
  qb: SelectQueryBuilder<DB, TB, O>,
  time: keyof O & string,
  query: PageQuery,
): Promise<Page<O>> {
  const after = decodeCursor(query.cursor, 2);
  const t = sql.ref(time);
  const id = sql.ref("id");
  let q = qb
    .orderBy(t, "desc")
    .orderBy(id, "desc")
    .limit(query.limit + 1);
  if (after) q = q.where(sql<boolean>`(${t} < ${after[0]} or (${t} = ${after[0]} and ${id} < ${after[1]}))`);
  return paged(await q.execute(), query.limit, (r) => [String(r[time]), r.id]);
}

/** One page of a list in id order: the rows whose id is after the cursor's. */
export async function byIdPage<DB, TB extends keyof DB, O extends { id: string }>(
  qb: SelectQueryBuilder<DB, TB, O>,
  query: PageQuery,
): Promise<Page<O>> {
  const after = decodeCursor(query.cursor, 1);
  const id = sql.ref("id");
  let q = qb.orderBy(id).limit(query.limit + 1);
  if (after) q = q.where(sql<boolean>`${id} > ${after[0]}`);
  return paged(await q.execute(), query.limit, (r) => [r.id]);
}

/** A page's rows as the API shows them. */
export function itemsOf<O, T>(page: Page<O>, out: (row: O) => T): { items: T[]; nextCursor: string | null } {
  return { items: page.rows.map(out), nextCursor: page.nextCursor };
}
