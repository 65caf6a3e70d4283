export * from "./events";
export * from "./envelope";
export * from "./ids";
