import type {
  CancelPaymentResponse,
  GetPaymentsBody,
  GetPaymentsResponse,
  Payment,
  PaymentCancellation,
} from "@portone/server-sdk/payment";

export type { Payment as PortOnePayment, PaymentCancellation as PortOneCancellation };

/** PortOne answered with one of its typed errors (`{type, message}`): a definitive "no". */
export interface PortOneRejection {
  ok: false;
  kind: "rejected";
  status: number;
  /** PortOne's error type, e.g. PAYMENT_NOT_FOUND, CANCEL_AMOUNT_EXCEEDS_CANCELLABLE_AMOUNT */
  type: string;
  message?: string;
  body: unknown;
}

/** PortOne could not be reached or failed without a typed answer: try again later. */
export interface PortOneUnavailable {
  ok: false;
  kind: "unavailable";
  reason: string;
}

export type PortOneResult<T> = { ok: true; value: T } | PortOneRejection | PortOneUnavailable;

export interface PortOneClientOptions {
  baseUrl: string;
  secret: string;
  storeId?: string;
  timeoutMs: number;
}

// 5xx bodies PortOne documents as typed errors (the PG said no); any other 5xx is an outage.
const TYPED_5XX = new Set(["PG_PROVIDER", "CHANNEL_SPECIFIC"]);

/**
 * The PortOne V2 REST calls this service makes. Same paths, auth header and JSON shapes as
 * @portone/server-sdk (whose types are reused), but on our own fetch because the SDK has no
 * timeout (a hung PortOne would hang a request or a consumer forever) and cannot send PortOne's
 * `Idempotency-Key` header, which we use on cancels (decision 0031).
 */
export class PortOneApi {
  private readonly origin: string;

  constructor(private readonly opts: PortOneClientOptions) {
    // PortOne's API lives at the origin root; the SDK too would drop a path in the base URL
    // (docs/portone.md §9)
    this.origin = new URL(opts.baseUrl).origin;
  }

  getPayment(paymentId: string): Promise<PortOneResult<Payment>> {
    return this.call<Payment>("GET", `/payments/${encodeURIComponent(paymentId)}`);
  }

  /**
   * The cheapest authenticated call: GET a payment id that cannot exist, for our store. PortOne
   * answers 404 PAYMENT_NOT_FOUND only after it accepted the secret and the store; 401 means the
   * secret is wrong, expired or revoked, 403 that it cannot reach this store.
   */
  probe(): Promise<PortOneResult<Payment>> {
    const id = `probe${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;
    const q = this.opts.storeId ? `?storeId=${encodeURIComponent(this.opts.storeId)}` : "";
    return this.call<Payment>("GET", `/payments/${id}${q}`);
  }

  /** GET /payments with the body as the `requestBody` query parameter, as PortOne documents it. */
  listPayments(body: GetPaymentsBody): Promise<PortOneResult<GetPaymentsResponse>> {
    return this.call("GET", `/payments?requestBody=${encodeURIComponent(JSON.stringify(body))}`);
  }

  preRegister(paymentId: string, body: { totalAmount: number; currency: string }): Promise<PortOneResult<Record<string, never>>> {
    return this.call("POST", `/payments/${encodeURIComponent(paymentId)}/pre-register`, { storeId: this.opts.storeId, ...body });
  }

  cancel(
    paymentId: string,
    body: { reason: string; amount?: number; currentCancellableAmount?: number; requester?: "CUSTOMER" | "ADMIN" },
    idempotencyKey?: string,
  ): Promise<PortOneResult<CancelPaymentResponse>> {
    return this.call("POST", `/payments/${encodeURIComponent(paymentId)}/cancel`, { storeId: this.opts.storeId, ...body }, idempotencyKey);
  }

  private async call<T>(method: "GET" | "POST", path: string, body?: unknown, idempotencyKey?: string): Promise<PortOneResult<T>> {
    const headers: Record<string, string> = {
      authorization: `PortOne ${this.opts.secret}`,
      accept: "application/json",
    };
    if (body !== undefined) headers["content-type"] = "application/json";
    // RFC 8941 string, as PortOne documents it
    if (idempotencyKey) headers["idempotency-key"] = `"${idempotencyKey}"`;
    let res: Response;
    try {
      res = await fetch(new URL(path, this.origin), {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.opts.timeoutMs),
      });
    } catch (err) {
      const e = err as Error;
      return {
        ok: false,
        kind: "unavailable",
        reason: e.name === "TimeoutError" ? `timed out after ${this.opts.timeoutMs} ms` : `unreachable: ${e.message}`,
      };
    }
    let text: string;
    try {
      text = await res.text();
    } catch (err) {
      return { ok: false, kind: "unavailable", reason: `response cut: ${(err as Error).message}` };
    }
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : {};
    } catch {
      return { ok: false, kind: "unavailable", reason: `HTTP ${res.status} with a non-JSON body` };
    }
    if (res.ok) return { ok: true, value: json as T };
    const type = typeof (json as { type?: unknown }).type === "string" ? (json as { type: string }).type : undefined;
    if (type && (res.status < 500 || TYPED_5XX.has(type))) {
      const message = (json as { message?: unknown }).message;
      return {
        ok: false,
        kind: "rejected",
        status: res.status,
        type,
        message: typeof message === "string" ? message : undefined,
        body: json,
      };
    }
    return { ok: false, kind: "unavailable", reason: `HTTP ${res.status}${type ? ` ${type}` : ""}` };
  }
}
