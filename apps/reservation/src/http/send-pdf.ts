import type express from "express";
import type { StoredFile } from "../use-cases/open-upload-file";

/** Streams a stored PDF as a private download under its own name. */
export function sendPdf(res: express.Response, file: StoredFile): void {
  res.setHeader("Content-Type", "application/pdf");
  res.setHeader("Content-Length", String(file.sizeBytes));
  res.setHeader("Content-Disposition", `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`);
  res.setHeader("Cache-Control", "private, no-store");
  file.stream.pipe(res);
}
