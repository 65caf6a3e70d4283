export { createGateway, type Gateway, type GatewayDeps } from "./gateway";
export { readConfig, testConfig, configShape, type GatewayConfig } from "./config";
export { buildOpenApiDocument } from "./openapi/document";
export * as authSchemas from "./accounts/schemas";
