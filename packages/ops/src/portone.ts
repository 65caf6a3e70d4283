/**
 * A read-only PortOne V2 REST reader (GET /payments/{id}, GET /payments): the few fields the money
 * checks need. Plain fetch, not @portone/server-sdk: the checker must run against the live API or the
 * sandbox with nothing but a base URL and an API secret, and must never be able to change anything.
 */

export interface PortOnePayment {
  id: string;
  /** READY | PAID | FAILED | CANCELLED | PARTIAL_CANCELLED | PAY_PENDING | VIRTUAL_ACCOUNT_ISSUED */
  status: string;
  storeId?: string;
  currency?: string;
  amount: { total: number; paid: number; cancelled: number };
  /** SUCCEEDED cancellations only (sum = amount.cancelled when PortOne is consistent) */
  cancellations: { id: string; totalAmount: number; reason?: string }[];
  paidAt?: string;
}

export interface PortOneReaderOptions {
  baseUrl: string;
  secret: string;
  storeId?: string;
  timeoutMs?: number;
  /** attempts per call on network errors and 5xx (default 3) */
  attempts?: number;
}

export class PortOneError extends Error {
  override readonly name = "PortOneError";
}

function toPayment(raw: any): PortOnePayment {
  const amount = raw?.amount ?? {};
  const cancellations = Array.isArray(raw?.cancellations) ? raw.cancellations : [];
  return {
    id: String(raw?.id),
    status: String(raw?.status),
    storeId: raw?.storeId,
    currency: raw?.currency,
    amount: { total: Number(amount.total ?? 0), paid: Number(amount.paid ?? 0), cancelled: Number(amount.cancelled ?? 0) },
    cancellations: cancellations
      .filter((c: any) => c?.status === "SUCCEEDED")
      .map((c: any) => ({ id: String(c.id), totalAmount: Number(c.totalAmount ?? 0), reason: c.reason })),
    paidAt: raw?.paidAt,
  };
}

export class PortOneReader {
  private readonly base: string;
  constructor(private readonly opts: PortOneReaderOptions) {
    this.base = opts.baseUrl.replace(/\/+$/, "");
  }

  private async get(pathAndQuery: string): Promise<{ status: number; body: any }> {
    const attempts = this.opts.attempts ?? 3;
    let last: unknown;
    for (let i = 1; i <= attempts; i++) {
      try {
        const res = await fetch(this.base + pathAndQuery, {
          headers: { authorization: `PortOne ${this.opts.secret}`, accept: "application/json" },
          signal: AbortSignal.timeout(this.opts.timeoutMs ?? 10_000),
        });
        const text = await res.text();
        let body: any;
        try {
          body = text ? JSON.parse(text) : undefined;
        } catch {
          body = undefined;
        }
        if (res.status >= 500) {
          last = new PortOneError(`PortOne GET ${pathAndQuery.split("?")[0]} answered ${res.status} ${body?.type ?? ""}`.trim());
        } else {
          return { status: res.status, body };
        }
      } catch (err) {
        last = err;
      }
      if (i < attempts) await new Promise((r) => setTimeout(r, 200 * i));
    }
    throw last instanceof PortOneError ? last : new PortOneError(`PortOne unreachable: ${(last as Error)?.message ?? last}`);
  }

  private storeQuery(prefix: "?" | "&"): string {
    return this.opts.storeId ? `${prefix}storeId=${encodeURIComponent(this.opts.storeId)}` : "";
  }

  /** PortOne's payment, or undefined when PortOne has none under that id (404 PAYMENT_NOT_FOUND). */
  async payment(paymentId: string): Promise<PortOnePayment | undefined> {
    const { status, body } = await this.get(`/payments/${encodeURIComponent(paymentId)}${this.storeQuery("?")}`);
    if (status === 404) return undefined;
    if (status === 401 || status === 403) throw new PortOneError(`PortOne refused the API secret (${status} ${body?.type ?? ""})`);
    if (status !== 200) throw new PortOneError(`PortOne GET /payments/${paymentId} answered ${status} ${body?.type ?? ""}`);
    return toPayment(body);
  }

  /** Every payment PortOne lists for the store (paged), optionally only those requested since `from`. */
  async listPayments(opts: { from?: Date; pageSize?: number; maxPages?: number } = {}): Promise<PortOnePayment[]> {
    const size = opts.pageSize ?? 100;
    const out: PortOnePayment[] = [];
    for (let page = 0; page < (opts.maxPages ?? 500); page++) {
      const filter: Record<string, unknown> = {};
      if (this.opts.storeId) filter.storeId = this.opts.storeId;
      if (opts.from) Object.assign(filter, { from: opts.from.toISOString(), timestampType: "CREATED_AT" });
      const requestBody = JSON.stringify({ page: { number: page, size }, filter });
      const { status, body } = await this.get(`/payments?requestBody=${encodeURIComponent(requestBody)}`);
      if (status !== 200) throw new PortOneError(`PortOne GET /payments answered ${status} ${body?.type ?? ""}`);
      const items: any[] = Array.isArray(body?.items) ? body.items : [];
      out.push(...items.map(toPayment));
      const total = Number(body?.page?.totalCount ?? 0);
      if (items.length < size || out.length >= total) break;
    }
    return out;
  }
}

/** Runs `fn` over `items` with at most `limit` in flight. */
export async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
