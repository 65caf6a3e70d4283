export * from "./tcp-proxy";
export * from "./wait";
export * from "./database";
export * from "./hostile-pdf";
