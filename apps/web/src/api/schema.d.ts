/**
 * Generated from docs/openapi.json by `pnpm --filter @preprint/web run gen:api`. Do not edit:
 * change the services' schemas, regenerate the document, then run the command.
 */

export interface paths {
    "/api/admin/stores/{storeId}/devices": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The store's devices
         * @description Staff of the store, or an owner whose token names the store (`storeId` or `storeIds`). Revoked devices are listed with revokedAt.
         */
        get: operations["getAdminStoresByStoreIdDevices"];
        put?: never;
        /**
         * Register a device
         * @description Staff of the store, or an owner whose token names the store (`storeId` or `storeIds`). The answer is the only one that carries the device's token (`ppd_…`): it is never shown again.
         */
        post: operations["postAdminStoresByStoreIdDevices"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/stores/{storeId}/devices/{deviceId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Revoke a device
         * @description Staff of the store, or an owner whose token names the store (`storeId` or `storeIds`). Its token is refused from the next request.
         */
        delete: operations["deleteAdminStoresByStoreIdDevicesByDeviceId"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/agent/jobs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Take print jobs (long poll)
         * @description A print agent's token. Held up to `wait` seconds until a job is released or canceled; `{jobs: [], cancel: []}` when nothing happened.
         */
        get: operations["getAgentJobs"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/agent/jobs/{jobId}/document": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A job's document
         * @description A print agent's token; jobs given to this agent only. Streamed from the document store: an answer cut short of its Content-Length is fetched again.
         */
        get: operations["getAgentJobsByJobIdDocument"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/agent/jobs/{jobId}/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Report a job's progress
         * @description A print agent's token. Idempotent by (jobId, seq): the same event again is `duplicate: true`; different content under a taken seq is 409.
         */
        post: operations["postAgentJobsByJobIdEvents"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/agent/printer-status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Report a printer's status
         * @description A print agent's token. The newest report per (agent, printer) is kept.
         */
        post: operations["postAgentPrinterStatus"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign in */
        post: operations["postAuthLogin"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign out this device (revokes the refresh token family) */
        post: operations["postAuthLogout"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The signed-in user */
        get: operations["getAuthMe"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/refresh": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Exchange the refresh cookie for a new access token (the cookie rotates) */
        post: operations["postAuthRefresh"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/signup": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Create a customer account */
        post: operations["postAuthSignup"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/docs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * This document (OpenAPI 3.1), built from the services' own documents
         * @description A service whose document could not be read is listed in `x-unavailable`; its operations are missing until it answers again.
         */
        get: operations["getDocs"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Readiness of every service and the gateway's database */
        get: operations["getHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/kiosk/release": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Release a reservation by its pickup code
         * @description A kiosk's token. The reservation's print jobs are released to the store's print agent. Five wrong codes a minute on one kiosk are answered 429 TOO_MANY_CODE_TRIES with Retry-After.
         */
        post: operations["postKioskRelease"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/kiosk/reservations/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A released reservation's progress
         * @description A kiosk's token; reservations released in the kiosk's store only. Polled while the jobs print.
         */
        get: operations["getKioskReservationsById"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/notifications": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * My inbox
         * @description Newest first; the page and unreadCount are read from one snapshot, so they always agree.
         */
        get: operations["getNotifications"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/notifications/{notificationId}/read": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Mark one read
         * @description Idempotent: the first read time is kept. Someone else's notification is not found.
         */
        post: operations["postNotificationsByNotificationIdRead"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/notifications/preferences": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** E-mail preferences (customers) */
        get: operations["getNotificationsPreferences"];
        /**
         * Change e-mail preferences (customers)
         * @description Payment and refund e-mails are sent whatever emailEnabled says (alwaysEmailed).
         */
        put: operations["putNotificationsPreferences"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/notifications/read-all": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Mark all read */
        post: operations["postNotificationsReadAll"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/notifications/stream": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Live updates (Server-Sent Events)
         * @description Events `notification` (a list item), `reservation.status`, `resync` and `superseded`. EventSource cannot send headers: the access token may come as ?access_token=. Resume with the Last-Event-ID header or ?lastEventId=. Any method but GET is 405.
         */
        get: operations["getNotificationsStream"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/notifications/unread-count": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Unread count */
        get: operations["getNotificationsUnreadCount"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/payments/{paymentId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Our record of a payment */
        get: operations["getPaymentsByPaymentId"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/payments/{paymentId}/complete": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Confirm a payment after the browser flow (idempotent) */
        post: operations["postPaymentsByPaymentIdComplete"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/payments/checkout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Start paying a reservation */
        post: operations["postPaymentsCheckout"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/payments/config": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** PortOne browser SDK configuration */
        get: operations["getPaymentsConfig"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/payments/webhooks/portone": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** PortOne webhook (Standard Webhooks signature over the raw body) */
        post: operations["postPaymentsWebhooksPortone"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/quotes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Price items server-side */
        post: operations["postQuotes"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/refund-policy": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The published refund policy */
        get: operations["getRefundPolicy"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/reservations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** My reservations */
        get: operations["getReservations"];
        put?: never;
        /** Reserve a slot (holds capacity until expiresAt) */
        post: operations["postReservations"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/reservations/{reservationId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One of my reservations (pickup code once paid) */
        get: operations["getReservationsByReservationId"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/reservations/{reservationId}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Cancel (unpaid: CANCELLED; paid: CANCEL_REQUESTED with the policy's refund) */
        post: operations["postReservationsByReservationIdCancel"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/reservations/{reservationId}/cancel-preview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** What cancelling now would refund under the policy */
        get: operations["getReservationsByReservationIdCancelPreview"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/staff/alerts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Problems staff must handle (failed refunds, refunds made outside the app) */
        get: operations["getStaffAlerts"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/staff/alerts/{alertId}/resolve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Mark an alert handled */
        post: operations["postStaffAlertsByAlertIdResolve"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/staff/reservations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The store's queue for a day */
        get: operations["getStaffReservations"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/staff/reservations/{reservationId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One reservation of the store */
        get: operations["getStaffReservationsByReservationId"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/staff/reservations/{reservationId}/files/{uploadId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Download an uploaded PDF to print */
        get: operations["getStaffReservationsByReservationIdFilesByUploadId"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/staff/reservations/{reservationId}/picked-up": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Hand over (pickup code checked) */
        post: operations["postStaffReservationsByReservationIdPickedUp"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/staff/reservations/{reservationId}/printing": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Start printing */
        post: operations["postStaffReservationsByReservationIdPrinting"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/staff/reservations/{reservationId}/ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Mark ready for pickup */
        post: operations["postStaffReservationsByReservationIdReady"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/staff/reservations/{reservationId}/refund": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Refund part or all of the payment (integer won) */
        post: operations["postStaffReservationsByReservationIdRefund"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/stores": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Stores with address, hours, time zone and price table */
        get: operations["getStores"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/stores/{storeId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One store */
        get: operations["getStoresByStoreId"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/stores/{storeId}/slots": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Pickup slots of a day with remaining capacity */
        get: operations["getStoresByStoreIdSlots"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/uploads": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Upload a PDF (multipart field `file`) */
        post: operations["postUploads"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/uploads/{uploadId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One of my uploads */
        get: operations["getUploadsByUploadId"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/uploads/{uploadId}/file": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Download one of my uploads */
        get: operations["getUploadsByUploadIdFile"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        AuthResponse: {
            /** @description JWT (HS256), send as `Authorization: Bearer <token>` */
            accessToken: string;
            /** @description access token lifetime in seconds */
            expiresIn: number;
            /** @constant */
            tokenType: "Bearer";
            user: components["schemas"]["User"];
        };
        Health: {
            components: {
                [key: string]: {
                    /** @enum {string} */
                    status: "up" | "down";
                };
            };
            /** @enum {string} */
            status: "ready" | "degraded";
        };
        InternalReservation: {
            /** @constant */
            currency: "KRW";
            customer: {
                email: string;
                id: string;
                name: string;
                phone: string | null;
            };
            customerId: string;
            /** Format: date-time */
            expiresAt: string;
            id: string;
            orderName: string;
            paidAmount: number;
            paymentId: string | null;
            refundedAmount: number;
            slot: {
                /** Format: date-time */
                endsAt: string;
                id: string;
                /** Format: date-time */
                startsAt: string;
            };
            /** @enum {string} */
            status: "PENDING_PAYMENT" | "CONFIRMED" | "PRINTING" | "READY" | "PICKED_UP" | "EXPIRED" | "CANCELLED" | "CANCEL_REQUESTED" | "REFUNDED";
            store: {
                id: string;
                name: string;
                timeZone: string;
            };
            totalAmount: number;
        };
        LoginRequest: {
            /** @example customer@example.com */
            email: string;
            password: string;
        };
        MeResponse: {
            user: components["schemas"]["User"];
        };
        Notification: {
            body: string;
            /** @description ISO 8601 */
            createdAt: string;
            /** @description what the page needs to link or show (reservation id, amounts …) */
            data: {
                [key: string]: unknown;
            };
            /** @description ntf_<ULID> */
            id: string;
            /** @description ISO 8601; null while unread */
            readAt: string | null;
            title: string;
            /** @description the event type the notification was made from, e.g. reservation.ready */
            type: string;
        };
        NotificationPage: {
            items: components["schemas"]["Notification"][];
            /** @description pass as `cursor` for the next (older) page; null on the last page */
            nextCursor: string | null;
            /** @description unread notifications of the audience, read in the same snapshot as the page */
            unreadCount: number;
        };
        NotificationPreferences: {
            /** @description event types e-mailed whatever emailEnabled says (payment and refund) */
            alwaysEmailed: string[];
            emailEnabled: boolean;
        };
        /**
         * @description RFC 9457 problem details with a stable machine `code`
         * @example {
         *       "type": "https://preprint.kr/problems/slot-full",
         *       "title": "Conflict",
         *       "status": 409,
         *       "detail": "The slot is full.",
         *       "code": "SLOT_FULL"
         *     }
         */
        Problem: {
            /** @description stable, SCREAMING_SNAKE (SLOT_FULL, RESERVATION_EXPIRED, AMOUNT_MISMATCH, VALIDATION_FAILED …) */
            code: string;
            detail: string;
            /** @description VALIDATION_FAILED: one entry per bad field */
            errors?: {
                message: string;
                path: string;
            }[];
            status: number;
            title: string;
            type: string;
        };
        SignupRequest: {
            /** @example customer@example.com */
            email: string;
            /** @example 김민지 */
            name: string;
            password: string;
            /** @example 010-1234-5678 */
            phone: string;
        };
        User: {
            /** Format: date-time */
            createdAt: string;
            email: string;
            /** @example usr_01JD4Z9W7Q3M2N8R5T6V7X8Y9Z */
            id: string;
            name: string;
            phone: string;
            /** @enum {string} */
            role: "customer" | "staff";
            /** @description staff: the store they work for */
            storeId: string | null;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getAdminStoresByStoreIdDevices: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                storeId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description {devices} */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        devices: {
                            createdAt: string;
                            deviceId: string;
                            /** @enum {string} */
                            kind: "KIOSK" | "PRINT_AGENT";
                            lastSeenAt: string | null;
                            name: string;
                            revokedAt: string | null;
                            storeId: string;
                            tokenHint: string;
                        }[];
                    };
                };
            };
            /** @description Invalid request (VALIDATION_FAILED and others) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not signed in, or the token is invalid/expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited or sign-in locked (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service is unavailable */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service did not answer in time */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postAdminStoresByStoreIdDevices: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                storeId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @enum {string} */
                    kind: "KIOSK" | "PRINT_AGENT";
                    name: string;
                };
            };
        };
        responses: {
            /** @description The device and its token */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        createdAt: string;
                        deviceId: string;
                        /** @enum {string} */
                        kind: "KIOSK" | "PRINT_AGENT";
                        lastSeenAt: string | null;
                        name: string;
                        revokedAt: string | null;
                        storeId: string;
                        token: string;
                        tokenHint: string;
                    };
                };
            };
            /** @description Invalid request (VALIDATION_FAILED and others) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not signed in, or the token is invalid/expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited or sign-in locked (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service is unavailable */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service did not answer in time */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteAdminStoresByStoreIdDevicesByDeviceId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                deviceId: string;
                storeId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Revoked */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid request (VALIDATION_FAILED and others) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not signed in, or the token is invalid/expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited or sign-in locked (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service is unavailable */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service did not answer in time */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getAgentJobs: {
        parameters: {
            query?: {
                wait?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Jobs to print and attempts to cancel */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        cancel: {
                            attempt: number;
                            jobId: string;
                        }[];
                        jobs: {
                            attempt: number;
                            /** @enum {string} */
                            colorMode: "color" | "monochrome";
                            copies: number;
                            documentUrl: string;
                            duplex: boolean;
                            fileName: string;
                            jobId: string;
                            pages: number;
                            paperSize: string;
                            reservationId: string;
                        }[];
                    };
                };
            };
            /** @description Invalid request (VALIDATION_FAILED and others) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not signed in, or the token is invalid/expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited or sign-in locked (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service is unavailable */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service did not answer in time */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getAgentJobsByJobIdDocument: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                jobId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The PDF */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/pdf": string;
                };
            };
            /** @description Invalid request (VALIDATION_FAILED and others) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not signed in, or the token is invalid/expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Gone */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited or sign-in locked (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service is unavailable */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not ready, or a capacity budget is spent (see Retry-After) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service did not answer in time */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postAgentJobsByJobIdEvents: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                jobId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: date-time */
                    at: string;
                    attempt: number;
                    /** @default 0 */
                    impressionsCompleted?: number;
                    message?: string;
                    /** @default null */
                    printerJobId?: number | null;
                    printerUri: string;
                    /** @default [] */
                    reasons?: string[];
                    seq: number;
                    /** @enum {string} */
                    state: "received" | "waiting" | "pending" | "pending-held" | "processing" | "processing-stopped" | "completed" | "aborted" | "canceled" | "failed" | "unknown";
                };
            };
        };
        responses: {
            /** @description {accepted, duplicate} */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        accepted: true;
                        duplicate: boolean;
                    };
                };
            };
            /** @description Invalid request (VALIDATION_FAILED and others) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not signed in, or the token is invalid/expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state (e.g. SLOT_FULL) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited or sign-in locked (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service is unavailable */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service did not answer in time */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postAgentPrinterStatus: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    acceptingJobs: boolean;
                    agentVersion?: string;
                    /** Format: date-time */
                    at: string;
                    /** @default [] */
                    documentFormats?: string[];
                    printerUri: string;
                    /** @default [] */
                    reasons?: string[];
                    state: string;
                };
            };
        };
        responses: {
            /** @description Recorded */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid request (VALIDATION_FAILED and others) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not signed in, or the token is invalid/expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited or sign-in locked (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service is unavailable */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service did not answer in time */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postAuthLogin: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["LoginRequest"];
            };
        };
        responses: {
            /** @description Signed in; the refresh token is set as an httpOnly cookie */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuthResponse"];
                };
            };
            /** @description Invalid request (VALIDATION_FAILED and others) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not signed in, or the token is invalid/expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited or sign-in locked (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postAuthLogout: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Signed out; cookie cleared */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited or sign-in locked (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getAuthMe: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The user */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MeResponse"];
                };
            };
            /** @description Not signed in, or the token is invalid/expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited or sign-in locked (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postAuthRefresh: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description New access token; new refresh cookie */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuthResponse"];
                };
            };
            /** @description Not signed in, or the token is invalid/expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited or sign-in locked (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postAuthSignup: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SignupRequest"];
            };
        };
        responses: {
            /** @description Signed up; the refresh token is set as an httpOnly cookie */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuthResponse"];
                };
            };
            /** @description Invalid request (VALIDATION_FAILED and others) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state (e.g. SLOT_FULL) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited or sign-in locked (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getDocs: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OpenAPI 3.1 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        openapi: string;
                        paths: {
                            [key: string]: unknown;
                        };
                        "x-unavailable"?: {
                            [key: string]: string;
                        };
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Rate limited or sign-in locked (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getHealth: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description All ready */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
            /** @description Rate limited or sign-in locked (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not all ready: the same body, status degraded */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
        };
    };
    postKioskRelease: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    pickupCode: string;
                };
            };
        };
        responses: {
            /** @description The reservation as the kiosk shows it (the customer's name masked) */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        customerName: string;
                        items: {
                            copies: number;
                            fileName: string;
                            impressionsPaid: number;
                            impressionsPrinted: number;
                            jobId: string;
                            pages: number;
                            status: string;
                        }[];
                        reservationId: string;
                        slot: {
                            endsAt: string;
                            startsAt: string;
                        };
                        /** @enum {string} */
                        status: "WAITING" | "QUEUED" | "PRINTING" | "COMPLETED" | "NEEDS_STAFF" | "CANCELED";
                    };
                };
            };
            /** @description Invalid request (VALIDATION_FAILED and others) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not signed in, or the token is invalid/expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited or sign-in locked (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service is unavailable */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service did not answer in time */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getKioskReservationsById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The reservation as the kiosk shows it */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        customerName: string;
                        items: {
                            copies: number;
                            fileName: string;
                            impressionsPaid: number;
                            impressionsPrinted: number;
                            jobId: string;
                            pages: number;
                            status: string;
                        }[];
                        reservationId: string;
                        slot: {
                            endsAt: string;
                            startsAt: string;
                        };
                        /** @enum {string} */
                        status: "WAITING" | "QUEUED" | "PRINTING" | "COMPLETED" | "NEEDS_STAFF" | "CANCELED";
                    };
                };
            };
            /** @description Invalid request (VALIDATION_FAILED and others) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not signed in, or the token is invalid/expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited or sign-in locked (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service is unavailable */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service did not answer in time */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getNotifications: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
                unread?: "true" | "false";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Notifications, the next page's cursor and the unread count */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NotificationPage"];
                };
            };
            /** @description Invalid request (VALIDATION_FAILED and others) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not signed in, or the token is invalid/expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited or sign-in locked (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service is unavailable */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service did not answer in time */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postNotificationsByNotificationIdRead: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                notificationId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The notification with readAt */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Notification"];
                };
            };
            /** @description Invalid request (VALIDATION_FAILED and others) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not signed in, or the token is invalid/expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited or sign-in locked (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service is unavailable */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service did not answer in time */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getNotificationsPreferences: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Preferences */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NotificationPreferences"];
                };
            };
            /** @description Not signed in, or the token is invalid/expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited or sign-in locked (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service is unavailable */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service did not answer in time */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    putNotificationsPreferences: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description false = no e-mail for optional messages; payment and refund e-mails are always sent */
                    emailEnabled: boolean;
                };
            };
        };
        responses: {
            /** @description Preferences */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NotificationPreferences"];
                };
            };
            /** @description Invalid request (VALIDATION_FAILED and others) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not signed in, or the token is invalid/expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited or sign-in locked (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service is unavailable */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service did not answer in time */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postNotificationsReadAll: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description {marked} */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description notifications that were unread */
                        marked: number;
                    };
                };
            };
            /** @description Not signed in, or the token is invalid/expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited or sign-in locked (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service is unavailable */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service did not answer in time */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getNotificationsStream: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description An event stream */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": string;
                };
            };
            /** @description Invalid request (VALIDATION_FAILED and others) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not signed in, or the token is invalid/expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Error */
            405: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited or sign-in locked (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service is unavailable */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not ready, or a capacity budget is spent (see Retry-After) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service did not answer in time */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getNotificationsUnreadCount: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description {count} */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        count: number;
                    };
                };
            };
            /** @description Not signed in, or the token is invalid/expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited or sign-in locked (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service is unavailable */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service did not answer in time */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getPaymentsByPaymentId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description `pay` + ULID: letters and digits, at most 40 */
                paymentId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Payment */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description integer amount in KRW */
                        amount: number;
                        approvedAt: string | null;
                        /** @description ISO 8601 time */
                        createdAt: string;
                        /** @constant */
                        currency: "KRW";
                        failedAt: string | null;
                        failure: {
                            code: string;
                            reason: string | null;
                        } | null;
                        orderName: string;
                        paymentId: string;
                        /** @enum {string} */
                        payMethod: "CARD" | "EASY_PAY";
                        /** @description integer amount in KRW */
                        refundableAmount: number;
                        /** @description integer amount in KRW */
                        refundedAmount: number;
                        refunds: {
                            /** @description integer amount in KRW */
                            amount: number;
                            completedAt: string | null;
                            errorType: string | null;
                            /** @enum {string} */
                            origin: "APP" | "EXTERNAL";
                            reason: string;
                            refundId: string;
                            /** @description ISO 8601 time */
                            requestedAt: string;
                            /** @enum {string} */
                            status: "REQUESTED" | "SUCCEEDED" | "FAILED";
                        }[];
                        /** @enum {string} */
                        refundStatus: "NONE" | "PARTIAL" | "FULL";
                        reservationId: string;
                        /** @enum {string} */
                        status: "APPROVED" | "FAILED" | "PENDING" | "EXPIRED";
                    };
                };
            };
            /** @description Invalid request (VALIDATION_FAILED and others) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not signed in, or the token is invalid/expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited or sign-in locked (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service is unavailable */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service did not answer in time */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postPaymentsByPaymentIdComplete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description `pay` + ULID: letters and digits, at most 40 */
                paymentId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Outcome */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        paymentId: string;
                        /** @description integer amount in KRW */
                        refundedAmount: number;
                        /** @enum {string} */
                        refundStatus: "NONE" | "PARTIAL" | "FULL";
                        reservationId: string;
                        /** @enum {string} */
                        status: "APPROVED" | "FAILED" | "PENDING" | "EXPIRED";
                    };
                };
            };
            /** @description Invalid request (VALIDATION_FAILED and others) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not signed in, or the token is invalid/expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited or sign-in locked (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service is unavailable */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service did not answer in time */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postPaymentsCheckout: {
        parameters: {
            query?: never;
            header?: {
                /** @description Retrying with the same key returns the first result */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @enum {string} */
                    payMethod: "CARD" | "EASY_PAY";
                    reservationId: string;
                };
            };
        };
        responses: {
            /** @description Browser SDK parameters incl. paymentId, totalAmount (and checkoutUrl in sandbox mode) */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        channelKey: string;
                        checkoutUrl?: string;
                        /** @constant */
                        currency: "KRW";
                        customer: {
                            customerId: string;
                            email: string;
                            fullName: string;
                            phoneNumber?: string;
                        };
                        orderName: string;
                        paymentId: string;
                        /** @enum {string} */
                        payMethod: "CARD" | "EASY_PAY";
                        redirectUrl: string;
                        reservationId: string;
                        storeId: string;
                        /** @description integer amount in KRW */
                        totalAmount: number;
                    };
                };
            };
            /** @description Invalid request (VALIDATION_FAILED and others) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not signed in, or the token is invalid/expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state (e.g. SLOT_FULL) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited or sign-in locked (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service is unavailable */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service did not answer in time */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getPaymentsConfig: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Mode, store id and channels */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        methods: {
                            channelKey: string;
                            /** @enum {string} */
                            payMethod: "CARD" | "EASY_PAY";
                        }[];
                        /** @enum {string} */
                        mode: "sandbox" | "test" | "live";
                        storeId: string;
                    };
                };
            };
            /** @description Rate limited or sign-in locked (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service is unavailable */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service did not answer in time */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postPaymentsWebhooksPortone: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    data?: {
                        paymentId?: string;
                        storeId?: string;
                        transactionId?: string;
                    } & {
                        [key: string]: unknown;
                    };
                    timestamp?: string;
                    type: string;
                } & {
                    [key: string]: unknown;
                };
            };
        };
        responses: {
            /** @description Accepted (settled, a replay, or a type we do not act on) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ignored: true;
                        /** @constant */
                        received: true;
                    } | {
                        /** @constant */
                        duplicate: true;
                        /** @constant */
                        received: true;
                    } | {
                        /** @constant */
                        received: true;
                        /** @enum {string} */
                        status: "PENDING" | "APPROVED" | "CANCELLING" | "FAILED" | "EXPIRED";
                    };
                };
            };
            /** @description Invalid request (VALIDATION_FAILED and others) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited or sign-in locked (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service is unavailable */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not ready, or a capacity budget is spent (see Retry-After) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service did not answer in time */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postQuotes: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    items: {
                        /** @enum {string} */
                        colorMode: "MONO" | "COLOR";
                        copies: number;
                        duplex: boolean;
                        /** @enum {string} */
                        paperSize: "A4" | "A3";
                        uploadId: string;
                    }[];
                    storeId: string;
                };
            };
        };
        responses: {
            /** @description Priced lines and totalAmount (integer won) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        currency: "KRW";
                        lines: {
                            /** @description integer won */
                            amount: number;
                            /** @enum {string} */
                            colorMode: "MONO" | "COLOR";
                            copies: number;
                            duplex: boolean;
                            fileName: string;
                            pages: number;
                            /** @enum {string} */
                            paperSize: "A4" | "A3";
                            /** @enum {string} */
                            unit: "SHEET" | "PAGE";
                            /** @description integer won */
                            unitPrice: number;
                            unitsPerCopy: number;
                            uploadId: string;
                        }[];
                        /** @description integer won */
                        minimumChargeTopUp: number;
                        priceTableId: string;
                        /** @description slot capacity the order takes */
                        printedPages: number;
                        storeId: string;
                        /** @description integer won */
                        subtotal: number;
                        /** @description integer won */
                        totalAmount: number;
                    };
                };
            };
            /** @description Invalid request (VALIDATION_FAILED and others) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not signed in, or the token is invalid/expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state (e.g. SLOT_FULL) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited or sign-in locked (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service is unavailable */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service did not answer in time */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getRefundPolicy: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Refund policy and the made-to-order notice */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description older shape: always 100 */
                        afterStartPercent: number;
                        madeToOrderNotice: {
                            law: string;
                            text: string;
                            version: string;
                        };
                        printingPercent: number;
                        readyPercent: number;
                        summary: string[];
                        /** @description older shape: always one 100 % tier */
                        tiers: {
                            label: string;
                            minMinutesBefore: number;
                            percent: number;
                        }[];
                        version: string;
                        withdrawal: {
                            days: number;
                            law: string;
                        };
                    };
                };
            };
            /** @description Rate limited or sign-in locked (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service is unavailable */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service did not answer in time */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getReservations: {
        parameters: {
            query?: {
                before?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Reservations, newest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            cancelReason: string | null;
                            /**
                             * Format: date-time
                             * @description ISO 8601 instant (UTC)
                             */
                            createdAt: string;
                            /** @constant */
                            currency: "KRW";
                            /**
                             * Format: date-time
                             * @description ISO 8601 instant (UTC)
                             */
                            expiresAt: string;
                            id: string;
                            items: {
                                /** @description integer won */
                                amount: number;
                                /** @enum {string} */
                                colorMode: "MONO" | "COLOR";
                                copies: number;
                                duplex: boolean;
                                fileName: string;
                                pages: number;
                                /** @enum {string} */
                                paperSize: "A4" | "A3";
                                /** @enum {string} */
                                unit: "SHEET" | "PAGE";
                                /** @description integer won */
                                unitPrice: number;
                                unitsPerCopy: number;
                                uploadId: string;
                            }[];
                            /** @description the made-to-order notice accepted before paying; null: every cancellation is refunded in full */
                            madeToOrderConsent: {
                                /**
                                 * Format: date-time
                                 * @description ISO 8601 instant (UTC)
                                 */
                                acceptedAt: string;
                                noticeVersion: string;
                                text: string;
                            } | null;
                            /** @description integer won */
                            paidAmount: number;
                            paidAt: string | null;
                            /** @description the 6-digit code, once paid */
                            pickupCode: string | null;
                            /** @description integer won */
                            refundedAmount: number;
                            slot: {
                                /**
                                 * Format: date-time
                                 * @description ISO 8601 instant (UTC)
                                 */
                                endsAt: string;
                                id: string;
                                /**
                                 * Format: date-time
                                 * @description ISO 8601 instant (UTC)
                                 */
                                startsAt: string;
                            };
                            /** @enum {string} */
                            status: "PENDING_PAYMENT" | "CONFIRMED" | "PRINTING" | "READY" | "PICKED_UP" | "EXPIRED" | "CANCELLED" | "CANCEL_REQUESTED" | "REFUNDED";
                            store: {
                                address: string;
                                id: string;
                                name: string;
                                timeZone: string;
                            };
                            /** @description integer won */
                            totalAmount: number;
                        }[];
                        /** @description pass as `before` for the next page; null on the last */
                        nextBefore: string | null;
                    };
                };
            };
            /** @description Invalid request (VALIDATION_FAILED and others) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not signed in, or the token is invalid/expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited or sign-in locked (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service is unavailable */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service did not answer in time */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postReservations: {
        parameters: {
            query?: never;
            header?: {
                /** @description Retrying with the same key returns the first result */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    items: {
                        /** @enum {string} */
                        colorMode: "MONO" | "COLOR";
                        copies: number;
                        duplex: boolean;
                        /** @enum {string} */
                        paperSize: "A4" | "A3";
                        uploadId: string;
                    }[];
                    madeToOrderConsent?: {
                        /** @constant */
                        accepted: true;
                        noticeVersion: string;
                    };
                    slotId: string;
                    storeId: string;
                };
            };
        };
        responses: {
            /** @description The reservation, PENDING_PAYMENT (Location: /reservations/{id}) */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        currency: "KRW";
                        /**
                         * Format: date-time
                         * @description ISO 8601 instant (UTC)
                         */
                        expiresAt: string;
                        id: string;
                        /** @description the made-to-order notice accepted before paying; null: every cancellation is refunded in full */
                        madeToOrderConsent: {
                            /**
                             * Format: date-time
                             * @description ISO 8601 instant (UTC)
                             */
                            acceptedAt: string;
                            noticeVersion: string;
                            text: string;
                        } | null;
                        slotId: string;
                        /** @enum {string} */
                        status: "PENDING_PAYMENT" | "CONFIRMED" | "PRINTING" | "READY" | "PICKED_UP" | "EXPIRED" | "CANCELLED" | "CANCEL_REQUESTED" | "REFUNDED";
                        storeId: string;
                        /** @description integer won */
                        totalAmount: number;
                    };
                };
            };
            /** @description Invalid request (VALIDATION_FAILED and others) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not signed in, or the token is invalid/expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state (e.g. SLOT_FULL) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited or sign-in locked (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service is unavailable */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service did not answer in time */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getReservationsByReservationId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                reservationId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Reservation */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        cancelReason: string | null;
                        /**
                         * Format: date-time
                         * @description ISO 8601 instant (UTC)
                         */
                        createdAt: string;
                        /** @constant */
                        currency: "KRW";
                        /**
                         * Format: date-time
                         * @description ISO 8601 instant (UTC)
                         */
                        expiresAt: string;
                        id: string;
                        items: {
                            /** @description integer won */
                            amount: number;
                            /** @enum {string} */
                            colorMode: "MONO" | "COLOR";
                            copies: number;
                            duplex: boolean;
                            fileName: string;
                            pages: number;
                            /** @enum {string} */
                            paperSize: "A4" | "A3";
                            /** @enum {string} */
                            unit: "SHEET" | "PAGE";
                            /** @description integer won */
                            unitPrice: number;
                            unitsPerCopy: number;
                            uploadId: string;
                        }[];
                        /** @description the made-to-order notice accepted before paying; null: every cancellation is refunded in full */
                        madeToOrderConsent: {
                            /**
                             * Format: date-time
                             * @description ISO 8601 instant (UTC)
                             */
                            acceptedAt: string;
                            noticeVersion: string;
                            text: string;
                        } | null;
                        /** @description integer won */
                        paidAmount: number;
                        paidAt: string | null;
                        /** @description the 6-digit code, once paid */
                        pickupCode: string | null;
                        /** @description integer won */
                        refundedAmount: number;
                        slot: {
                            /**
                             * Format: date-time
                             * @description ISO 8601 instant (UTC)
                             */
                            endsAt: string;
                            id: string;
                            /**
                             * Format: date-time
                             * @description ISO 8601 instant (UTC)
                             */
                            startsAt: string;
                        };
                        /** @enum {string} */
                        status: "PENDING_PAYMENT" | "CONFIRMED" | "PRINTING" | "READY" | "PICKED_UP" | "EXPIRED" | "CANCELLED" | "CANCEL_REQUESTED" | "REFUNDED";
                        store: {
                            address: string;
                            id: string;
                            name: string;
                            timeZone: string;
                        };
                        /** @description integer won */
                        totalAmount: number;
                    };
                };
            };
            /** @description Invalid request (VALIDATION_FAILED and others) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not signed in, or the token is invalid/expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited or sign-in locked (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service is unavailable */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service did not answer in time */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postReservationsByReservationIdCancel: {
        parameters: {
            query?: never;
            header?: {
                /** @description Retrying with the same key returns the first result */
                "Idempotency-Key"?: string;
            };
            path: {
                reservationId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    expectedRefundAmount?: number;
                    reason: string;
                };
            };
        };
        responses: {
            /** @description The reservation after the cancellation and its refund */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        message: string;
                        /** @description integer won */
                        refundAmount: number;
                        refundId: string | null;
                        refundPercent: number;
                        reservation: {
                            cancelReason: string | null;
                            /**
                             * Format: date-time
                             * @description ISO 8601 instant (UTC)
                             */
                            createdAt: string;
                            /** @constant */
                            currency: "KRW";
                            /**
                             * Format: date-time
                             * @description ISO 8601 instant (UTC)
                             */
                            expiresAt: string;
                            id: string;
                            items: {
                                /** @description integer won */
                                amount: number;
                                /** @enum {string} */
                                colorMode: "MONO" | "COLOR";
                                copies: number;
                                duplex: boolean;
                                fileName: string;
                                pages: number;
                                /** @enum {string} */
                                paperSize: "A4" | "A3";
                                /** @enum {string} */
                                unit: "SHEET" | "PAGE";
                                /** @description integer won */
                                unitPrice: number;
                                unitsPerCopy: number;
                                uploadId: string;
                            }[];
                            /** @description the made-to-order notice accepted before paying; null: every cancellation is refunded in full */
                            madeToOrderConsent: {
                                /**
                                 * Format: date-time
                                 * @description ISO 8601 instant (UTC)
                                 */
                                acceptedAt: string;
                                noticeVersion: string;
                                text: string;
                            } | null;
                            /** @description integer won */
                            paidAmount: number;
                            paidAt: string | null;
                            /** @description the 6-digit code, once paid */
                            pickupCode: string | null;
                            /** @description integer won */
                            refundedAmount: number;
                            slot: {
                                /**
                                 * Format: date-time
                                 * @description ISO 8601 instant (UTC)
                                 */
                                endsAt: string;
                                id: string;
                                /**
                                 * Format: date-time
                                 * @description ISO 8601 instant (UTC)
                                 */
                                startsAt: string;
                            };
                            /** @enum {string} */
                            status: "PENDING_PAYMENT" | "CONFIRMED" | "PRINTING" | "READY" | "PICKED_UP" | "EXPIRED" | "CANCELLED" | "CANCEL_REQUESTED" | "REFUNDED";
                            store: {
                                address: string;
                                id: string;
                                name: string;
                                timeZone: string;
                            };
                            /** @description integer won */
                            totalAmount: number;
                        };
                    };
                };
            };
            /** @description Invalid request (VALIDATION_FAILED and others) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not signed in, or the token is invalid/expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state (e.g. SLOT_FULL) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited or sign-in locked (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service is unavailable */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service did not answer in time */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getReservationsByReservationIdCancelPreview: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                reservationId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Refund preview */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description integer won */
                        alreadyRefunded: number;
                        cancellable: boolean;
                        /** @constant */
                        currency: "KRW";
                        message: string;
                        /** @description what the reservation becomes */
                        outcome: ("CANCELLED" | "CANCEL_REQUESTED") | null;
                        paid: boolean;
                        /** @description integer won */
                        paidAmount: number;
                        policyVersion: string | null;
                        /** @description integer won */
                        refundAmount: number;
                        refundPercent: number;
                        reservationId: string;
                        rule: ("UNPAID" | "BEFORE_PRINTING" | "WITHDRAWAL" | "PRINTING" | "READY") | null;
                        /** @enum {string} */
                        status: "PENDING_PAYMENT" | "CONFIRMED" | "PRINTING" | "READY" | "PICKED_UP" | "EXPIRED" | "CANCELLED" | "CANCEL_REQUESTED" | "REFUNDED";
                    };
                };
            };
            /** @description Invalid request (VALIDATION_FAILED and others) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not signed in, or the token is invalid/expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited or sign-in locked (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service is unavailable */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service did not answer in time */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getStaffAlerts: {
        parameters: {
            query?: {
                storeId?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Open alerts, newest first (at most 100) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * Format: date-time
                         * @description ISO 8601 instant (UTC)
                         */
                        createdAt: string;
                        id: string;
                        /** @enum {string} */
                        kind: "REFUND_FAILED" | "EXTERNAL_REFUND";
                        message: string;
                        reservationId: string;
                    }[];
                };
            };
            /** @description Invalid request (VALIDATION_FAILED and others) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not signed in, or the token is invalid/expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited or sign-in locked (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service is unavailable */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service did not answer in time */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postStaffAlertsByAlertIdResolve: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                alertId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Resolved */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid request (VALIDATION_FAILED and others) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not signed in, or the token is invalid/expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited or sign-in locked (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service is unavailable */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service did not answer in time */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getStaffReservations: {
        parameters: {
            query: {
                date: string;
                storeId?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Paid and later reservations of the day, grouped by slot */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        date: string;
                        slots: {
                            reservations: {
                                cancelReason: string | null;
                                /**
                                 * Format: date-time
                                 * @description ISO 8601 instant (UTC)
                                 */
                                createdAt: string;
                                /** @constant */
                                currency: "KRW";
                                customer: {
                                    email: string;
                                    id: string;
                                    name: string;
                                    phone: string | null;
                                };
                                /**
                                 * Format: date-time
                                 * @description ISO 8601 instant (UTC)
                                 */
                                expiresAt: string;
                                id: string;
                                items: {
                                    /** @description integer won */
                                    amount: number;
                                    /** @enum {string} */
                                    colorMode: "MONO" | "COLOR";
                                    copies: number;
                                    duplex: boolean;
                                    fileName: string;
                                    pages: number;
                                    /** @enum {string} */
                                    paperSize: "A4" | "A3";
                                    /** @enum {string} */
                                    unit: "SHEET" | "PAGE";
                                    /** @description integer won */
                                    unitPrice: number;
                                    unitsPerCopy: number;
                                    uploadId: string;
                                }[];
                                /** @description the made-to-order notice accepted before paying; null: every cancellation is refunded in full */
                                madeToOrderConsent: {
                                    /**
                                     * Format: date-time
                                     * @description ISO 8601 instant (UTC)
                                     */
                                    acceptedAt: string;
                                    noticeVersion: string;
                                    text: string;
                                } | null;
                                /** @description integer won */
                                paidAmount: number;
                                paidAt: string | null;
                                /** @description integer won */
                                refundedAmount: number;
                                refunds: {
                                    actorId: string | null;
                                    /** @enum {string} */
                                    actorType: "CUSTOMER" | "STAFF" | "SYSTEM";
                                    /** @description integer won */
                                    amount: number;
                                    /**
                                     * Format: date-time
                                     * @description ISO 8601 instant (UTC)
                                     */
                                    createdAt: string;
                                    id: string;
                                    /** @enum {string} */
                                    kind: "CANCELLATION" | "STAFF" | "COMPENSATION" | "EXTERNAL";
                                    reason: string;
                                    /** @enum {string} */
                                    status: "REQUESTED" | "COMPLETED" | "FAILED";
                                }[];
                                slot: {
                                    /**
                                     * Format: date-time
                                     * @description ISO 8601 instant (UTC)
                                     */
                                    endsAt: string;
                                    id: string;
                                    /**
                                     * Format: date-time
                                     * @description ISO 8601 instant (UTC)
                                     */
                                    startsAt: string;
                                };
                                /** @enum {string} */
                                status: "PENDING_PAYMENT" | "CONFIRMED" | "PRINTING" | "READY" | "PICKED_UP" | "EXPIRED" | "CANCELLED" | "CANCEL_REQUESTED" | "REFUNDED";
                                store: {
                                    address: string;
                                    id: string;
                                    name: string;
                                    timeZone: string;
                                };
                                /** @description integer won */
                                totalAmount: number;
                            }[];
                            slot: {
                                /**
                                 * Format: date-time
                                 * @description ISO 8601 instant (UTC)
                                 */
                                endsAt: string;
                                id: string;
                                /**
                                 * Format: date-time
                                 * @description ISO 8601 instant (UTC)
                                 */
                                startsAt: string;
                            };
                        }[];
                        storeId: string;
                    };
                };
            };
            /** @description Invalid request (VALIDATION_FAILED and others) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not signed in, or the token is invalid/expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited or sign-in locked (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service is unavailable */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service did not answer in time */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getStaffReservationsByReservationId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                reservationId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Reservation */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        cancelReason: string | null;
                        /**
                         * Format: date-time
                         * @description ISO 8601 instant (UTC)
                         */
                        createdAt: string;
                        /** @constant */
                        currency: "KRW";
                        customer: {
                            email: string;
                            id: string;
                            name: string;
                            phone: string | null;
                        };
                        /**
                         * Format: date-time
                         * @description ISO 8601 instant (UTC)
                         */
                        expiresAt: string;
                        id: string;
                        items: {
                            /** @description integer won */
                            amount: number;
                            /** @enum {string} */
                            colorMode: "MONO" | "COLOR";
                            copies: number;
                            duplex: boolean;
                            fileName: string;
                            pages: number;
                            /** @enum {string} */
                            paperSize: "A4" | "A3";
                            /** @enum {string} */
                            unit: "SHEET" | "PAGE";
                            /** @description integer won */
                            unitPrice: number;
                            unitsPerCopy: number;
                            uploadId: string;
                        }[];
                        /** @description the made-to-order notice accepted before paying; null: every cancellation is refunded in full */
                        madeToOrderConsent: {
                            /**
                             * Format: date-time
                             * @description ISO 8601 instant (UTC)
                             */
                            acceptedAt: string;
                            noticeVersion: string;
                            text: string;
                        } | null;
                        /** @description integer won */
                        paidAmount: number;
                        paidAt: string | null;
                        /** @description integer won */
                        refundedAmount: number;
                        refunds: {
                            actorId: string | null;
                            /** @enum {string} */
                            actorType: "CUSTOMER" | "STAFF" | "SYSTEM";
                            /** @description integer won */
                            amount: number;
                            /**
                             * Format: date-time
                             * @description ISO 8601 instant (UTC)
                             */
                            createdAt: string;
                            id: string;
                            /** @enum {string} */
                            kind: "CANCELLATION" | "STAFF" | "COMPENSATION" | "EXTERNAL";
                            reason: string;
                            /** @enum {string} */
                            status: "REQUESTED" | "COMPLETED" | "FAILED";
                        }[];
                        slot: {
                            /**
                             * Format: date-time
                             * @description ISO 8601 instant (UTC)
                             */
                            endsAt: string;
                            id: string;
                            /**
                             * Format: date-time
                             * @description ISO 8601 instant (UTC)
                             */
                            startsAt: string;
                        };
                        /** @enum {string} */
                        status: "PENDING_PAYMENT" | "CONFIRMED" | "PRINTING" | "READY" | "PICKED_UP" | "EXPIRED" | "CANCELLED" | "CANCEL_REQUESTED" | "REFUNDED";
                        store: {
                            address: string;
                            id: string;
                            name: string;
                            timeZone: string;
                        };
                        /** @description integer won */
                        totalAmount: number;
                    };
                };
            };
            /** @description Invalid request (VALIDATION_FAILED and others) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not signed in, or the token is invalid/expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited or sign-in locked (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service is unavailable */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service did not answer in time */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getStaffReservationsByReservationIdFilesByUploadId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                reservationId: string;
                uploadId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The PDF */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/pdf": string;
                };
            };
            /** @description Invalid request (VALIDATION_FAILED and others) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not signed in, or the token is invalid/expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Gone */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited or sign-in locked (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service is unavailable */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not ready, or a capacity budget is spent (see Retry-After) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service did not answer in time */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postStaffReservationsByReservationIdPickedUp: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                reservationId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    pickupCode: string;
                };
            };
        };
        responses: {
            /** @description Reservation */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        cancelReason: string | null;
                        /**
                         * Format: date-time
                         * @description ISO 8601 instant (UTC)
                         */
                        createdAt: string;
                        /** @constant */
                        currency: "KRW";
                        customer: {
                            email: string;
                            id: string;
                            name: string;
                            phone: string | null;
                        };
                        /**
                         * Format: date-time
                         * @description ISO 8601 instant (UTC)
                         */
                        expiresAt: string;
                        id: string;
                        items: {
                            /** @description integer won */
                            amount: number;
                            /** @enum {string} */
                            colorMode: "MONO" | "COLOR";
                            copies: number;
                            duplex: boolean;
                            fileName: string;
                            pages: number;
                            /** @enum {string} */
                            paperSize: "A4" | "A3";
                            /** @enum {string} */
                            unit: "SHEET" | "PAGE";
                            /** @description integer won */
                            unitPrice: number;
                            unitsPerCopy: number;
                            uploadId: string;
                        }[];
                        /** @description the made-to-order notice accepted before paying; null: every cancellation is refunded in full */
                        madeToOrderConsent: {
                            /**
                             * Format: date-time
                             * @description ISO 8601 instant (UTC)
                             */
                            acceptedAt: string;
                            noticeVersion: string;
                            text: string;
                        } | null;
                        /** @description integer won */
                        paidAmount: number;
                        paidAt: string | null;
                        /** @description integer won */
                        refundedAmount: number;
                        refunds: {
                            actorId: string | null;
                            /** @enum {string} */
                            actorType: "CUSTOMER" | "STAFF" | "SYSTEM";
                            /** @description integer won */
                            amount: number;
                            /**
                             * Format: date-time
                             * @description ISO 8601 instant (UTC)
                             */
                            createdAt: string;
                            id: string;
                            /** @enum {string} */
                            kind: "CANCELLATION" | "STAFF" | "COMPENSATION" | "EXTERNAL";
                            reason: string;
                            /** @enum {string} */
                            status: "REQUESTED" | "COMPLETED" | "FAILED";
                        }[];
                        slot: {
                            /**
                             * Format: date-time
                             * @description ISO 8601 instant (UTC)
                             */
                            endsAt: string;
                            id: string;
                            /**
                             * Format: date-time
                             * @description ISO 8601 instant (UTC)
                             */
                            startsAt: string;
                        };
                        /** @enum {string} */
                        status: "PENDING_PAYMENT" | "CONFIRMED" | "PRINTING" | "READY" | "PICKED_UP" | "EXPIRED" | "CANCELLED" | "CANCEL_REQUESTED" | "REFUNDED";
                        store: {
                            address: string;
                            id: string;
                            name: string;
                            timeZone: string;
                        };
                        /** @description integer won */
                        totalAmount: number;
                    };
                };
            };
            /** @description Invalid request (VALIDATION_FAILED and others) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not signed in, or the token is invalid/expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state (e.g. SLOT_FULL) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited or sign-in locked (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service is unavailable */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service did not answer in time */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postStaffReservationsByReservationIdPrinting: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                reservationId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Reservation */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        cancelReason: string | null;
                        /**
                         * Format: date-time
                         * @description ISO 8601 instant (UTC)
                         */
                        createdAt: string;
                        /** @constant */
                        currency: "KRW";
                        customer: {
                            email: string;
                            id: string;
                            name: string;
                            phone: string | null;
                        };
                        /**
                         * Format: date-time
                         * @description ISO 8601 instant (UTC)
                         */
                        expiresAt: string;
                        id: string;
                        items: {
                            /** @description integer won */
                            amount: number;
                            /** @enum {string} */
                            colorMode: "MONO" | "COLOR";
                            copies: number;
                            duplex: boolean;
                            fileName: string;
                            pages: number;
                            /** @enum {string} */
                            paperSize: "A4" | "A3";
                            /** @enum {string} */
                            unit: "SHEET" | "PAGE";
                            /** @description integer won */
                            unitPrice: number;
                            unitsPerCopy: number;
                            uploadId: string;
                        }[];
                        /** @description the made-to-order notice accepted before paying; null: every cancellation is refunded in full */
                        madeToOrderConsent: {
                            /**
                             * Format: date-time
                             * @description ISO 8601 instant (UTC)
                             */
                            acceptedAt: string;
                            noticeVersion: string;
                            text: string;
                        } | null;
                        /** @description integer won */
                        paidAmount: number;
                        paidAt: string | null;
                        /** @description integer won */
                        refundedAmount: number;
                        refunds: {
                            actorId: string | null;
                            /** @enum {string} */
                            actorType: "CUSTOMER" | "STAFF" | "SYSTEM";
                            /** @description integer won */
                            amount: number;
                            /**
                             * Format: date-time
                             * @description ISO 8601 instant (UTC)
                             */
                            createdAt: string;
                            id: string;
                            /** @enum {string} */
                            kind: "CANCELLATION" | "STAFF" | "COMPENSATION" | "EXTERNAL";
                            reason: string;
                            /** @enum {string} */
                            status: "REQUESTED" | "COMPLETED" | "FAILED";
                        }[];
                        slot: {
                            /**
                             * Format: date-time
                             * @description ISO 8601 instant (UTC)
                             */
                            endsAt: string;
                            id: string;
                            /**
                             * Format: date-time
                             * @description ISO 8601 instant (UTC)
                             */
                            startsAt: string;
                        };
                        /** @enum {string} */
                        status: "PENDING_PAYMENT" | "CONFIRMED" | "PRINTING" | "READY" | "PICKED_UP" | "EXPIRED" | "CANCELLED" | "CANCEL_REQUESTED" | "REFUNDED";
                        store: {
                            address: string;
                            id: string;
                            name: string;
                            timeZone: string;
                        };
                        /** @description integer won */
                        totalAmount: number;
                    };
                };
            };
            /** @description Invalid request (VALIDATION_FAILED and others) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not signed in, or the token is invalid/expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state (e.g. SLOT_FULL) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited or sign-in locked (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service is unavailable */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service did not answer in time */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postStaffReservationsByReservationIdReady: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                reservationId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Reservation */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        cancelReason: string | null;
                        /**
                         * Format: date-time
                         * @description ISO 8601 instant (UTC)
                         */
                        createdAt: string;
                        /** @constant */
                        currency: "KRW";
                        customer: {
                            email: string;
                            id: string;
                            name: string;
                            phone: string | null;
                        };
                        /**
                         * Format: date-time
                         * @description ISO 8601 instant (UTC)
                         */
                        expiresAt: string;
                        id: string;
                        items: {
                            /** @description integer won */
                            amount: number;
                            /** @enum {string} */
                            colorMode: "MONO" | "COLOR";
                            copies: number;
                            duplex: boolean;
                            fileName: string;
                            pages: number;
                            /** @enum {string} */
                            paperSize: "A4" | "A3";
                            /** @enum {string} */
                            unit: "SHEET" | "PAGE";
                            /** @description integer won */
                            unitPrice: number;
                            unitsPerCopy: number;
                            uploadId: string;
                        }[];
                        /** @description the made-to-order notice accepted before paying; null: every cancellation is refunded in full */
                        madeToOrderConsent: {
                            /**
                             * Format: date-time
                             * @description ISO 8601 instant (UTC)
                             */
                            acceptedAt: string;
                            noticeVersion: string;
                            text: string;
                        } | null;
                        /** @description integer won */
                        paidAmount: number;
                        paidAt: string | null;
                        /** @description integer won */
                        refundedAmount: number;
                        refunds: {
                            actorId: string | null;
                            /** @enum {string} */
                            actorType: "CUSTOMER" | "STAFF" | "SYSTEM";
                            /** @description integer won */
                            amount: number;
                            /**
                             * Format: date-time
                             * @description ISO 8601 instant (UTC)
                             */
                            createdAt: string;
                            id: string;
                            /** @enum {string} */
                            kind: "CANCELLATION" | "STAFF" | "COMPENSATION" | "EXTERNAL";
                            reason: string;
                            /** @enum {string} */
                            status: "REQUESTED" | "COMPLETED" | "FAILED";
                        }[];
                        slot: {
                            /**
                             * Format: date-time
                             * @description ISO 8601 instant (UTC)
                             */
                            endsAt: string;
                            id: string;
                            /**
                             * Format: date-time
                             * @description ISO 8601 instant (UTC)
                             */
                            startsAt: string;
                        };
                        /** @enum {string} */
                        status: "PENDING_PAYMENT" | "CONFIRMED" | "PRINTING" | "READY" | "PICKED_UP" | "EXPIRED" | "CANCELLED" | "CANCEL_REQUESTED" | "REFUNDED";
                        store: {
                            address: string;
                            id: string;
                            name: string;
                            timeZone: string;
                        };
                        /** @description integer won */
                        totalAmount: number;
                    };
                };
            };
            /** @description Invalid request (VALIDATION_FAILED and others) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not signed in, or the token is invalid/expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state (e.g. SLOT_FULL) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited or sign-in locked (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service is unavailable */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service did not answer in time */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postStaffReservationsByReservationIdRefund: {
        parameters: {
            query?: never;
            header?: {
                /** @description Retrying with the same key returns the first result */
                "Idempotency-Key"?: string;
            };
            path: {
                reservationId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    amount: number;
                    reason: string;
                };
            };
        };
        responses: {
            /** @description Refund requested; the payment service carries it out */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description integer won */
                        amount: number;
                        refundId: string;
                        /** @description integer won */
                        remainingRefundable: number;
                        /** @constant */
                        status: "REQUESTED";
                    };
                };
            };
            /** @description Invalid request (VALIDATION_FAILED and others) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not signed in, or the token is invalid/expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state (e.g. SLOT_FULL) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited or sign-in locked (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service is unavailable */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service did not answer in time */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getStores: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Stores, by name */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        address: string;
                        bookingDays: number;
                        capacityPagesPerSlot: number;
                        id: string;
                        leadMinutes: number;
                        name: string;
                        /** @description per weekday 0 (Sunday) … 6, local HH:mm ranges */
                        openingHours: {
                            [key: string]: {
                                close: string;
                                open: string;
                            }[];
                        };
                        phone: string | null;
                        priceTable: {
                            /** @constant */
                            currency: "KRW";
                            /** @constant */
                            duplexRule: "PER_SHEET";
                            /**
                             * Format: date-time
                             * @description ISO 8601 instant (UTC)
                             */
                            effectiveFrom: string;
                            id: string;
                            /** @description integer won */
                            minimumCharge: number;
                            prices: {
                                /** @enum {string} */
                                colorMode: "MONO" | "COLOR";
                                /** @enum {string} */
                                paperSize: "A4" | "A3";
                                /** @description integer won */
                                pricePerDuplexSheet: number;
                                /** @description integer won */
                                pricePerPage: number;
                            }[];
                        } | null;
                        slotMinutes: number;
                        timeZone: string;
                        upcomingPriceTable: {
                            /** @constant */
                            currency: "KRW";
                            /** @constant */
                            duplexRule: "PER_SHEET";
                            /**
                             * Format: date-time
                             * @description ISO 8601 instant (UTC)
                             */
                            effectiveFrom: string;
                            id: string;
                            /** @description integer won */
                            minimumCharge: number;
                            prices: {
                                /** @enum {string} */
                                colorMode: "MONO" | "COLOR";
                                /** @enum {string} */
                                paperSize: "A4" | "A3";
                                /** @description integer won */
                                pricePerDuplexSheet: number;
                                /** @description integer won */
                                pricePerPage: number;
                            }[];
                        } | null;
                    }[];
                };
            };
            /** @description Rate limited or sign-in locked (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service is unavailable */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service did not answer in time */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getStoresByStoreId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                storeId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Store */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        address: string;
                        bookingDays: number;
                        capacityPagesPerSlot: number;
                        id: string;
                        leadMinutes: number;
                        name: string;
                        /** @description per weekday 0 (Sunday) … 6, local HH:mm ranges */
                        openingHours: {
                            [key: string]: {
                                close: string;
                                open: string;
                            }[];
                        };
                        phone: string | null;
                        priceTable: {
                            /** @constant */
                            currency: "KRW";
                            /** @constant */
                            duplexRule: "PER_SHEET";
                            /**
                             * Format: date-time
                             * @description ISO 8601 instant (UTC)
                             */
                            effectiveFrom: string;
                            id: string;
                            /** @description integer won */
                            minimumCharge: number;
                            prices: {
                                /** @enum {string} */
                                colorMode: "MONO" | "COLOR";
                                /** @enum {string} */
                                paperSize: "A4" | "A3";
                                /** @description integer won */
                                pricePerDuplexSheet: number;
                                /** @description integer won */
                                pricePerPage: number;
                            }[];
                        } | null;
                        slotMinutes: number;
                        timeZone: string;
                        upcomingPriceTable: {
                            /** @constant */
                            currency: "KRW";
                            /** @constant */
                            duplexRule: "PER_SHEET";
                            /**
                             * Format: date-time
                             * @description ISO 8601 instant (UTC)
                             */
                            effectiveFrom: string;
                            id: string;
                            /** @description integer won */
                            minimumCharge: number;
                            prices: {
                                /** @enum {string} */
                                colorMode: "MONO" | "COLOR";
                                /** @enum {string} */
                                paperSize: "A4" | "A3";
                                /** @description integer won */
                                pricePerDuplexSheet: number;
                                /** @description integer won */
                                pricePerPage: number;
                            }[];
                        } | null;
                    };
                };
            };
            /** @description Invalid request (VALIDATION_FAILED and others) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited or sign-in locked (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service is unavailable */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service did not answer in time */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getStoresByStoreIdSlots: {
        parameters: {
            query: {
                date: string;
            };
            header?: never;
            path: {
                storeId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Slots, in time order (none past, closed or inside the lead time) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        capacity: number;
                        /**
                         * Format: date-time
                         * @description ISO 8601 instant (UTC)
                         */
                        endsAt: string;
                        id: string;
                        remaining: number;
                        /**
                         * Format: date-time
                         * @description ISO 8601 instant (UTC)
                         */
                        startsAt: string;
                    }[];
                };
            };
            /** @description Invalid request (VALIDATION_FAILED and others) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited or sign-in locked (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service is unavailable */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service did not answer in time */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postUploads: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "multipart/form-data": {
                    file: string;
                };
            };
        };
        responses: {
            /** @description The upload */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        fileName: string;
                        id: string;
                        pages: number;
                        sha256: string;
                        sizeBytes: number;
                    };
                };
            };
            /** @description Invalid request (VALIDATION_FAILED and others) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not signed in, or the token is invalid/expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported media type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited or sign-in locked (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service is unavailable */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not ready, or a capacity budget is spent (see Retry-After) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service did not answer in time */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getUploadsByUploadId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                uploadId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Upload */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * Format: date-time
                         * @description ISO 8601 instant (UTC)
                         */
                        createdAt: string;
                        deleted: boolean;
                        fileName: string;
                        id: string;
                        pages: number;
                        sha256: string;
                        sizeBytes: number;
                    };
                };
            };
            /** @description Invalid request (VALIDATION_FAILED and others) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not signed in, or the token is invalid/expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited or sign-in locked (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service is unavailable */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service did not answer in time */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getUploadsByUploadIdFile: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                uploadId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The PDF */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/pdf": string;
                };
            };
            /** @description Invalid request (VALIDATION_FAILED and others) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not signed in, or the token is invalid/expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Gone */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited or sign-in locked (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service is unavailable */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not ready, or a capacity budget is spent (see Retry-After) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service did not answer in time */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
}
