import type express from "express";
import { createTokenVerifier } from "@preprint/auth";
import { createServiceApp, type Logger, type ReadinessCheck, type ServiceApp } from "@preprint/service-kit";
import type { Config } from "./config";
import type { PrismaClient } from "./db/client";
import { customerRoutes } from "./http/customer";
import { internalRoutes } from "./http/internal";
import { internalFileRoutes } from "./http/internal-files";
import { publicRoutes } from "./http/public";
import { staffRoutes } from "./http/staff";
import { uploadRoutes } from "./http/uploads";
import type { FileStorage } from "./storage/storage";
import { PdfInspector } from "./uploads/inspector";
import { domainIdsFromPath } from "@preprint/telemetry";
import { SPAN_ID_RULES } from "./telemetry/metrics";

export interface Deps {
  config: Config;
  prisma: PrismaClient;
  storage: FileStorage;
  logger: Logger;
  /** the clock; tests move it */
  now?: () => Date;
  readiness?: Record<string, ReadinessCheck>;
}

export interface Ctx extends Required<Omit<Deps, "readiness">> {
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

export function buildApp(deps: Deps): ServiceApp & { ctx: Ctx } {
  const ctx: Ctx = {
    config: deps.config,
    prisma: deps.prisma,
    storage: deps.storage,
    logger: deps.logger,
    now: deps.now ?? (() => new Date()),
    verifyUser: createTokenVerifier(deps.config.JWT_SECRET),
    verifyService: createTokenVerifier(deps.config.INTERNAL_JWT_SECRET),
    uploads: {
      inspector: new PdfInspector({
        concurrency: deps.config.PDF_INSPECT_CONCURRENCY,
        queue: deps.config.PDF_INSPECT_QUEUE,
        timeoutMs: deps.config.PDF_INSPECT_TIMEOUT_MS,
        heapMb: deps.config.PDF_INSPECT_HEAP_MB,
        maxDecodedBytes: deps.config.PDF_MAX_DECODED_BYTES,
      }, deps.logger),
      inFlight: 0,
      inspecting: new Map(),
    },
  };
  const svc = createServiceApp({
    service: "reservation",
    logger: deps.logger,
    readiness: deps.readiness ?? { database: () => deps.prisma.$queryRawUnsafe("SELECT 1") },
    routes: (app: express.Express) => {
      app.use(domainIdsFromPath(SPAN_ID_RULES));
      app.use(publicRoutes(ctx));
      app.use(uploadRoutes(ctx));
      app.use(customerRoutes(ctx));
      app.use(staffRoutes(ctx));
      app.use(internalRoutes(ctx));
      app.use(internalFileRoutes(ctx));
    },
  });
  return { ...svc, ctx };
}
