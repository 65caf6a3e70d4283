import { createHash } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import path from "node:path";
import { Transform, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import busboy from "busboy";
import type express from "express";
import { AppError } from "@preprint/service-kit";

export interface Staged {
  tmpDir: string;
  file: string;
  fileName: string;
  sizeBytes: number;
  sha256: string;
}

class TooLarge extends Error {}

/** The client went away before the body was in: nobody is left to answer. */
export class UploadAborted extends AppError {
  constructor() {
    super(400, "UPLOAD_ABORTED", "The upload was interrupted before the file was complete.");
  }
}

/**
 * Streams the multipart field `file` to a private temp folder under `tmpRoot` while hashing and
 * counting; stops reading the moment the size limit is passed. Nothing is held in memory beyond a
 * chunk. Always settles: when the client disconnects mid-body, busboy and the part stream are
 * destroyed, the temp folder is deleted (after its descriptor is closed), and the promise rejects
 * with UploadAborted.
 */
export function stage(req: express.Request, maxBytes: number, tmpRoot: string): Promise<Staged> {
  return new Promise((resolve, reject) => {
    const ctype = req.headers["content-type"] ?? "";
    if (!ctype.toLowerCase().startsWith("multipart/form-data")) {
      return reject(new AppError(415, "MULTIPART_REQUIRED", "Send the PDF as multipart/form-data in the field `file`."));
    }
    let bb: busboy.Busboy;
    try {
      bb = busboy({
        headers: req.headers,
        limits: { files: 1, fileSize: maxBytes, fields: 5, fieldSize: 1024, parts: 6, headerPairs: 20 },
        defParamCharset: "utf8",
      });
    } catch {
      return reject(new AppError(400, "MALFORMED_MULTIPART", "The multipart body could not be read."));
    }
    let work: Promise<Staged> | undefined;
    let part: Readable | undefined;
    let settled = false;
    const fail = (err: unknown) => {
      if (settled) return;
      settled = true;
      req.off("close", onClose);
      // the part's own pipeline removes the temp folder once its descriptor is closed: wait for it
      if (work)
        work
          .then((s) => rm(s.tmpDir, { recursive: true, force: true }))
          .catch(() => undefined)
          .finally(() => reject(err));
      else reject(err);
    };
    const onClose = () => {
      if (req.complete || settled) return;
      part?.destroy(new UploadAborted());
      req.unpipe(bb);
      bb.destroy();
      fail(new UploadAborted());
    };
    req.on("close", onClose);
    bb.on("file", (field, stream, info) => {
      if (field !== "file" || work) {
        stream.resume();
        return;
      }
      part = stream;
      work = (async () => {
        const tmpDir = await mkdtemp(path.join(tmpRoot, "preprint-upload-"));
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
    bb.on("error", () => {
      part?.destroy();
      fail(new AppError(400, "MALFORMED_MULTIPART", "The multipart body could not be read."));
    });
    bb.on("close", () => {
      if (settled) return;
      if (!work) return fail(new AppError(400, "FILE_MISSING", "Attach the PDF in the multipart field `file`."));
      work.then(
        (s) => {
          settled = true;
          req.off("close", onClose);
          resolve(s);
        },
        (err) =>
          fail(
            err instanceof TooLarge
              ? new AppError(
                  413,
                  "FILE_TOO_LARGE",
                  `The file is larger than ${Math.floor(maxBytes / 1024 / 1024) || maxBytes} ${maxBytes >= 1024 * 1024 ? "MB" : "bytes"}.`,
                  { maxBytes },
                )
              : err,
          ),
      );
    });
    req.pipe(bb);
  });
}
