/**
 * Shapes of the public API v1 as the web app reads them (docs/conventions.md, the gateway's
 * GET /api/docs and each service's README).
 */

export type ColorMode = "MONO" | "COLOR";
export type PaperSize = "A4" | "A3";
export type PayMethod = "CARD" | "EASY_PAY";

export type ReservationStatus =
  | "PENDING_PAYMENT"
  | "CONFIRMED"
  | "PRINTING"
  | "READY"
  | "PICKED_UP"
  | "EXPIRED"
  | "CANCELLED"
  | "CANCEL_REQUESTED"
  | "REFUNDED";

export interface PriceEntry {
  colorMode: ColorMode;
  paperSize: PaperSize;
  duplex?: boolean;
  /** won per printed page (or per sheet when `unit` says so) */
  unitPrice?: number;
  pricePerPage?: number;
  [key: string]: unknown;
}

export interface Store {
  id: string;
  name: string;
  address?: string;
  hours?: string | Record<string, unknown> | null;
  timeZone?: string;
  phone?: string;
  priceTable?: PriceEntry[] | Record<string, unknown> | null;
  prices?: PriceEntry[] | null;
}

export interface Slot {
  id: string;
  startsAt: string;
  endsAt: string;
  capacity: number;
  remaining: number;
}

export interface Upload {
  id: string;
  fileName: string;
  pages: number;
  sizeBytes: number;
  sha256?: string;
}

export interface ItemInput {
  uploadId: string;
  colorMode: ColorMode;
  duplex: boolean;
  paperSize: PaperSize;
  copies: number;
}

export interface QuoteLine extends Partial<ItemInput> {
  pages?: number;
  sheets?: number;
  unitPrice?: number;
  amount?: number;
  lineAmount?: number;
  fileName?: string;
}

export interface Quote {
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

export interface Reservation {
  id: string;
  storeId: string;
  slotId: string;
  status: ReservationStatus;
  totalAmount: number;
  currency?: string;
  expiresAt?: string | null;
  pickupCode?: string | null;
  items?: ReservationItem[];
  slot?: Partial<Slot> | null;
  store?: Partial<Store> | null;
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

export interface StaffSlotGroup {
  slot: { id: string; startsAt: string; endsAt: string };
  reservations: Reservation[];
}

export interface StaffAlert {
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

export interface RefundPolicy {
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

export interface CancelPreview {
  refundAmount: number;
  percent?: number;
  refundPercent?: number;
  paidAmount?: number;
  totalAmount?: number;
  [key: string]: unknown;
}

export interface PaymentsConfig {
  mode: "sandbox" | "test" | "live";
  storeId: string;
  methods: { payMethod: PayMethod; channelKey: string }[];
}

export interface Checkout {
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

export interface PaymentResult {
  paymentId: string;
  status: "APPROVED" | "FAILED" | "PENDING" | string;
  reservationId?: string;
  failure?: { code?: string; reason?: string } | null;
  failureCode?: string | null;
  failureReason?: string | null;
  /** how much of an approved payment went back (in the app or in PortOne's console) */
  refundStatus?: "NONE" | "PARTIAL" | "FULL";
  refundedAmount?: number;
  [key: string]: unknown;
}

export interface Notification {
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
export interface NotificationPreferences {
  emailEnabled: boolean;
  /** message types e-mailed whatever the preference says (payment and refund records) */
  alwaysEmailed: string[];
}
