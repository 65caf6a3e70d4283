import { createApi } from "@preprint/service-kit";
import * as s from "./schemas";

/**
 * Every operation the service serves, declared once: the routes are mounted from these
 * declarations and answer through their response schemas, and GET /openapi.json is built from
 * them. Paths are documented as clients call them (`/api/...`); the gateway strips `/api` before
 * forwarding, so the routes mount them without it (the kit's `serveOperation`).
 */
export const api = createApi({ service: "payment", title: "preprint payment service", version: "1.0.0" });

export const paymentConfigOp = api.operation({
  method: "get",
  path: "/api/payments/config",
  tag: "payments",
  summary: "PortOne browser SDK configuration",
  security: "none",
  response: { status: 200, description: "Mode, store id and channels", schema: s.paymentConfigResponseSchema },
});

export const checkoutOp = api.operation({
  method: "post",
  path: "/api/payments/checkout",
  tag: "payments",
  summary: "Start paying a reservation",
  security: "user",
  body: s.checkoutBodySchema,
  idempotent: true,
  response: {
    status: 201,
    description: "Browser SDK parameters incl. paymentId, totalAmount (and checkoutUrl in sandbox mode)",
    schema: s.checkoutResponseSchema,
  },
  errors: [404, 409, 502, 504],
  codes: [
    "RESERVATION_NOT_FOUND",
    "RESERVATION_NOT_PAYABLE",
    "RESERVATION_EXPIRED",
    "ALREADY_PAID",
    "CHECKOUT_CONFLICT",
    "PORTONE_UNAVAILABLE",
    "UPSTREAM_BAD_RESPONSE",
  ],
});

export const completeOp = api.operation({
  method: "post",
  path: "/api/payments/{paymentId}/complete",
  tag: "payments",
  summary: "Confirm a payment after the browser flow (idempotent)",
  security: "user",
  params: s.paymentParamsSchema,
  response: { status: 200, description: "Outcome", schema: s.completeResponseSchema },
  errors: [400, 404],
  codes: ["PAYMENT_NOT_FOUND"],
});

export const getPaymentOp = api.operation({
  method: "get",
  path: "/api/payments/{paymentId}",
  tag: "payments",
  summary: "Our record of a payment",
  security: "user",
  params: s.paymentParamsSchema,
  response: { status: 200, description: "Payment", schema: s.paymentResponseSchema },
  errors: [400, 404],
  codes: ["PAYMENT_NOT_FOUND"],
});

// the body is read by the handler, after the signature over its raw bytes is verified
export const webhookOp = api.operation({
  method: "post",
  path: "/api/payments/webhooks/portone",
  tag: "payments",
  summary: "PortOne webhook (Standard Webhooks signature over the raw body)",
  security: "none",
  body: s.portoneWebhookBodySchema,
  response: { status: 200, description: "Accepted (settled, a replay, or a type we do not act on)", schema: s.webhookResponseSchema },
  errors: [400, 503],
  codes: ["WEBHOOK_INVALID", "WEBHOOK_SIGNATURE_INVALID", "PORTONE_UNAVAILABLE"],
});
