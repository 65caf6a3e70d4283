import { randomBytes } from "node:crypto";
import { Api as BaseApi, type Res } from "@preprint/test-support";
import { ContractChecker, ContractViolation } from "./contract";

/** One checker per origin: the gateway's /api/docs, or a service's own /openapi.json; none for an origin without a document. */
const checkers = new Map<string, Promise<ContractChecker | undefined>>();

function checkerFor(base: string): Promise<ContractChecker | undefined> {
  let c = checkers.get(base);
  if (!c) {
    c = (async () => {
      for (const p of ["/api/docs", "/openapi.json"]) {
        const res = await fetch(base + p).catch(() => undefined);
        if (!res?.ok) {
          await res?.body?.cancel();
          continue;
        }
        const doc = (await res.json().catch(() => undefined)) as { openapi?: string } | undefined;
        if (doc?.openapi?.startsWith("3.")) return new ContractChecker(doc);
      }
      return undefined;
    })();
    checkers.set(base, c);
  }
  return c;
}

/** Operations answered that the document does not give a schema for, per origin (a test may print or assert on it). */
export async function undeclaredAnswers(base: string): Promise<Map<string, number>> {
  return (await checkerFor(base))?.undeclared ?? new Map();
}

/**
 * The shared HTTP client, with every answer checked against the origin's OpenAPI document
 * (`contract: false` to skip): an answer that breaks a declared response schema throws
 * ContractViolation; one the document has no schema for is noted once (a line on stderr) and
 * counted in `undeclaredAnswers`.
 */
export class Api extends BaseApi {
  constructor(
    base: string,
    readonly checkOpts: { traceparent?: string; contract?: boolean } = {},
  ) {
    super(base, { traceparent: checkOpts.traceparent });
  }

  protected override async answered<T>(method: string, p: string, res: Res<T>): Promise<Res<T>> {
    if (this.checkOpts.contract === false) return res;
    const checker = await checkerFor(this.base);
    if (!checker) return res;
    const before = checker.undeclared.size;
    const finding = checker.check({ method, path: p, status: res.status, contentType: res.headers.get("content-type"), body: res.body });
    if (finding) throw new ContractViolation(finding, res.body);
    // one plain line per operation (console.warn would add a code frame to each under jest)
    if (checker.undeclared.size > before)
      process.stderr.write(
        `contract: no response schema for ${method} ${p.split("?")[0]} (${res.status}) in ${this.base}'s document; not checked\n`,
      );
    return res;
  }
}

/** A W3C traceparent with a fresh trace id; the span id stands for the test's own (unexported) root. */
export function newTraceparent(): { traceparent: string; traceId: string; rootSpanId: string } {
  const traceId = randomBytes(16).toString("hex");
  const rootSpanId = randomBytes(8).toString("hex");
  return { traceparent: `00-${traceId}-${rootSpanId}-01`, traceId, rootSpanId };
}
