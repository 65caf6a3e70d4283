import {
  mergeApiDocuments,
  OPENAPI_PATH,
  type ApiDeclaration,
  type DocumentPart,
  type Logger,
  type OpenApiDocument,
} from "@preprint/service-kit";
import type { ServiceName } from "../proxy/routes";

export const PUBLIC_API_INFO = {
  title: "preprint public API",
  version: "1.0.0",
  description:
    "Print reservations for unmanned print cafés. All money is integer won (KRW). Errors are application/problem+json with a stable `code`. Write endpoints accept an Idempotency-Key header. Built from each service's own document; a service listed in `x-unavailable` could not be asked, and its operations are missing.",
};
export const TAG_ORDER = ["auth", "stores", "uploads", "reservations", "staff", "payments", "notifications", "operations"];

/** What the gateway itself adds to operations: rate limits everywhere, upstream failures on proxied ones. */
const EDGE_ERRORS = [429];
const PROXIED_ERRORS = [502, 504];

/**
 * The public document from the gateway's own document and the services' (fetched at run time, or
 * built from their declarations for the committed snapshot docs/openapi.json): one merge for both.
 */
export function mergePublicDocument(own: OpenApiDocument, services: readonly DocumentPart[]): OpenApiDocument {
  return mergeApiDocuments({
    info: PUBLIC_API_INFO,
    tagOrder: TAG_ORDER,
    addErrors: EDGE_ERRORS,
    parts: [{ service: "gateway", document: own }, ...services.map((p) => ({ ...p, addErrors: PROXIED_ERRORS }))],
  });
}

export interface PublicDocsOptions {
  own: ApiDeclaration;
  targets: Record<ServiceName, string>;
  logger: Logger;
  /** how long a complete document is served before the services are asked again */
  ttlMs?: number;
  /** how long a document with an unavailable service is served (short: it should heal quickly) */
  degradedTtlMs?: number;
  /** per service document request */
  timeoutMs?: number;
}

export interface PublicDocs {
  /** the merged document as JSON text, and whether every service answered */
  get(): Promise<{ body: string; complete: boolean }>;
}

/**
 * `/api/docs`, built at run time: the gateway's own operations plus each service's
 * `GET /openapi.json`, merged into one public document. Cached for a short time; concurrent requests
 * share one build. A service that is down or answers nonsense is listed in `x-unavailable` — the
 * document is still served.
 */
export function publicDocs(o: PublicDocsOptions): PublicDocs {
  const ttlMs = o.ttlMs ?? 60_000;
  const degradedTtlMs = o.degradedTtlMs ?? 5_000;
  const timeoutMs = o.timeoutMs ?? 3_000;
  let cached: { body: string; complete: boolean; until: number } | undefined;
  let building: Promise<{ body: string; complete: boolean }> | undefined;

  const build = async () => {
    const services = await Promise.all(
      (Object.entries(o.targets) as Array<[ServiceName, string]>).map(([service, base]) => fetchPart(service, base, timeoutMs)),
    );
    for (const p of services)
      if (p.unavailable) o.logger.warn({ service: p.service, reason: p.unavailable }, "service document unavailable for /api/docs");
    const doc = mergePublicDocument(o.own.document(), services);
    const complete = services.every((p) => p.document !== undefined);
    cached = { body: JSON.stringify(doc), complete, until: Date.now() + (complete ? ttlMs : degradedTtlMs) };
    return cached;
  };

  return {
    async get() {
      if (cached && cached.until > Date.now()) return cached;
      building ??= build().finally(() => (building = undefined));
      return building;
    },
  };
}

async function fetchPart(service: string, base: string, timeoutMs: number): Promise<DocumentPart> {
  try {
    const res = await fetch(new URL(OPENAPI_PATH, base), {
      signal: AbortSignal.timeout(timeoutMs),
      headers: { accept: "application/json" },
    });
    if (!res.ok) {
      await res.body?.cancel();
      return { service, unavailable: `HTTP ${res.status}` };
    }
    const doc = (await res.json()) as Partial<OpenApiDocument>;
    if (typeof doc !== "object" || doc === null || typeof doc.openapi !== "string" || typeof doc.paths !== "object") {
      return { service, unavailable: "not an OpenAPI document" };
    }
    return { service, document: doc as OpenApiDocument };
  } catch (err) {
    const e = err as Error;
    return { service, unavailable: e.name === "TimeoutError" ? `no answer within ${timeoutMs} ms` : `unreachable (${e.message})` };
  }
}
