import "./express-augment";

export * from "./app";
export * from "./config";
export * from "./context";
export * from "./errors";
export * from "./health";
export * from "./http-client";
export * from "./logger";
export * from "./access-lines";
export * from "./metrics";
export * from "./server";
export * from "./client-errors";
export * from "./idempotency";
export * from "./retention";
export * from "./runtime";
export * from "./openapi";
