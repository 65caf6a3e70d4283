import { open, rm } from "node:fs/promises";
import express from "express";
import { requireAuth } from "@preprint/auth";
import { newId } from "@preprint/contracts";
import { AppError, notFound } from "@preprint/service-kit";
import type { Ctx } from "../app";
import { looksLikePdf, type PdfInspection } from "../domain/pdf";
import { FileMissingError } from "../storage/storage";
import { BUSY_RETRY_AFTER_S } from "../uploads/inspector";
import { stage } from "../uploads/stage";

function busy(res: express.Response, detail = "Too many files are being received right now. Please try again in a few seconds."): AppError {
  res.setHeader("Retry-After", String(BUSY_RETRY_AFTER_S));
  return new AppError(503, "UPLOADS_BUSY", detail, { retryAfterSeconds: BUSY_RETRY_AFTER_S });
}

export function uploadRoutes(ctx: Ctx): express.Router {
  const r = express.Router();
  const customer = requireAuth(ctx.verifyUser, "customer");

  r.post("/uploads", customer, async (req, res) => {
    const declared = Number(req.headers["content-length"] ?? 0);
    if (declared > ctx.config.UPLOAD_MAX_BYTES + 64 * 1024) {
      // refused before reading a byte. The connection stays open: closing it under a client that is
      // still sending resets it before the 413 is read; node drains the rest (bounded by requestTimeout)
      throw new AppError(413, "FILE_TOO_LARGE", `The file is larger than the limit of ${ctx.config.UPLOAD_MAX_BYTES} bytes.`, { maxBytes: ctx.config.UPLOAD_MAX_BYTES });
    }
    // every staged file takes disk until its handler ends: refused before a byte is staged
    if (ctx.uploads.inFlight >= ctx.config.UPLOAD_MAX_IN_FLIGHT) throw busy(res);
    ctx.uploads.inFlight++;
    // a client that hangs up at any point from here on frees its place: listened for before
    // staging, so a hang-up while the file is still being written is not missed
    const gone = new AbortController();
    const onClose = () => {
      if (!res.writableEnded) gone.abort(new AppError(400, "UPLOAD_ABORTED", "The client went away."));
    };
    res.once("close", onClose);
    try {
      await receive(req, res, gone.signal);
    } finally {
      res.off("close", onClose);
      ctx.uploads.inFlight--;
    }
  });

  async function receive(req: express.Request, res: express.Response, gone: AbortSignal): Promise<void> {
    const staged = await stage(req, ctx.config.UPLOAD_MAX_BYTES, ctx.config.UPLOAD_TMP_DIR).catch((err) => {
      if (err instanceof AppError && err.code === "FILE_TOO_LARGE") res.setHeader("Connection", "close");
      throw err;
    });
    try {
      const fh = await open(staged.file, "r");
      const head = Buffer.alloc(1024);
      const { bytesRead } = await fh.read(head, 0, 1024, 0);
      await fh.close();
      if (!looksLikePdf(head.subarray(0, bytesRead))) throw new AppError(415, "NOT_A_PDF", "The file is not a PDF.");
      const ownerId = req.auth!.sub;
      const result = await inspectFor(ownerId, staged.file, gone, res);
      if (!result.ok) throw new AppError(result.problem === "NOT_A_PDF" ? 415 : 422, result.problem, result.detail);
      if (result.pages > ctx.config.UPLOAD_MAX_PAGES) {
        throw new AppError(422, "PDF_TOO_MANY_PAGES", `The PDF has ${result.pages} pages; at most ${ctx.config.UPLOAD_MAX_PAGES} are accepted.`);
      }
      const id = newId("upl");
      const storageKey = `${ownerId.replace(/[^A-Za-z0-9_-]/g, "_")}/${id}.pdf`;
      await ctx.storage.putFile(storageKey, staged.file, staged.sizeBytes, "application/pdf");
      const row = await ctx.prisma.upload
        .create({
          data: { id, ownerId, fileName: staged.fileName, pages: result.pages, sizeBytes: staged.sizeBytes, sha256: staged.sha256, storageKey },
        })
        .catch(async (err: unknown) => {
          // without a row the retention job would never find the object: remove it now
          await ctx.storage.delete(storageKey).catch((e: unknown) => req.log.warn({ err: e, storageKey }, "could not remove an orphaned upload"));
          throw err;
        });
      res.status(201).location(`/uploads/${id}`).json({ id: row.id, fileName: row.fileName, pages: row.pages, sizeBytes: row.sizeBytes, sha256: row.sha256 });
    } finally {
      await rm(staged.tmpDir, { recursive: true, force: true });
    }
  }

  /**
   * One account's files checked or waiting at once are capped, so one account cannot hold every
   * worker and queue place; a client that already went away never gets a worker.
   */
  async function inspectFor(ownerId: string, file: string, gone: AbortSignal, res: express.Response): Promise<PdfInspection> {
    if (gone.aborted || res.destroyed) throw new AppError(400, "UPLOAD_ABORTED", "The client went away.");
    const mine = ctx.uploads.inspecting.get(ownerId) ?? 0;
    if (mine >= ctx.config.PDF_INSPECT_PER_ACCOUNT) throw busy(res, "Your other files are still being checked. Please try again in a few seconds.");
    ctx.uploads.inspecting.set(ownerId, mine + 1);
    try {
      return await ctx.uploads.inspector.inspect(file, gone).catch((err: unknown) => {
        if (err instanceof AppError && err.code === "UPLOADS_BUSY") res.setHeader("Retry-After", String(BUSY_RETRY_AFTER_S));
        throw err;
      });
    } finally {
      const left = (ctx.uploads.inspecting.get(ownerId) ?? 1) - 1;
      if (left <= 0) ctx.uploads.inspecting.delete(ownerId);
      else ctx.uploads.inspecting.set(ownerId, left);
    }
  }

  r.get("/uploads/:id", customer, async (req, res) => {
    const u = await ctx.prisma.upload.findUnique({ where: { id: String(req.params.id) } });
    if (!u || u.ownerId !== req.auth!.sub) throw notFound("Upload", "UPLOAD_NOT_FOUND");
    res.json({ id: u.id, fileName: u.fileName, pages: u.pages, sizeBytes: u.sizeBytes, sha256: u.sha256, createdAt: u.createdAt.toISOString(), deleted: u.deletedAt !== null });
  });

  r.get("/uploads/:id/file", customer, async (req, res) => {
    const u = await ctx.prisma.upload.findUnique({ where: { id: String(req.params.id) } });
    if (!u || u.ownerId !== req.auth!.sub) throw notFound("Upload", "UPLOAD_NOT_FOUND");
    if (u.deletedAt) throw new AppError(410, "FILE_DELETED", "This file was deleted under the retention policy.");
    let stream;
    try {
      stream = await ctx.storage.get(u.storageKey);
    } catch (err) {
      if (err instanceof FileMissingError) throw new AppError(410, "FILE_DELETED", "This file is no longer stored.");
      throw err;
    }
    res.setHeader("Content-Type", "application/pdf");
    res.setHeader("Content-Length", String(u.sizeBytes));
    res.setHeader("Content-Disposition", `attachment; filename*=UTF-8''${encodeURIComponent(u.fileName)}`);
    res.setHeader("Cache-Control", "private, no-store");
    stream.pipe(res);
  });

  return r;
}
