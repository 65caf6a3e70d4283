import { createTokenVerifier } from "@preprint/auth";
import type { Logger } from "@preprint/service-kit";
import type { Config } from "./config";
import type { PrismaClient } from "./db/client";
import type { FileStorage } from "./storage/storage";
import { PdfInspector } from "./uploads/inspector";

/** What the routes get: configuration, adapters, the clock and the upload admission state. */
export interface Ctx {
  config: Config;
  prisma: PrismaClient;
  storage: FileStorage;
  logger: Logger;
  /** the clock; tests move it */
  now: () => Date;
  uploads: {
    inspector: PdfInspector;
    /** upload requests whose handler has not finished (receiving, checking or storing) */
    inFlight: number;
    /** per account: its files being checked or waiting for a worker */
    inspecting: Map<string, number>;
  };
  verifyUser: ReturnType<typeof createTokenVerifier>;
  verifyService: ReturnType<typeof createTokenVerifier>;
}

export function createContext(deps: { config: Config; prisma: PrismaClient; storage: FileStorage; logger: Logger; now?: () => Date }): Ctx {
  const { config } = deps;
  return {
    config,
    prisma: deps.prisma,
    storage: deps.storage,
    logger: deps.logger,
    now: deps.now ?? (() => new Date()),
    verifyUser: createTokenVerifier(config.JWT_SECRET),
    verifyService: createTokenVerifier(config.INTERNAL_JWT_SECRET),
    uploads: {
      inspector: new PdfInspector(
        {
          concurrency: config.PDF_INSPECT_CONCURRENCY,
          queue: config.PDF_INSPECT_QUEUE,
          timeoutMs: config.PDF_INSPECT_TIMEOUT_MS,
          heapMb: config.PDF_INSPECT_HEAP_MB,
          maxDecodedBytes: config.PDF_MAX_DECODED_BYTES,
        },
        deps.logger,
      ),
      inFlight: 0,
      inspecting: new Map(),
    },
  };
}
