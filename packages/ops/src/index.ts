export * from "./model";
export * from "./portone";
export * from "./checks";
export * from "./check";
export * from "./report";
export { runCli, configFrom, parseDuration } from "./cli";
