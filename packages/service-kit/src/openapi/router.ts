import express from "express";
import type { ApiDeclaration } from "./document";

export const OPENAPI_PATH = "/openapi.json";

/**
 * `GET /openapi.json`: the service's own document (its public operations and its internal ones,
 * marked `x-internal`). Built once, on the first request: the declarations do not change while
 * the process runs. The gateway merges the public part into `/api/docs`.
 */
export function openApiRouter(api: ApiDeclaration): express.Router {
  const r = express.Router();
  let body: string | undefined;
  r.get(OPENAPI_PATH, (_req, res) => {
    body ??= JSON.stringify(api.document());
    res.setHeader("Cache-Control", "no-cache");
    res.type("application/json").send(body);
  });
  return r;
}
