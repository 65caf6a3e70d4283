/**
 * Inspection worker: checks one staged PDF and posts its PdfInspection back, then exits. Runs in a
 * worker_thread with a heap limit and a deadline (inspector.ts) so a hostile file costs this
 * thread, never the service's event loop or its heap.
 */
import { readFile } from "node:fs/promises";
import { parentPort, workerData } from "node:worker_threads";
import { inspectPdf, TOO_COMPLEX_DETAIL, type PdfInspection } from "../domain/pdf";
import { limitDecodedBytes } from "./decode-budget";

export interface InspectJob {
  file: string;
  maxDecodedBytes: number;
}

// pdf-lib reports what it repairs with console.warn: unstructured lines about a customer's file
console.warn = () => undefined;
console.log = () => undefined;

const job = workerData as InspectJob;
const budget = limitDecodedBytes(job.maxDecodedBytes);

async function run(): Promise<PdfInspection> {
  let result: PdfInspection;
  try {
    result = await inspectPdf(await readFile(job.file));
  } catch {
    result = { ok: false, problem: "PDF_CORRUPT", detail: "The PDF is damaged and cannot be read." };
  }
  // pdf-lib recovers from some errors by skipping the object: the budget flag outlives that
  return budget.exceeded ? { ok: false, problem: "PDF_TOO_COMPLEX", detail: TOO_COMPLEX_DETAIL } : result;
}

void run().then((r) => parentPort!.postMessage(r));
