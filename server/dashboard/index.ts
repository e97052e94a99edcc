// PLACEHOLDER until the dashboard issue lands: registers the dashboard's pages on the collector's Fastify app.
import type { FastifyInstance } from "fastify";
import type { ServiceContext } from "../services/context.js";

export async function registerDashboard(_app: FastifyInstance, _ctx: ServiceContext): Promise<void> {}
