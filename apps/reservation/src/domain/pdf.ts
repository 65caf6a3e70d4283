import { PDFDocument } from "pdf-lib";

export type PdfProblem = "NOT_A_PDF" | "PDF_ENCRYPTED" | "PDF_CORRUPT" | "PDF_EMPTY" | "PDF_TOO_COMPLEX";

/** What a PDF that needs more memory, decoding or time than an inspection may spend is told. */
export const TOO_COMPLEX_DETAIL =
  "The PDF is too complex to check (it expands to too much data or takes too long to read). Export or print it to a new PDF and upload that.";
export type PdfInspection = { ok: true; pages: number } | { ok: false; problem: PdfProblem; detail: string };

/** A PDF starts with `%PDF-` within its first 1024 bytes (ISO 32000-1 §7.5.2, tolerated offset). */
export function looksLikePdf(head: Buffer): boolean {
  return head.subarray(0, 1024).includes("%PDF-");
}

/**
 * Content check and page count with a real parser (pdf-lib). Judged by the bytes, never by the
 * name or the declared content type. Unbounded on hostile input (decompression, page trees): it
 * runs only inside an inspection worker (src/uploads/inspector.ts), never on the service's thread.
 */
export async function inspectPdf(bytes: Uint8Array): Promise<PdfInspection> {
  if (!looksLikePdf(Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 1024)))) {
    return { ok: false, problem: "NOT_A_PDF", detail: "The file is not a PDF." };
  }
  let doc: PDFDocument;
  try {
    // ignoreEncryption + isEncrypted rather than catching EncryptedPDFError: pdf-lib is compiled
    // to ES5, so `instanceof` on its error subclasses does not work.
    doc = await PDFDocument.load(bytes, { updateMetadata: false, ignoreEncryption: true });
  } catch {
    return { ok: false, problem: "PDF_CORRUPT", detail: "The PDF is damaged and cannot be read." };
  }
  if (doc.isEncrypted) {
    return { ok: false, problem: "PDF_ENCRYPTED", detail: "The PDF is password-protected or encrypted. Upload an unprotected copy." };
  }
  let pages: number;
  try {
    pages = doc.getPageCount();
    // walk the page tree: a broken tree throws here rather than at the print café
    doc.getPages().forEach((p) => p.getSize());
  } catch {
    return { ok: false, problem: "PDF_CORRUPT", detail: "The PDF is damaged and cannot be read." };
  }
  if (pages < 1) return { ok: false, problem: "PDF_EMPTY", detail: "The PDF has no pages." };
  return { ok: true, pages };
}
