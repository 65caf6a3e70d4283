import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { gatewayApi, mergePublicDocument } from "@preprint/gateway";
import type { ApiDeclaration, DocumentPart, OpenApiDocument } from "@preprint/service-kit";
import { REPO_ROOT } from "./system";

/** The services whose operations the gateway routes, in the order their documents are merged. */
export const DOCUMENTED_SERVICES = ["reservation", "payment", "notification", "printing"] as const;

/** docs/openapi.json: the public document; docs/openapi/<service>.json: each service's own (with its internal operations). */
export const SNAPSHOT_FILE = path.join(REPO_ROOT, "docs/openapi.json");
export const serviceSnapshotFile = (service: string) => path.join(REPO_ROOT, "docs/openapi", `${service}.json`);

const isDeclaration = (v: unknown): v is ApiDeclaration =>
  typeof v === "object" && v !== null && typeof (v as ApiDeclaration).document === "function";

/**
 * A service's own document, built from the declaration its package exports as `api` (the same
 * object its `GET /openapi.json` serves), or why there is none.
 */
export function serviceDocument(service: string): DocumentPart {
  let entry: string;
  try {
    // the package's own entry ("." in its exports map): the module that exports the declaration
    entry = require.resolve(`@preprint/${service}`);
  } catch {
    return { service, unavailable: `the package's entry is not built (run the build first)` };
  }
  // a package whose entry starts the service cannot be loaded to read its declaration
  if (/(^|\/)main\.js$/.test(entry))
    return { service, unavailable: `the package's entry (${path.basename(entry)}) starts the service; export \`api\` from an index` };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const api = (require(`@preprint/${service}`) as { api?: unknown }).api;
  if (!isDeclaration(api)) return { service, unavailable: "the package exports no API declaration (`api`)" };
  return { service, document: api.document() };
}

export interface Snapshot {
  public: OpenApiDocument;
  services: DocumentPart[];
}

/** What docs/ should hold: the public document merged exactly as the gateway merges at run time. */
export function buildSnapshot(): Snapshot {
  const services = DOCUMENTED_SERVICES.map(serviceDocument);
  return { public: mergePublicDocument(gatewayApi.document(), services), services };
}

export const toFileText = (doc: unknown) => `${JSON.stringify(doc, null, 2)}\n`;

/** Writes docs/openapi.json and docs/openapi/<service>.json (a service without a document has no file). */
export function writeSnapshot(s: Snapshot = buildSnapshot()): string[] {
  mkdirSync(path.dirname(serviceSnapshotFile("x")), { recursive: true });
  writeFileSync(SNAPSHOT_FILE, toFileText(s.public));
  const written = [SNAPSHOT_FILE];
  for (const part of s.services) {
    if (!part.document) continue;
    writeFileSync(serviceSnapshotFile(part.service), toFileText(part.document));
    written.push(serviceSnapshotFile(part.service));
  }
  return written;
}
