import type express from "express";
import { openApiRouter } from "@preprint/service-kit";
import { domainIdsFromPath } from "@preprint/telemetry";
import type { Ctx } from "../context";
import { SPAN_ID_RULES } from "../telemetry/metrics";
import { api } from "./api";
import { customerRoutes } from "./customer";
import { internalRoutes } from "./internal";
import { publicRoutes } from "./public";
import { staffRoutes } from "./staff";
import { uploadRoutes } from "./uploads";

/** Every route of the service (served without `/api`: the gateway strips it) and GET /openapi.json describing them. */
export function mountRoutes(app: express.Express, ctx: Ctx): void {
  app.use(domainIdsFromPath(SPAN_ID_RULES));
  app.use(openApiRouter(api));
  app.use(publicRoutes(ctx));
  app.use(uploadRoutes(ctx));
  app.use(customerRoutes(ctx));
  app.use(staffRoutes(ctx));
  app.use(internalRoutes(ctx));
}
