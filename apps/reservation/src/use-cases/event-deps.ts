import type { PrismaClient } from "../db/client";

/** What a use case driven by a consumed event gets. */
export interface EventDeps {
  prisma: PrismaClient;
  now: () => Date;
  /** a warning about this event (its id and type are added) */
  warn: (msg: string, o?: object) => void;
}
