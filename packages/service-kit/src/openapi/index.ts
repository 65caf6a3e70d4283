export * from "./operation";
export * from "./json-schema";
export * from "./problem";
export * from "./document";
export * from "./respond";
export * from "./router";
