import { randomUUID } from "node:crypto";
import { channelForPayMethod, type Channel, type EasyPayProvider, type PayMethod } from "./channels";
import { CheckoutFailure, conflict, invalidRequest, paymentNotFound } from "./errors";

/**
 * The sandbox's payment ledger, kept in memory (an emulator: a restart is a fresh PortOne account).
 * Shapes follow the official OpenAPI schema (PortOne API 1.16.0, `Payment` and friends); the
 * state machine is READY → PAID | FAILED, PAID → PARTIAL_CANCELLED → CANCELLED.
 */

export type PaymentStatus = "READY" | "PAID" | "FAILED" | "PARTIAL_CANCELLED" | "CANCELLED";
export type WebhookType = "Transaction.Paid" | "Transaction.Failed" | "Transaction.Cancelled" | "Transaction.PartialCancelled";

export interface CustomerInput {
  customerId?: string;
  fullName?: string;
  firstName?: string;
  lastName?: string;
  phoneNumber?: string;
  email?: string;
}

/** What the browser SDK's `requestPayment` carries (the subset the sandbox uses). */
export interface PaymentRequest {
  storeId?: string;
  paymentId: string;
  orderName: string;
  totalAmount: number;
  taxFreeAmount?: number;
  currency: string;
  payMethod: PayMethod;
  channelKey?: string;
  easyPayProvider?: EasyPayProvider;
  customer?: CustomerInput;
  /** object in the browser SDK; PortOne returns it as a JSON string */
  customData?: string;
  noticeUrls?: string[];
  redirectUrl?: string;
  origin: { platformType: "PC" | "MOBILE" | "API"; ipAddress: string; userAgent?: string; url?: string };
}

export interface PreRegistration {
  totalAmount?: number;
  taxFreeAmount?: number;
  currency?: string;
  at: string;
}

export interface Cancellation {
  status: "SUCCEEDED";
  id: string;
  pgCancellationId: string;
  totalAmount: number;
  taxFreeAmount: number;
  vatAmount: number;
  reason: string;
  cancelledAt: string;
  requestedAt: string;
  /** who cancelled: API (a merchant's server), CONSOLE (the merchant in PortOne's console), PORTONE_ADMIN, CHARGEBACK */
  trigger: CancelTrigger;
  requester?: "CUSTOMER" | "ADMIN";
}

export interface PaymentRecord {
  id: string;
  storeId: string;
  merchantId: string;
  preRegistered?: PreRegistration;
  /** absent until the payment window opened: a pre-registration alone is not a payment */
  status?: PaymentStatus;
  request?: PaymentRequest;
  transactionId?: string;
  channel?: Channel;
  method?: Record<string, unknown>;
  requestedAt?: string;
  updatedAt?: string;
  statusChangedAt?: string;
  paidAt?: string;
  pgTxId?: string;
  failedAt?: string;
  failure?: { reason: string; pgCode: string; pgMessage: string };
  amount: {
    total: number;
    taxFree: number;
    vat: number;
    supply: number;
    discount: number;
    paid: number;
    cancelled: number;
    cancelledTaxFree: number;
  };
  cancellations: Cancellation[];
  cancelledAt?: string;
}

/** A webhook the state change asks for; the dispatcher signs and delivers it. */
export interface WebhookIntent {
  type: WebhookType;
  paymentId: string;
  storeId: string;
  transactionId: string;
  cancellationId?: string;
  urls?: string[];
}

export interface PayInput {
  payMethod?: PayMethod;
  easyPayProvider?: EasyPayProvider;
  outcome: "PAID" | "FAILED";
  /** overrides the amount of the request (test hook only) */
  totalAmount?: number;
  /** false lets a totalAmount different from the pre-registered one through (test hook only) */
  enforcePreRegistered?: boolean;
  failure?: { reason: string; pgCode: string; pgMessage: string };
  /** the channel's type for this attempt, whatever the sandbox's mode (test hook only) */
  channelType?: "TEST" | "LIVE";
}

export type CancelTrigger = "API" | "CONSOLE" | "PORTONE_ADMIN" | "CHARGEBACK";

export interface CancelInput {
  reason: string;
  /** API unless a test hook plays the console or the PG (the REST route never sets it) */
  trigger?: CancelTrigger;
  amount?: number;
  taxFreeAmount?: number;
  vatAmount?: number;
  currentCancellableAmount?: number;
  requester?: "CUSTOMER" | "ADMIN";
  skipWebhook?: boolean;
}

export interface ListInput {
  page?: { number?: number; size?: number };
  filter?: {
    storeId?: string;
    merchantId?: string;
    status?: string[];
    methods?: string[];
    pgProvider?: string[];
    isTest?: boolean;
    currency?: string;
    timestampType?: "CREATED_AT" | "STATUS_CHANGED_AT";
    from?: string;
    until?: string;
    sortBy?: "REQUESTED_AT" | "STATUS_CHANGED_AT";
    sortOrder?: "DESC" | "ASC";
  };
}

export interface LedgerOptions {
  storeId: string;
  merchantId: string;
  channels: Channel[];
  now?: () => Date;
  newId?: () => string;
}

/** VAT is 1/11 of the taxable part (browser SDK `vatAmount` doc); the rounding is ours. */
export const vatOf = (total: number, taxFree: number) => Math.round((total - taxFree) / 11);

export class PaymentLedger {
  private readonly payments = new Map<string, PaymentRecord>();
  private readonly now: () => Date;
  private readonly newId: () => string;

  constructor(private readonly opts: LedgerOptions) {
    this.now = opts.now ?? (() => new Date());
    this.newId = opts.newId ?? randomUUID;
  }

  get channels(): Channel[] {
    return this.opts.channels;
  }

  reset(): void {
    this.payments.clear();
  }

  find(paymentId: string): PaymentRecord | undefined {
    return this.payments.get(paymentId);
  }

  /** GET /payments/{id}: a payment exists once its window opened (pre-registration alone is 404). */
  get(paymentId: string): PaymentRecord {
    const p = this.payments.get(paymentId);
    if (!p || !p.status) throw paymentNotFound();
    return p;
  }

  private blank(paymentId: string): PaymentRecord {
    return {
      id: paymentId,
      storeId: this.opts.storeId,
      merchantId: this.opts.merchantId,
      amount: { total: 0, taxFree: 0, vat: 0, supply: 0, discount: 0, paid: 0, cancelled: 0, cancelledTaxFree: 0 },
      cancellations: [],
    };
  }

  private isPaid(p: PaymentRecord): boolean {
    return p.status === "PAID" || p.status === "PARTIAL_CANCELLED" || p.status === "CANCELLED";
  }

  /** POST /payments/{id}/pre-register */
  preRegister(paymentId: string, input: { totalAmount?: number; taxFreeAmount?: number; currency?: string }): void {
    const existing = this.payments.get(paymentId);
    if (existing && this.isPaid(existing)) throw conflict("ALREADY_PAID", "결제가 이미 완료되었습니다.");
    if (input.totalAmount !== undefined && input.taxFreeAmount !== undefined && input.taxFreeAmount > input.totalAmount) {
      throw invalidRequest("면세 금액이 결제 금액보다 큽니다.");
    }
    const p = existing ?? this.blank(paymentId);
    p.preRegistered = { ...input, at: this.now().toISOString() };
    this.payments.set(paymentId, p);
  }

  /**
   * What `requestPayment` does when the window opens: checks the request against the
   * pre-registration and opens a new attempt (transaction) in READY.
   */
  open(request: PaymentRequest, opts: { enforcePreRegistered?: boolean } = {}): PaymentRecord {
    const existing = this.payments.get(request.paymentId);
    if (existing && this.isPaid(existing)) throw new CheckoutFailure("PaymentAlreadyPaid", "이미 결제가 완료된 결제 건입니다.");
    if (opts.enforcePreRegistered !== false)
      this.checkPreRegistered(existing, request.totalAmount, request.taxFreeAmount ?? 0, request.currency);
    const channel = this.channelFor(request.payMethod, request.channelKey);
    const p = existing ?? this.blank(request.paymentId);
    const at = this.now().toISOString();
    const taxFree = request.taxFreeAmount ?? 0;
    const vat = vatOf(request.totalAmount, taxFree);
    p.request = request;
    p.status = "READY";
    p.transactionId = this.newId();
    p.channel = channel;
    p.method = undefined;
    p.requestedAt = at;
    p.updatedAt = at;
    p.statusChangedAt = at;
    p.failedAt = undefined;
    p.failure = undefined;
    p.amount = {
      total: request.totalAmount,
      taxFree,
      vat,
      supply: request.totalAmount - taxFree - vat,
      discount: 0,
      paid: 0,
      cancelled: 0,
      cancelledTaxFree: 0,
    };
    this.payments.set(p.id, p);
    return p;
  }

  private checkPreRegistered(p: PaymentRecord | undefined, totalAmount: number, taxFreeAmount: number, currency: string): void {
    const pre = p?.preRegistered;
    if (!pre) return;
    const mismatch =
      (pre.totalAmount !== undefined && pre.totalAmount !== totalAmount) ||
      (pre.taxFreeAmount !== undefined && pre.taxFreeAmount !== taxFreeAmount) ||
      (pre.currency !== undefined && pre.currency !== currency);
    if (mismatch) {
      throw new CheckoutFailure(
        "AmountNotEqualToPredefined",
        `결제 금액이 사전 등록된 금액과 다릅니다. (요청 ${totalAmount}, 사전 등록 ${pre.totalAmount ?? "-"})`,
      );
    }
  }

  private channelFor(payMethod: PayMethod, channelKey?: string): Channel {
    if (channelKey) {
      const ch = this.opts.channels.find((c) => c.key === channelKey);
      if (!ch) throw new CheckoutFailure("ChannelNotFound", `채널을 찾을 수 없습니다: ${channelKey}`);
      if (ch.payMethods.includes(payMethod)) return ch;
    }
    return channelForPayMethod(this.opts.channels, payMethod);
  }

  /**
   * The payer pressed pay or decline in the window (or a test hook did). Returns the webhook the
   * outcome triggers. The amount check happens here too, so a hook cannot skip it by accident.
   */
  pay(paymentId: string, input: PayInput): { payment: PaymentRecord; webhook: WebhookIntent } {
    const p = this.payments.get(paymentId);
    if (!p || !p.request || !p.status) throw new CheckoutFailure("PaymentNotFound", "결제창이 열리지 않은 결제 건입니다.");
    if (this.isPaid(p)) throw new CheckoutFailure("PaymentAlreadyPaid", "이미 결제가 완료된 결제 건입니다.");
    const total = input.totalAmount ?? p.request.totalAmount;
    if (input.enforcePreRegistered !== false) this.checkPreRegistered(p, total, p.request.taxFreeAmount ?? 0, p.request.currency);
    const payMethod = input.payMethod ?? p.request.payMethod;
    const channel = payMethod === p.request.payMethod && p.channel ? p.channel : this.channelFor(payMethod, p.request.channelKey);
    if (channel.payMethods.includes(payMethod) === false)
      throw new CheckoutFailure("ChannelNotFound", "결제수단을 지원하지 않는 채널입니다.");
    const at = this.now().toISOString();
    const taxFree = p.request.taxFreeAmount ?? 0;
    const vat = vatOf(total, taxFree);
    p.channel = input.channelType && input.channelType !== channel.type ? { ...channel, type: input.channelType } : channel;
    p.method = methodOf(payMethod, input.easyPayProvider ?? p.request.easyPayProvider, p.transactionId ?? "");
    p.amount = { ...p.amount, total, taxFree, vat, supply: total - taxFree - vat };
    p.updatedAt = at;
    p.statusChangedAt = at;
    if (input.outcome === "PAID") {
      p.status = "PAID";
      p.paidAt = at;
      // PG transaction ids look like the PG's own (Smartro "SMR…", Toss "tviva…")
      const raw = this.newId().replace(/-/g, "");
      p.pgTxId = channel.pgProvider === "TOSSPAYMENTS" ? `tviva${raw.slice(0, 20)}` : `SMR${raw.slice(0, 17).toUpperCase()}`;
      p.amount.paid = total;
    } else {
      p.status = "FAILED";
      p.failedAt = at;
      p.failure = input.failure ?? { reason: "카드사 승인 거절", pgCode: "3011", pgMessage: "카드사 승인 거절(한도 초과)" };
    }
    return {
      payment: p,
      webhook: {
        type: input.outcome === "PAID" ? "Transaction.Paid" : "Transaction.Failed",
        paymentId: p.id,
        storeId: p.storeId,
        transactionId: p.transactionId ?? "",
        urls: p.request.noticeUrls,
      },
    };
  }

  /** POST /payments/{id}/cancel — every rule of docs/portone.md §5, in the order the checks apply. */
  cancel(paymentId: string, input: CancelInput): { cancellation: Cancellation; payment: PaymentRecord; webhook?: WebhookIntent } {
    const p = this.get(paymentId);
    if (p.status === "CANCELLED") throw conflict("PAYMENT_ALREADY_CANCELLED", "결제가 이미 취소되었습니다.");
    if (!this.isPaid(p)) throw conflict("PAYMENT_NOT_PAID", "결제가 완료되지 않았습니다.");
    const cancellable = p.amount.total - p.amount.cancelled;
    if (input.currentCancellableAmount !== undefined && input.currentCancellableAmount !== cancellable) {
      throw conflict("CANCELLABLE_AMOUNT_CONSISTENCY_BROKEN", `취소 가능 잔액 검증에 실패했습니다. (현재 취소 가능 잔액 ${cancellable})`);
    }
    const amount = input.amount ?? cancellable;
    if (amount > cancellable) {
      throw conflict("CANCEL_AMOUNT_EXCEEDS_CANCELLABLE_AMOUNT", `취소 금액이 취소 가능 금액(${cancellable})을 초과합니다.`);
    }
    const cancellableTaxFree = p.amount.taxFree - p.amount.cancelledTaxFree;
    const taxFree = input.taxFreeAmount ?? Math.min(cancellableTaxFree, amount);
    if (taxFree > cancellableTaxFree) {
      throw conflict("CANCEL_TAX_FREE_AMOUNT_EXCEEDS_CANCELLABLE_TAX_FREE_AMOUNT", "취소 면세 금액이 취소 가능한 면세 금액을 초과합니다.");
    }
    const vat = input.vatAmount ?? vatOf(amount, taxFree);
    if (taxFree + vat > amount) throw conflict("SUM_OF_PARTS_EXCEEDS_CANCEL_AMOUNT", "면세 금액과 부가세의 합이 취소 금액을 초과합니다.");
    const at = this.now().toISOString();
    const cancellation: Cancellation = {
      status: "SUCCEEDED",
      id: this.newId(),
      pgCancellationId: `SMRC${this.newId().replace(/-/g, "").slice(0, 16).toUpperCase()}`,
      totalAmount: amount,
      taxFreeAmount: taxFree,
      vatAmount: vat,
      reason: input.reason,
      cancelledAt: at,
      requestedAt: at,
      trigger: input.trigger ?? "API",
      ...(input.requester ? { requester: input.requester } : {}),
    };
    p.cancellations.push(cancellation);
    p.amount.cancelled += amount;
    p.amount.cancelledTaxFree += taxFree;
    p.status = p.amount.cancelled >= p.amount.total ? "CANCELLED" : "PARTIAL_CANCELLED";
    p.cancelledAt = at;
    p.updatedAt = at;
    p.statusChangedAt = at;
    const webhook: WebhookIntent | undefined = input.skipWebhook
      ? undefined
      : {
          type: p.status === "CANCELLED" ? "Transaction.Cancelled" : "Transaction.PartialCancelled",
          paymentId: p.id,
          storeId: p.storeId,
          transactionId: p.transactionId ?? "",
          cancellationId: cancellation.id,
          urls: p.request?.noticeUrls,
        };
    return { cancellation, payment: p, webhook };
  }

  /** GET /payments — the subset of PaymentFilterInput the platform needs; other filter keys are ignored. */
  list(input: ListInput): { items: PaymentRecord[]; page: { number: number; size: number; totalCount: number } } {
    const number = input.page?.number ?? 0;
    const size = input.page?.size ?? 10;
    if (number < 0 || size < 1 || (number + 1) * size > 60_000) throw invalidRequest("page.number와 page.size가 허용 범위를 벗어났습니다.");
    const f = input.filter ?? {};
    const statuses = f.status?.map((s) => (s === "PENDING" ? "PAY_PENDING" : s));
    const tsOf = (p: PaymentRecord) =>
      ((f.timestampType ?? "STATUS_CHANGED_AT") === "CREATED_AT" ? p.requestedAt : p.statusChangedAt) ?? "";
    const until = f.until ? Date.parse(f.until) : Number.POSITIVE_INFINITY;
    const from = f.from ? Date.parse(f.from) : Number.NEGATIVE_INFINITY;
    const matches = [...this.payments.values()].filter((p) => {
      if (!p.status) return false;
      if (f.storeId && p.storeId !== f.storeId) return false;
      if (f.merchantId && p.merchantId !== f.merchantId) return false;
      if (statuses && !statuses.includes(p.status)) return false;
      if (f.methods && !f.methods.includes(methodTypeOf(p))) return false;
      if (f.pgProvider && (!p.channel || !f.pgProvider.includes(p.channel.pgProvider))) return false;
      if (f.isTest !== undefined && (p.channel?.type === "TEST") !== f.isTest) return false;
      if (f.currency && p.request?.currency !== f.currency) return false;
      const ts = Date.parse(tsOf(p));
      return ts >= from && ts <= until;
    });
    const key = (p: PaymentRecord) => ((f.sortBy ?? "REQUESTED_AT") === "REQUESTED_AT" ? p.requestedAt : p.statusChangedAt) ?? "";
    const dir = (f.sortOrder ?? "DESC") === "DESC" ? -1 : 1;
    matches.sort((a, b) => (key(a) < key(b) ? -dir : key(a) > key(b) ? dir : 0));
    return { items: matches.slice(number * size, (number + 1) * size), page: { number, size, totalCount: matches.length } };
  }
}

function methodTypeOf(p: PaymentRecord): string {
  if (p.method?.type === "PaymentMethodEasyPay") return "EASY_PAY";
  if (p.method?.type === "PaymentMethodCard") return "CARD";
  return p.request?.payMethod ?? "";
}

const CARDS = [
  { publisher: "신한카드", issuer: "신한카드", bin: "451842", name: "신한 Deep Dream", brand: "VISA" },
  { publisher: "현대카드", issuer: "현대카드", bin: "540926", name: "현대카드 ZERO", brand: "MASTER" },
];

/** A plausible PaymentMethod for the schema: a masked test card, or an easy-pay wallet paying by card. */
function methodOf(payMethod: PayMethod, provider: EasyPayProvider | undefined, seed: string): Record<string, unknown> {
  const c = CARDS[seed.charCodeAt(0) % CARDS.length] ?? CARDS[0]!;
  const card = {
    type: "PaymentMethodCard",
    card: {
      publisher: c.publisher,
      issuer: c.issuer,
      brand: c.brand,
      type: "CREDIT",
      ownerType: "PERSONAL",
      bin: c.bin,
      name: c.name,
      number: `${c.bin}******1234`,
    },
    approvalNumber: String(10_000_000 + (seed.charCodeAt(1) || 0) * 7919).slice(0, 8),
    installment: { month: 0, isInterestFree: false },
    pointUsed: false,
  };
  if (payMethod === "CARD") return card;
  return { type: "PaymentMethodEasyPay", provider: provider ?? "KAKAOPAY", easyPayMethod: card };
}

/** The REST representation (`Payment` in the schema) of a record that has a status. */
export function toPaymentJson(p: PaymentRecord, webhooks: unknown[]): Record<string, unknown> {
  const r = p.request!;
  const customer: Record<string, unknown> = {};
  if (r.customer?.customerId) customer.id = r.customer.customerId;
  const name = r.customer?.fullName ?? ([r.customer?.lastName, r.customer?.firstName].filter(Boolean).join("") || undefined);
  if (name) customer.name = name;
  if (r.customer?.email) customer.email = r.customer.email;
  if (r.customer?.phoneNumber) customer.phoneNumber = r.customer.phoneNumber;
  const channel = p.channel
    ? {
        type: p.channel.type,
        id: p.channel.id,
        key: p.channel.key,
        name: p.channel.name,
        pgProvider: p.channel.pgProvider,
        pgMerchantId: p.channel.pgMerchantId,
      }
    : undefined;
  const base: Record<string, unknown> = {
    status: p.status,
    id: p.id,
    transactionId: p.transactionId,
    merchantId: p.merchantId,
    storeId: p.storeId,
    ...(p.method ? { method: p.method } : {}),
    ...(channel ? { channel } : {}),
    version: "V2",
    webhooks,
    requestedAt: p.requestedAt,
    updatedAt: p.updatedAt,
    statusChangedAt: p.statusChangedAt,
    orderName: r.orderName,
    amount: { ...p.amount },
    currency: r.currency,
    customer,
    origin: { ...r.origin },
    ...(r.customData !== undefined ? { customData: r.customData } : {}),
  };
  const receiptUrl = `https://sandbox.invalid/receipts/${encodeURIComponent(p.transactionId ?? "")}`;
  switch (p.status) {
    case "PAID":
      return { ...base, paidAt: p.paidAt, pgTxId: p.pgTxId, receiptUrl, disputes: [], cashReceiptIssuanceStatus: "NOT_ISSUED" };
    case "PARTIAL_CANCELLED":
    case "CANCELLED":
      return {
        ...base,
        paidAt: p.paidAt,
        pgTxId: p.pgTxId,
        receiptUrl,
        cancellations: p.cancellations.map(cancellationJson),
        cancelledAt: p.cancelledAt,
      };
    case "FAILED":
      return { ...base, failedAt: p.failedAt, failure: p.failure };
    default:
      return base;
  }
}

/** `requester` is ours (kept for audits); the schema's PaymentCancellation has no such field. */
export function cancellationJson(c: Cancellation): Record<string, unknown> {
  const { requester: _requester, ...rest } = c;
  return rest;
}
