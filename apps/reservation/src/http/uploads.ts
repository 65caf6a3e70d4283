import { createHash } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdtemp, open, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import busboy from "busboy";
import express from "express";
import { requireAuth } from "@preprint/auth";
import { newId } from "@preprint/contracts";
import { AppError, notFound } from "@preprint/service-kit";
import type { Ctx } from "../app";
import { inspectPdf, looksLikePdf } from "../domain/pdf";
import { FileMissingError } from "../storage/storage";

interface Staged {
  tmpDir: string;
  file: string;
  fileName: string;
  sizeBytes: number;
  sha256: string;
}

class TooLarge extends Error {}

/**
 * Streams the multipart field `file` to a private temp file while hashing and counting; stops
 * reading the moment the size limit is passed. Nothing is held in memory beyond a chunk.
 */
function stage(req: express.Request, maxBytes: number): Promise<Staged> {
  return new Promise((resolve, reject) => {
    const ctype = req.headers["content-type"] ?? "";
    if (!ctype.toLowerCase().startsWith("multipart/form-data")) {
      return reject(new AppError(415, "MULTIPART_REQUIRED", "Send the PDF as multipart/form-data in the field `file`."));
    }
    let bb: busboy.Busboy;
    try {
      bb = busboy({ headers: req.headers, limits: { files: 1, fileSize: maxBytes, fields: 5, parts: 6 }, defParamCharset: "utf8" });
    } catch {
      return reject(new AppError(400, "MALFORMED_MULTIPART", "The multipart body could not be read."));
    }
    let work: Promise<Staged> | undefined;
    bb.on("file", (field, stream, info) => {
      if (field !== "file" || work) {
        stream.resume();
        return;
      }
      work = (async () => {
        const tmpDir = await mkdtemp(path.join(os.tmpdir(), "preprint-upload-"));
        const file = path.join(tmpDir, "upload.bin");
        const hash = createHash("sha256");
        let size = 0;
        let truncated = false;
        stream.on("limit", () => {
          truncated = true;
        });
        const meter = new Transform({
          transform(chunk: Buffer, _enc, cb) {
            size += chunk.length;
            hash.update(chunk);
            cb(null, chunk);
          },
        });
        try {
          await pipeline(stream, meter, createWriteStream(file, { mode: 0o600 }));
        } catch (err) {
          await rm(tmpDir, { recursive: true, force: true });
          throw err;
        }
        if (truncated || size > maxBytes) {
          await rm(tmpDir, { recursive: true, force: true });
          throw new TooLarge();
        }
        // eslint-disable-next-line no-control-regex -- strip control characters and path separators from the name
        const fileName = (info.filename || "document.pdf").replace(/[\\/\u0000-\u001f]/g, "_").slice(0, 200);
        return { tmpDir, file, fileName, sizeBytes: size, sha256: hash.digest("hex") };
      })();
      work.catch(() => undefined);
    });
    bb.on("error", () => reject(new AppError(400, "MALFORMED_MULTIPART", "The multipart body could not be read.")));
    bb.on("close", () => {
      if (!work) return reject(new AppError(400, "FILE_MISSING", "Attach the PDF in the multipart field `file`."));
      work.then(resolve, (err) =>
        reject(
          err instanceof TooLarge
            ? new AppError(413, "FILE_TOO_LARGE", `The file is larger than ${Math.floor(maxBytes / 1024 / 1024) || maxBytes} ${maxBytes >= 1024 * 1024 ? "MB" : "bytes"}.`, { maxBytes })
            : err,
        ),
      );
    });
    req.pipe(bb);
  });
}

export function uploadRoutes(ctx: Ctx): express.Router {
  const r = express.Router();
  const customer = requireAuth(ctx.verifyUser, "customer");

  r.post("/uploads", customer, async (req, res) => {
    const declared = Number(req.headers["content-length"] ?? 0);
    if (declared > ctx.config.UPLOAD_MAX_BYTES + 64 * 1024) {
      // refuse before reading a byte; the connection is closed so the client stops sending
      res.setHeader("Connection", "close");
      throw new AppError(413, "FILE_TOO_LARGE", `The file is larger than the limit of ${ctx.config.UPLOAD_MAX_BYTES} bytes.`, { maxBytes: ctx.config.UPLOAD_MAX_BYTES });
    }
    const staged = await stage(req, ctx.config.UPLOAD_MAX_BYTES).catch((err) => {
      if (err instanceof AppError && err.code === "FILE_TOO_LARGE") res.setHeader("Connection", "close");
      throw err;
    });
    try {
      const fh = await open(staged.file, "r");
      const head = Buffer.alloc(1024);
      const { bytesRead } = await fh.read(head, 0, 1024, 0);
      await fh.close();
      if (!looksLikePdf(head.subarray(0, bytesRead))) throw new AppError(415, "NOT_A_PDF", "The file is not a PDF.");
      // the parser needs the whole document; the size limit bounds what this costs
      const result = await inspectPdf(await readFile(staged.file));
      if (!result.ok) throw new AppError(result.problem === "NOT_A_PDF" ? 415 : 422, result.problem, result.detail);
      if (result.pages > ctx.config.UPLOAD_MAX_PAGES) {
        throw new AppError(422, "PDF_TOO_MANY_PAGES", `The PDF has ${result.pages} pages; at most ${ctx.config.UPLOAD_MAX_PAGES} are accepted.`);
      }
      const id = newId("upl");
      const ownerId = req.auth!.sub;
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
  });

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
