/**
 * Shapes of the public API v1 as the web app reads them. Requests and every answer the OpenAPI
 * document describes come from the generated src/api/schema.d.ts (`pnpm run gen:api`). An
 * answer the document does not describe yet (`{}` in schema.d.ts) falls back to the shape below,
 * written from the services' READMEs; `Documented` switches to the generated shape by itself once
 * the document names the answer's fields, so regenerating is the only step.
 */
import type { components, paths } from "./schema";

type KnownKeys<T> = { [K in keyof T as string extends K ? never : number extends K ? never : K]: T[K] };
/** `Generated` when the document names its fields, else the app's `Fallback`. */
export type Documented<Generated, Fallback> = [keyof KnownKeys<Generated>] extends [never] ? Fallback : Generated;

/** The items of a list answer: a bare array, or the array inside its wrapper (`{items}`, `{slots}` …). */
type Listed<A> = A extends readonly (infer E)[] ? E : { [K in keyof A]: A[K] extends readonly (infer E)[] ? E : never }[keyof A];

type Json<C> = C extends { content: { "application/json": infer B } } ? B : never;
type OkJson<R> = R extends { 200: infer A } ? Json<A> : R extends { 201: infer A } ? Json<A> : never;
/** The JSON body of an operation's success answer, as generated. */
export type Answer<P extends keyof paths, M extends "get" | "post" | "put"> = paths[P][M] extends { responses: infer R }
  ? OkJson<R>
  : never;
/** The JSON body an operation takes, as generated. */
export type RequestBody<P extends keyof paths, M extends "post" | "put"> = paths[P][M] extends {
  requestBody: { content: { "application/json": infer B } };
}
  ? B
  : never;

export type Schemas = components["schemas"];

export type ItemInput = RequestBody<"/api/reservations", "post">["items"][number];
export type ColorMode = ItemInput["colorMode"];
export type PaperSize = ItemInput["paperSize"];
export type PayMethod = RequestBody<"/api/payments/checkout", "post">["payMethod"];

export type ReservationStatus =
  "PENDING_PAYMENT" | "CONFIRMED" | "PRINTING" | "READY" | "PICKED_UP" | "EXPIRED" | "CANCELLED" | "CANCEL_REQUESTED" | "REFUNDED";

export interface PriceEntry {
  colorMode: ColorMode;
  paperSize: PaperSize;
  duplex?: boolean;
  /** won per printed page (or per sheet when `unit` says so) */
  unitPrice?: number;
  pricePerPage?: number;
  [key: string]: unknown;
}

interface StoreRead {
  id: string;
  name: string;
  address?: string;
  hours?: string | Record<string, unknown> | null;
  timeZone?: string;
  phone?: string;
  priceTable?: PriceEntry[] | Record<string, unknown> | null;
  prices?: PriceEntry[] | null;
}

interface SlotRead {
  id: string;
  startsAt: string;
  endsAt: string;
  capacity: number;
  remaining: number;
}

interface UploadRead {
  id: string;
  fileName: string;
  pages: number;
  sizeBytes: number;
  sha256?: string;
}

export interface QuoteLine extends Partial<ItemInput> {
  pages?: number;
  sheets?: number;
  unitPrice?: number;
  amount?: number;
  lineAmount?: number;
  fileName?: string;
}

interface QuoteRead {
  lines?: QuoteLine[];
  items?: QuoteLine[];
  subtotal?: number;
  minimumChargeTopUp?: number;
  totalAmount: number;
  currency?: string;
}

export interface ReservationItem extends QuoteLine {
  id?: string;
  uploadId: string;
}

interface ReservationRead {
  id: string;
  storeId: string;
  slotId: string;
  status: ReservationStatus;
  totalAmount: number;
  currency?: string;
  expiresAt?: string | null;
  pickupCode?: string | null;
  items?: ReservationItem[];
  slot?: Partial<SlotRead> | null;
  store?: Partial<StoreRead> | null;
  slotStartsAt?: string;
  slotEndsAt?: string;
  refundAmount?: number | null;
  refundedAmount?: number | null;
  refundFailed?: boolean;
  madeToOrderConsent?: MadeToOrderConsent | null;
  createdAt?: string;
  customer?: { name?: string; email?: string; phone?: string } | null;
  customerName?: string;
  [key: string]: unknown;
}

interface StaffSlotGroupRead {
  slot: { id: string; startsAt: string; endsAt: string };
  reservations: ReservationRead[];
}

interface StaffAlertRead {
  id: string;
  reservationId: string;
  kind: string;
  message: string;
  createdAt: string;
}

export interface RefundTier {
  /** refund applies when cancelling at least this many hours before the slot starts */
  minMinutesBefore?: number;
  minHoursBefore?: number;
  hoursBefore?: number;
  percent?: number;
  refundPercent?: number;
  label?: string;
  [key: string]: unknown;
}

/** 전자상거래법 §17②6: the separate notice the customer accepts before paying */
export interface MadeToOrderNotice {
  version: string;
  text: string;
  law?: string;
}

export interface MadeToOrderConsent {
  noticeVersion: string;
  text: string;
  acceptedAt: string;
}

interface RefundPolicyRead {
  version?: string;
  tiers: RefundTier[];
  /** refund once printing started, only for reservations that accepted the made-to-order notice */
  printingPercent?: number;
  readyPercent?: number;
  withdrawal?: { days: number; law?: string };
  madeToOrderNotice?: MadeToOrderNotice;
  /** Korean sentences, one per rule, as published */
  summary?: string[];
  note?: string;
  [key: string]: unknown;
}

interface CancelPreviewRead {
  refundAmount: number;
  percent?: number;
  refundPercent?: number;
  paidAmount?: number;
  totalAmount?: number;
  [key: string]: unknown;
}

export type PaymentsConfig = Answer<"/api/payments/config", "get">;

interface CheckoutRead {
  paymentId: string;
  storeId: string;
  channelKey: string;
  orderName: string;
  totalAmount: number;
  currency: string;
  payMethod: PayMethod;
  redirectUrl?: string;
  checkoutUrl?: string;
  customer?: { fullName?: string; email?: string; phoneNumber?: string; customerId?: string };
}

/** `refundStatus`/`refundedAmount`: how much of an approved payment went back (in the app or in PortOne's console) */
export type PaymentResult = Answer<"/api/payments/{paymentId}/complete", "post"> & {
  /** why PortOne declined, when the answer carries it */
  failure?: { code?: string; reason?: string } | null;
  failureCode?: string | null;
  failureReason?: string | null;
};

interface NotificationRead {
  id: string;
  title?: string;
  body?: string;
  message?: string;
  type?: string;
  createdAt: string;
  readAt?: string | null;
  read?: boolean;
  reservationId?: string | null;
  data?: Record<string, unknown> | null;
  [key: string]: unknown;
}

/** One page of a newest-first list and where the next (older) page starts; null = no more. */
export interface Page<T> {
  items: T[];
  next: string | null;
}

/** `GET/PUT /api/notifications/preferences` (notification service, decision 0043). */
interface NotificationPreferencesRead {
  emailEnabled: boolean;
  /** message types e-mailed whatever the preference says (payment and refund records) */
  alwaysEmailed: string[];
}

export type Store = Documented<Answer<"/api/stores/{storeId}", "get">, StoreRead>;
export type Slot = Listed<Documented<Answer<"/api/stores/{storeId}/slots", "get">, SlotRead[]>>;
export type Upload = Documented<Answer<"/api/uploads", "post">, UploadRead>;
export type Quote = Documented<Answer<"/api/quotes", "post">, QuoteRead>;
export type Reservation = Documented<Answer<"/api/reservations/{reservationId}", "get">, ReservationRead>;
export type StaffSlotGroup = Listed<Documented<Answer<"/api/staff/reservations", "get">, StaffSlotGroupRead[]>>;
export type StaffReservation = StaffSlotGroup["reservations"][number];
export type StaffAlert = Listed<Documented<Answer<"/api/staff/alerts", "get">, StaffAlertRead[]>>;
export type RefundPolicy = Documented<Answer<"/api/refund-policy", "get">, RefundPolicyRead>;
export type CancelPreview = Documented<Answer<"/api/reservations/{reservationId}/cancel-preview", "get">, CancelPreviewRead>;
export type Checkout = Documented<Answer<"/api/payments/checkout", "post">, CheckoutRead>;
export type Notification = Listed<Documented<Answer<"/api/notifications", "get">, NotificationRead[]>>;
export type NotificationPreferences = Documented<Answer<"/api/notifications/preferences", "get">, NotificationPreferencesRead>;
