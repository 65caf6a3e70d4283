import { createDeflate } from "node:zlib";
import { assemble } from "./pdf";

/**
 * Hand-built hostile PDFs for upload tests. Each is small on the wire and costly to read:
 * a parser that trusts them spends memory or time without bound.
 */

const PAGE = "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>";

/** Deflates `bytes` of spaces without holding them in memory (one shared 1 MiB chunk). */
async function deflatedSpaces(bytes: number): Promise<Buffer> {
  const z = createDeflate({ level: 9 });
  const out: Buffer[] = [];
  z.on("data", (c: Buffer) => out.push(c));
  const done = new Promise<void>((resolve, reject) => {
    z.once("end", resolve);
    z.once("error", reject);
  });
  const chunk = Buffer.alloc(1024 * 1024, 0x20);
  for (let left = bytes; left > 0; left -= chunk.length) {
    if (!z.write(left >= chunk.length ? chunk : chunk.subarray(0, left))) await new Promise((r) => z.once("drain", r));
  }
  z.end();
  await done;
  return Buffer.concat(out);
}

/**
 * A one-page PDF whose object stream inflates to `decodedBytes` (about 1000:1: 128 MiB is about
 * 130 KB on the wire). A parser decoding object streams without a cap allocates all of it.
 */
export async function decompressionBombPdf(decodedBytes: number): Promise<Buffer> {
  const data = await deflatedSpaces(decodedBytes);
  const stream = Buffer.concat([
    Buffer.from(`<< /Type /ObjStm /N 1 /First 4 /Length ${data.length} /Filter /FlateDecode >>\nstream\n`),
    data,
    Buffer.from("\nendstream"),
  ]);
  return assemble(["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>", PAGE, stream]);
}

/**
 * A page tree in which every node lists the next node twice: `depth` nodes, 2^depth paths. A
 * walk of the tree that does not remember visited nodes never ends (depth 40: 10^12 visits).
 */
export function pageTreeDagPdf(depth: number): Buffer {
  const objects = ["<< /Type /Catalog /Pages 2 0 R >>"];
  for (let i = 0; i < depth; i++) {
    const me = i + 2;
    const next = me + 1;
    objects.push(
      i === depth - 1
        ? `<< /Type /Pages /Kids [] /Count 0${i ? ` /Parent ${me - 1} 0 R` : ""} >>`
        : `<< /Type /Pages /Kids [${next} 0 R ${next} 0 R] /Count 1${i ? ` /Parent ${me - 1} 0 R` : ""} >>`,
    );
  }
  return assemble(objects);
}

/** A page tree `depth` levels deep, one node per level, a page at the bottom: recursion depth. */
export function deepPageTreePdf(depth: number): Buffer {
  const objects = ["<< /Type /Catalog /Pages 2 0 R >>"];
  for (let i = 0; i < depth; i++) {
    const me = i + 2;
    objects.push(`<< /Type /Pages /Kids [${me + 1} 0 R] /Count 1${i ? ` /Parent ${me - 1} 0 R` : ""} >>`);
  }
  objects.push(`<< /Type /Page /Parent ${depth + 1} 0 R /MediaBox [0 0 595 842] >>`);
  return assemble(objects);
}

/** A one-page PDF with an xref table of `entries` free entries and a trailer claiming 2^31 objects. */
export function hugeXrefPdf(entries: number): Buffer {
  const rows = "0000000000 65535 f \n".repeat(entries);
  return assemble(["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>", PAGE], {
    size: 2 ** 31 - 1,
    xref: `xref\n0 ${entries}\n${rows}`,
  });
}
