/** Every API path the web app calls, in one place. */
import { api, uploadWithProgress, type Session } from "./client";
import type {
  CancelPreview,
  Checkout,
  ItemInput,
  Notification,
  NotificationPreferences,
  Page,
  PaymentResult,
  PaymentsConfig,
  PayMethod,
  Quote,
  RefundPolicy,
  Reservation,
  Slot,
  StaffAlert,
  StaffSlotGroup,
  Store,
  Upload,
} from "./types";

/** Lists come back either as a bare array or wrapped (`{items}`, `{data}`, `{reservations}` …). */
export function asList<T>(body: unknown, ...keys: string[]): T[] {
  if (Array.isArray(body)) return body as T[];
  if (body && typeof body === "object") {
    for (const k of [...keys, "items", "data", "results"]) {
      const v = (body as Record<string, unknown>)[k];
      if (Array.isArray(v)) return v as T[];
    }
  }
  return [];
}

/** Items per page of the paginated lists ("더 보기"). */
export const PAGE_SIZE = 20;

function cursorOf(body: unknown, key: string): string | null {
  if (!body || typeof body !== "object") return null;
  const v = (body as Record<string, unknown>)[key];
  return typeof v === "string" && v ? v : null;
}

export const auth = {
  signup: (body: { email: string; password: string; name: string; phone: string }) =>
    api<Session>("/auth/signup", { body, auth: false }),
  login: (body: { email: string; password: string }) => api<Session>("/auth/login", { body, auth: false }),
  logout: () => api<void>("/auth/logout", { method: "POST" }),
};

export const stores = {
  list: async () => asList<Store>(await api<unknown>("/stores", { auth: false }), "stores"),
  get: (storeId: string) => api<Store>(`/stores/${encodeURIComponent(storeId)}`, { auth: false }),
  slots: async (storeId: string, date: string) =>
    asList<Slot>(
      await api<unknown>(`/stores/${encodeURIComponent(storeId)}/slots?date=${encodeURIComponent(date)}`, { auth: false }),
      "slots",
    ),
};

export const refundPolicy = {
  get: () => api<RefundPolicy>("/refund-policy", { auth: false }),
};

export const uploads = {
  create: (file: File, onProgress: (f: number) => void, signal?: AbortSignal) =>
    uploadWithProgress<Upload>("/uploads", file, onProgress, signal),
};

export const quotes = {
  create: (body: { storeId: string; items: ItemInput[] }, signal?: AbortSignal) =>
    api<Quote>("/quotes", { body, signal }),
};

export const reservations = {
  create: (
    body: { storeId: string; slotId: string; items: ItemInput[]; madeToOrderConsent?: { noticeVersion: string; accepted: true } },
    idempotencyKey: string,
  ) =>
    api<Reservation>("/reservations", { body, idempotencyKey }),
  /** newest first; `before` is the previous page's `next` (the service's `nextBefore`) */
  page: async (before?: string, limit = PAGE_SIZE): Promise<Page<Reservation>> => {
    const q = new URLSearchParams({ limit: String(limit) });
    if (before) q.set("before", before);
    const body = await api<unknown>(`/reservations?${q}`);
    return { items: asList<Reservation>(body, "reservations"), next: cursorOf(body, "nextBefore") };
  },
  get: (id: string) => api<Reservation>(`/reservations/${encodeURIComponent(id)}`),
  cancelPreview: (id: string) => api<CancelPreview>(`/reservations/${encodeURIComponent(id)}/cancel-preview`),
  /** `expectedRefundAmount`: the amount the customer saw; the server refuses if the policy now gives another */
  cancel: (id: string, reason: string, idempotencyKey: string, expectedRefundAmount?: number) =>
    api<{ reservation: Reservation; refundAmount: number; refundPercent?: number; message?: string }>(
      `/reservations/${encodeURIComponent(id)}/cancel`,
      { body: { reason, ...(expectedRefundAmount !== undefined ? { expectedRefundAmount } : {}) }, idempotencyKey },
    ),
};

export const payments = {
  config: () => api<PaymentsConfig>("/payments/config", { auth: false }),
  checkout: (reservationId: string, payMethod: PayMethod, idempotencyKey: string) =>
    api<Checkout>("/payments/checkout", { body: { reservationId, payMethod }, idempotencyKey }),
  complete: (paymentId: string) =>
    api<PaymentResult>(`/payments/${encodeURIComponent(paymentId)}/complete`, { method: "POST", body: {} }),
  get: (paymentId: string) => api<PaymentResult>(`/payments/${encodeURIComponent(paymentId)}`),
};

export const notifications = {
  /** newest first; `cursor` is the previous page's `next` (the service's `nextCursor`) */
  page: async (cursor?: string, limit = PAGE_SIZE): Promise<Page<Notification>> => {
    const q = new URLSearchParams({ limit: String(limit) });
    if (cursor) q.set("cursor", cursor);
    const body = await api<unknown>(`/notifications?${q}`);
    return { items: asList<Notification>(body, "notifications"), next: cursorOf(body, "nextCursor") };
  },
  unreadCount: async () => (await api<{ count: number }>("/notifications/unread-count")).count,
  markRead: (id: string) => api<unknown>(`/notifications/${encodeURIComponent(id)}/read`, { method: "POST", body: {} }),
  /** marks every notification of the signed-in user read; the number marked */
  markAllRead: async () => Number((await api<{ marked?: number }>("/notifications/read-all", { method: "POST", body: {} }))?.marked ?? 0),
  preferences: () => api<NotificationPreferences>("/notifications/preferences"),
  setPreferences: (emailEnabled: boolean) =>
    api<NotificationPreferences>("/notifications/preferences", { method: "PUT", body: { emailEnabled } }),
};

export type StaffAction = "printing" | "ready" | "picked-up";

export const staff = {
  /** the day's paid reservations grouped by slot, in slot order */
  queue: async (storeId: string, date: string) =>
    asList<StaffSlotGroup>(
      await api<unknown>(`/staff/reservations?storeId=${encodeURIComponent(storeId)}&date=${encodeURIComponent(date)}`),
      "slots",
    ),
  act: (id: string, action: StaffAction, idempotencyKey: string, body: Record<string, unknown> = {}) =>
    api<Reservation>(`/staff/reservations/${encodeURIComponent(id)}/${action}`, { body, idempotencyKey }),
  resolveAlert: (alertId: string) => api<void>(`/staff/alerts/${encodeURIComponent(alertId)}/resolve`, { method: "POST", body: {} }),
  refund: (id: string, amount: number, reason: string, idempotencyKey: string) =>
    api<Reservation>(`/staff/reservations/${encodeURIComponent(id)}/refund`, { body: { amount, reason }, idempotencyKey }),
  fileUrl: (id: string, uploadId: string) =>
    `/api/staff/reservations/${encodeURIComponent(id)}/files/${encodeURIComponent(uploadId)}`,
  alerts: async (storeId: string) =>
    asList<StaffAlert>(await api<unknown>(`/staff/alerts?storeId=${encodeURIComponent(storeId)}`), "alerts"),
};
