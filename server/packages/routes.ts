// GET /downloads/<file>: the agent packages from this collector's dist/ folder, for the enrolment commands to fetch.
// No sign-in (the packages are the public agent and hold no secret; the token travels only in the command), and
// only the known package names: anything else is 404, like a file that is not built.
import type { FastifyInstance } from "fastify";
import { AppError } from "../../shared/errors.js";
import type { ServiceContext } from "../services/context.js";
import { distDirOf, findPackage, kindOfName, openPackageFile } from "./agent-packages.js";

export const DOWNLOADS = "/downloads";

export function registerDownloads(app: FastifyInstance, ctx: ServiceContext): void {
  const dir = distDirOf(ctx.config);
  app.get<{ Params: { name: string } }>(`${DOWNLOADS}/:name`, async (request, reply) => {
    const pkg = await findPackage(dir, request.params.name);
    // Opened without following links: a file swapped for a symlink after the listing is refused too.
    const handle = pkg ? await openPackageFile(pkg.path) : undefined;
    if (!pkg || !handle) throw new AppError("not_found", "No such package on this collector.");
    return reply
      .type(kindOfName(pkg.name)?.contentType ?? "application/octet-stream")
      .header("content-disposition", `attachment; filename="${pkg.name}"`)
      .header("content-length", String(pkg.size))
      .header("x-content-type-options", "nosniff")
      .header("cache-control", "no-cache")
      .send(handle.createReadStream());
  });
}
