export { buildApp } from "./app";
export { createPaymentService } from "./service";
export { loadPaymentConfig } from "./config";
export * from "./http/schemas";
