// GET /dashboard/api/overview: the overview as JSON, one page of councils worst first (the HTML overview's queries).
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { AppError } from "../../../shared/errors.js";
import { formatZodError } from "../../../shared/zod-error.js";
import type { ServiceContext } from "../../services/context.js";
import { type DashUser, isProvider } from "../access.js";
import { BASE } from "../layout.js";
import { ESTATE_PAGE_SIZE, type EstateTotals, estatePage } from "../queries/estate.js";
import { type CouncilSummary, overview } from "../queries/overview.js";
import { requireUser } from "../request-context.js";

export const OVERVIEW_API = `${BASE}/api/overview`;
export const MAX_LIMIT = 200;
const MAX_PAGE = 10_000;

const ACCEPTED =
  `q (part of a council's name, at most 100 characters), page (a whole number from 1 to ${MAX_PAGE}) and limit ` +
  `(councils a page, a whole number from 1 to ${MAX_LIMIT}; ${ESTATE_PAGE_SIZE} when left out), each at most once`;

const wholeNumber = (name: string, max: number, fallback: number) => {
  const says = `${name} must be a whole number from 1 to ${max}, given once`;
  return z
    .string({ error: says })
    .regex(/^[0-9]{1,6}$/, { error: says })
    .transform(Number)
    .pipe(z.number().min(1, { error: says }).max(max, { error: says }))
    .default(fallback);
};

/** The query string: anything else (an unknown name, a value given twice, a page that is not a number) is a 400. */
export const OverviewApiQuery = z.strictObject(
  {
    q: z
      .string({ error: "q must be given once, as text" })
      .max(100, { error: "q must be at most 100 characters" })
      // Control characters (NUL among them, which PostgreSQL refuses in text) are in no council's name.
      .regex(/^[^\u0000-\u001f\u007f]*$/, { error: "q must not contain control characters" })
      .transform((s) => s.trim())
      .default(""),
    page: wholeNumber("page", MAX_PAGE, 1),
    limit: wholeNumber("limit", MAX_LIMIT, ESTATE_PAGE_SIZE),
  },
  {
    error: (iss) =>
      iss.code === "unrecognized_keys" ? `${iss.keys.join(", ")} is not a parameter of this API` : undefined,
  },
);
export type OverviewApiQuery = z.infer<typeof OverviewApiQuery>;

/** A council on the page: its summary (per-control counts, open events by kind) and its laptops counted once each. */
export interface OverviewApiCouncil extends CouncilSummary {
  failing: number;
  unknown: number;
  noResults: number;
}

export interface OverviewApiAnswer {
  /** The whole estate's (a council's own people: their council's). */
  totals: EstateTotals;
  search: string;
  page: number;
  limit: number;
  /** Councils matching the search (every council without one); `pages` of `limit`. */
  matching: number;
  pages: number;
  /** The next page's URL, or null on the last page. */
  next: string | null;
  /** Worst first: the most laptops failing, then integrity events, silent, unknown, then by name. */
  councils: OverviewApiCouncil[];
}

export function parseOverviewApiQuery(qs: unknown): OverviewApiQuery {
  const parsed = OverviewApiQuery.safeParse(qs ?? {});
  if (parsed.success) return parsed.data;
  throw new AppError(
    "usage",
    `The overview's query string is ${formatZodError(parsed.error)}. Send ${ACCEPTED}; for example ${OVERVIEW_API}?q=parish&page=2&limit=50.`,
  );
}

export function pageUrl(wanted: OverviewApiQuery, page: number): string {
  const qs = new URLSearchParams();
  if (wanted.q) qs.set("q", wanted.q);
  qs.set("page", String(page));
  if (wanted.limit !== ESTATE_PAGE_SIZE) qs.set("limit", String(wanted.limit));
  return `${OVERVIEW_API}?${qs.toString()}`;
}

export async function overviewAnswer(
  ctx: ServiceContext,
  user: DashUser,
  wanted: OverviewApiQuery,
): Promise<OverviewApiAnswer> {
  const q = ctx.db.kysely;
  const now = ctx.clock.now();
  // A council's people see their own council only; one without a council sees none ("-" is no council's id).
  const council = isProvider(user) ? null : (user.councilId ?? "-");
  const estate = await estatePage(q, now, { search: wanted.q, page: wanted.page, size: wanted.limit, council });
  const summaries = new Map(
    (
      await overview(
        q,
        now,
        estate.councils.map((c) => c.id),
      )
    ).map((s) => [s.id, s]),
  );
  const pages = Math.max(1, Math.ceil(estate.matching / wanted.limit));
  return {
    totals: estate.totals,
    search: wanted.q,
    page: wanted.page,
    limit: wanted.limit,
    matching: estate.matching,
    pages,
    next: wanted.page < pages ? pageUrl(wanted, wanted.page + 1) : null,
    councils: estate.councils.flatMap((rank) => {
      const s = summaries.get(rank.id);
      return s ? [{ ...s, failing: rank.failing, unknown: rank.unknown, noResults: rank.noResults }] : [];
    }),
  };
}

export function registerOverviewApi(app: FastifyInstance, ctx: ServiceContext): void {
  app.get(OVERVIEW_API, async (request) => {
    const { user } = requireUser(request);
    return overviewAnswer(ctx, user, parseOverviewApiQuery(request.query));
  });
}
