import type { RequestHandler, Router } from "express";
import type { HttpMethod } from "./openapi";

/**
 * A service's public operations are declared with their public path (`/api/notifications/…`: the
 * document the gateway merges into /api/docs), but the gateway forwards `/api/<rest>` to the
 * service as `/<rest>` (apps/gateway/src/proxy). This is the path the service itself serves.
 */
export function servedPath(op: { expressPath: string }): string {
  return op.expressPath.replace(/^\/api(?=\/)/, "");
}

/**
 * `mountOperation` for a service behind the gateway: mounts `handlers` at the operation's method
 * and served path, so a route cannot be served anywhere its declaration does not say.
 */
export function serveOperation(router: Router, op: { method: HttpMethod; expressPath: string }, ...handlers: RequestHandler[]): void {
  router[op.method](servedPath(op), ...handlers);
}
