export { createGateway, type Gateway, type GatewayDeps } from "./gateway";
export { readConfig, testConfig, configShape, type GatewayConfig } from "./config";
export { gatewayApi } from "./openapi/gateway-api";
export { mergePublicDocument, publicDocs, PUBLIC_API_INFO, TAG_ORDER } from "./openapi/public-docs";
export * as authSchemas from "./accounts/schemas";
