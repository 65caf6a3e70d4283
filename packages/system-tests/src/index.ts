export * from "./system";
export * from "./mail";
export * from "./otlp";
export * from "./api";
export * from "./contract";
