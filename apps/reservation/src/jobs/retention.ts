import type { JobSpec, Logger } from "@preprint/service-kit";
import type { PrismaClient } from "../db/client";
import type { FileStorage } from "../storage/storage";
import { purgeExpiredFiles, type RetentionOptions } from "../use-cases/purge-expired-files";

/** Deletes uploaded files past their retention every `intervalMs`. */
export function fileRetentionJob(
  prisma: PrismaClient,
  storage: FileStorage,
  opts: RetentionOptions,
  intervalMs: number,
  logger: Logger,
): JobSpec {
  return {
    name: "retention",
    intervalMs,
    async run() {
      const n = await purgeExpiredFiles({ prisma, storage }, opts);
      if (n > 0) logger.info({ deleted: n }, "deleted files past retention");
    },
  };
}
