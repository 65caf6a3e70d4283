// What other packages may import from @preprint/printing (running it is dist/main.js).
export { api } from "./http/api";
export * from "./http/schemas";
export { startPrintingService, type PrintingService, type StartOptions } from "./service";
export { loadPrintingConfig, type Config } from "./config";
