import { randomBytes } from "node:crypto";

/**
 * PDFs built by hand for upload tests: synchronous, a few hundred bytes, exact cross-reference
 * offsets (so parsers take the fast path), and no PDF library in the test's own process.
 */

/** Lays out numbered objects (1 is the catalog), an xref table and a trailer. */
export function assemble(objects: (string | Buffer)[], opts: { size?: number; xref?: string } = {}): Buffer {
  const parts: Buffer[] = [Buffer.from("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "latin1")];
  const offsets: number[] = [];
  let at = parts[0]!.length;
  objects.forEach((body, i) => {
    const chunk = Buffer.concat([
      Buffer.from(`${i + 1} 0 obj\n`),
      typeof body === "string" ? Buffer.from(body, "latin1") : body,
      Buffer.from("\nendobj\n"),
    ]);
    offsets.push(at);
    at += chunk.length;
    parts.push(chunk);
  });
  const xref =
    opts.xref ??
    `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")}`;
  parts.push(
    Buffer.from(`${xref}trailer\n<< /Size ${opts.size ?? objects.length + 1} /Root 1 0 R >>\nstartxref\n${at}\n%%EOF\n`, "latin1"),
  );
  return Buffer.concat(parts);
}

/** Catalog, page tree and `pages` empty A4 pages. */
function pageObjects(pages: number): string[] {
  const kids = Array.from({ length: pages }, (_, i) => `${3 + i} 0 R`).join(" ");
  const objects = ["<< /Type /Catalog /Pages 2 0 R >>", `<< /Type /Pages /Kids [${kids}] /Count ${pages} >>`];
  for (let i = 0; i < pages; i++) objects.push("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>");
  return objects;
}

/** A valid PDF with `pages` empty A4 pages. */
export function makePdf(pages: number): Buffer {
  return assemble(pageObjects(pages));
}

/**
 * A valid PDF of roughly `bytes` bytes: `pages` empty pages plus one unreferenced stream of random
 * (incompressible) bytes, so an upload spans many network reads and storage chunks.
 */
export function makeLargePdf(pages: number, bytes: number): Buffer {
  const padding = randomBytes(Math.max(0, bytes - 1024));
  const stream = Buffer.concat([
    Buffer.from(`<< /Length ${padding.length} >>\nstream\n`, "latin1"),
    padding,
    Buffer.from("\nendstream", "latin1"),
  ]);
  return assemble([...pageObjects(pages), stream]);
}
