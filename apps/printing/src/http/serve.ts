import type express from "express";
import { servedPath, type HttpMethod } from "@preprint/service-kit";

/**
 * Mounts a declared operation where its callers reach it: at the served path (`/kiosk/release`,
 * what the gateway forwards `/api/kiosk/release` as) and at its public path (`/api/kiosk/release`,
 * what a print agent or kiosk pointed straight at this service asks for, as on a store's own network
 * or in tests). Nowhere else, so no route is served that the document does not list.
 */
export function serveDeclared(
  app: express.Express,
  op: { method: HttpMethod; expressPath: string },
  ...handlers: express.RequestHandler[]
): void {
  app[op.method]([servedPath(op), op.expressPath], ...handlers);
}
