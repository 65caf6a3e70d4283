export * from "./events";
export * from "./envelope";
export * from "./ids";
export * from "./event-codes";
export * from "./problem-codes";
export * from "./internal/reservations";
