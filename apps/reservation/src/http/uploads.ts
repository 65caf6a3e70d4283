import { rm } from "node:fs/promises";
import express from "express";
import { requireAuth } from "@preprint/auth";
import { AppError, handleOperation } from "@preprint/service-kit";
import type { Ctx } from "../context";
import { BUSY_RETRY_AFTER_S } from "../uploads/inspector";
import { stage } from "../uploads/stage";
import { acceptUpload, clientGone } from "../use-cases/accept-upload";
import { getUpload } from "../use-cases/get-upload";
import { openUploadFile } from "../use-cases/open-upload-file";
import { downloadUploadOp, getUploadOp, mount, uploadOp } from "./api";
import { uploadParams } from "./schemas";
import { sendPdf } from "./send-pdf";
import { toUploadCreatedView, toUploadView } from "./views";

const isBusy = (err: unknown) => err instanceof AppError && err.code === "UPLOADS_BUSY";

export function uploadRoutes(ctx: Ctx): express.Router {
  const r = express.Router();
  const customer = requireAuth(ctx.verifyUser, "customer");
  const checks = {
    inspector: ctx.uploads.inspector,
    inspecting: ctx.uploads.inspecting,
    maxPages: ctx.config.UPLOAD_MAX_PAGES,
    perAccount: ctx.config.PDF_INSPECT_PER_ACCOUNT,
  };

  mount(
    r,
    uploadOp,
    customer,
    handleOperation(uploadOp, async (_input, req, res) => {
      const declared = Number(req.headers["content-length"] ?? 0);
      if (declared > ctx.config.UPLOAD_MAX_BYTES + 64 * 1024) {
        // refused before reading a byte. The connection stays open: closing it under a client that is
        // still sending resets it before the 413 is read; node drains the rest (bounded by requestTimeout)
        throw new AppError(413, "FILE_TOO_LARGE", `The file is larger than the limit of ${ctx.config.UPLOAD_MAX_BYTES} bytes.`, {
          maxBytes: ctx.config.UPLOAD_MAX_BYTES,
        });
      }
      // every staged file takes disk until its handler ends: refused before a byte is staged
      if (ctx.uploads.inFlight >= ctx.config.UPLOAD_MAX_IN_FLIGHT) {
        res.setHeader("Retry-After", String(BUSY_RETRY_AFTER_S));
        throw new AppError(503, "UPLOADS_BUSY", "Too many files are being received right now. Please try again in a few seconds.", {
          retryAfterSeconds: BUSY_RETRY_AFTER_S,
        });
      }
      ctx.uploads.inFlight++;
      // a client that hangs up at any point from here on frees its place: listened for before
      // staging, so a hang-up while the file is still being written is not missed
      const gone = new AbortController();
      const onClose = () => {
        if (!res.writableEnded) gone.abort(clientGone());
      };
      res.once("close", onClose);
      try {
        const staged = await stage(req, ctx.config.UPLOAD_MAX_BYTES, ctx.config.UPLOAD_TMP_DIR).catch((err) => {
          if (err instanceof AppError && err.code === "FILE_TOO_LARGE") res.setHeader("Connection", "close");
          throw err;
        });
        try {
          const row = await acceptUpload(
            { prisma: ctx.prisma, storage: ctx.storage, checks, warn: (o, msg) => req.log.warn(o, msg) },
            { ownerId: req.auth!.sub, staged, signal: gone.signal, gone: () => res.destroyed },
          );
          res.location(`/uploads/${row.id}`);
          return toUploadCreatedView(row);
        } finally {
          await rm(staged.tmpDir, { recursive: true, force: true });
        }
      } catch (err) {
        if (isBusy(err)) res.setHeader("Retry-After", String(BUSY_RETRY_AFTER_S));
        throw err;
      } finally {
        res.off("close", onClose);
        ctx.uploads.inFlight--;
      }
    }),
  );

  mount(
    r,
    getUploadOp,
    customer,
    handleOperation(getUploadOp, async ({ params }, req) =>
      toUploadView(await getUpload(ctx, { uploadId: params.uploadId, ownerId: req.auth!.sub })),
    ),
  );

  // a file is streamed, not answered through a schema
  mount(r, downloadUploadOp, customer, async (req, res) => {
    const { uploadId } = uploadParams.parse(req.params);
    sendPdf(res, await openUploadFile(ctx, { uploadId, ownerId: req.auth!.sub }));
  });

  return r;
}
