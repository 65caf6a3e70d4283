export function buildOpenApiDocument(): unknown {
  return { openapi: "3.1.0", info: { title: "preprint", version: "1" }, paths: {} };
}
