/** Every API path the web app calls, in one place; paths, parameters and bodies are checked against the generated OpenAPI types. */
import { answer, api, publicApi, uploadWithProgress, type Session } from "./client";
import type {
  CancelPreview,
  Checkout,
  Notification,
  NotificationPreferences,
  Page,
  PaymentResult,
  PaymentsConfig,
  PayMethod,
  Quote,
  RefundPolicy,
  RequestBody,
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

const idem = (key: string) => ({ header: { "Idempotency-Key": key } });

export const auth = {
  signup: async (body: RequestBody<"/api/auth/signup", "post">): Promise<Session> => answer(publicApi.POST("/api/auth/signup", { body })),
  login: async (body: RequestBody<"/api/auth/login", "post">): Promise<Session> => answer(publicApi.POST("/api/auth/login", { body })),
  logout: () => answer(api.POST("/api/auth/logout")),
};

export const stores = {
  list: async () => asList<Store>(await answer(publicApi.GET("/api/stores")), "stores"),
  get: (storeId: string) => answer(publicApi.GET("/api/stores/{storeId}", { params: { path: { storeId } } })) as Promise<Store>,
  slots: async (storeId: string, date: string) =>
    asList<Slot>(await answer(publicApi.GET("/api/stores/{storeId}/slots", { params: { path: { storeId }, query: { date } } })), "slots"),
};

export const refundPolicy = {
  get: () => answer(publicApi.GET("/api/refund-policy")) as Promise<RefundPolicy>,
};

export const uploads = {
  create: (file: File, onProgress: (f: number) => void, signal?: AbortSignal) =>
    uploadWithProgress<Upload>("/uploads", file, onProgress, signal),
};

export const quotes = {
  create: (body: RequestBody<"/api/quotes", "post">, signal?: AbortSignal) =>
    answer(api.POST("/api/quotes", { body, signal })) as Promise<Quote>,
};

export const reservations = {
  create: (body: RequestBody<"/api/reservations", "post">, idempotencyKey: string) =>
    answer(api.POST("/api/reservations", { body, params: idem(idempotencyKey) })),
  /** newest first; `before` is the previous page's `next` (the service's `nextBefore`) */
  page: async (before?: string, limit = PAGE_SIZE): Promise<Page<Reservation>> => {
    const body = await answer(api.GET("/api/reservations", { params: { query: { limit, ...(before ? { before } : {}) } } }));
    return { items: asList<Reservation>(body, "reservations"), next: cursorOf(body, "nextBefore") };
  },
  get: (reservationId: string) =>
    answer(api.GET("/api/reservations/{reservationId}", { params: { path: { reservationId } } })) as Promise<Reservation>,
  cancelPreview: (reservationId: string) =>
    answer(api.GET("/api/reservations/{reservationId}/cancel-preview", { params: { path: { reservationId } } })) as Promise<CancelPreview>,
  /** `expectedRefundAmount`: the amount the customer saw; the server refuses if the policy now gives another */
  cancel: (reservationId: string, reason: string, idempotencyKey: string, expectedRefundAmount?: number) =>
    answer(
      api.POST("/api/reservations/{reservationId}/cancel", {
        params: { path: { reservationId }, ...idem(idempotencyKey) },
        body: { reason, ...(expectedRefundAmount !== undefined ? { expectedRefundAmount } : {}) },
      }),
    ) as Promise<{ reservation: Reservation; refundAmount: number; refundPercent?: number; message?: string }>,
};

export const payments = {
  config: () => answer(publicApi.GET("/api/payments/config")) as Promise<PaymentsConfig>,
  checkout: (reservationId: string, payMethod: PayMethod, idempotencyKey: string) =>
    answer(api.POST("/api/payments/checkout", { body: { reservationId, payMethod }, params: idem(idempotencyKey) })) as Promise<Checkout>,
  complete: (paymentId: string) =>
    answer(api.POST("/api/payments/{paymentId}/complete", { params: { path: { paymentId } } })) as Promise<PaymentResult>,
  get: (paymentId: string) => answer(api.GET("/api/payments/{paymentId}", { params: { path: { paymentId } } })) as Promise<PaymentResult>,
};

export const notifications = {
  /** newest first; `cursor` is the previous page's `next` (the service's `nextCursor`) */
  page: async (cursor?: string, limit = PAGE_SIZE): Promise<Page<Notification>> => {
    const body = await answer(api.GET("/api/notifications", { params: { query: { limit, ...(cursor ? { cursor } : {}) } } }));
    return { items: asList<Notification>(body, "notifications"), next: cursorOf(body, "nextCursor") };
  },
  unreadCount: async () => Number(((await answer(api.GET("/api/notifications/unread-count"))) as { count?: number }).count ?? 0),
  markRead: (notificationId: string) =>
    answer(api.POST("/api/notifications/{notificationId}/read", { params: { path: { notificationId } } })),
  /** marks every notification of the signed-in user read; the number marked */
  markAllRead: async () =>
    Number(((await answer(api.POST("/api/notifications/read-all"))) as { marked?: number } | undefined)?.marked ?? 0),
  preferences: () => answer(api.GET("/api/notifications/preferences")) as Promise<NotificationPreferences>,
  setPreferences: (emailEnabled: boolean) =>
    answer(api.PUT("/api/notifications/preferences", { body: { emailEnabled } })) as Promise<NotificationPreferences>,
};

export type StaffAction = "printing" | "ready" | "picked-up";

export const staff = {
  /** the day's paid reservations grouped by slot, in slot order */
  queue: async (storeId: string, date: string) =>
    asList<StaffSlotGroup>(await answer(api.GET("/api/staff/reservations", { params: { query: { storeId, date } } })), "slots"),
  act: (reservationId: string, action: StaffAction, idempotencyKey: string, pickupCode?: string) => {
    const params = { path: { reservationId } };
    // the service keys these by Idempotency-Key too; the document does not list the header for them
    const headers = { "idempotency-key": idempotencyKey };
    const done =
      action === "printing"
        ? api.POST("/api/staff/reservations/{reservationId}/printing", { params, headers })
        : action === "ready"
          ? api.POST("/api/staff/reservations/{reservationId}/ready", { params, headers })
          : api.POST("/api/staff/reservations/{reservationId}/picked-up", { params, headers, body: { pickupCode: pickupCode ?? "" } });
    return answer(done);
  },
  resolveAlert: (alertId: string) => answer(api.POST("/api/staff/alerts/{alertId}/resolve", { params: { path: { alertId } } })),
  refund: (reservationId: string, amount: number, reason: string, idempotencyKey: string) =>
    answer(
      api.POST("/api/staff/reservations/{reservationId}/refund", {
        params: { path: { reservationId }, ...idem(idempotencyKey) },
        body: { amount, reason },
      }),
    ),
  /** an uploaded PDF to print (the bearer token goes in the header, so not a plain link) */
  file: async (reservationId: string, uploadId: string): Promise<Blob> =>
    answer(
      api.GET("/api/staff/reservations/{reservationId}/files/{uploadId}", {
        params: { path: { reservationId, uploadId } },
        parseAs: "blob",
      }),
    ) as Promise<Blob>,
  /** the open alerts of the signed-in staff member's store */
  alerts: async () => asList<StaffAlert>(await answer(api.GET("/api/staff/alerts")), "alerts"),
};
