import type { Logger } from "./logger";

// Per-request fields the kit adds; declared once here so every service sees them.
declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      id: string;
      log: Logger;
      rawBody?: Buffer;
    }
  }
}

export {};
