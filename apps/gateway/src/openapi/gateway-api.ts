import { z } from "zod";
import { createApi } from "@preprint/service-kit";
import { authResponse, loginBody, meResponse, signupBody } from "../accounts/schemas";

/**
 * The operations the gateway serves itself (accounts, health, this document), declared with the
 * service kit's builder like every service's. The rest of `/api/docs` comes from the services'
 * own `GET /openapi.json` (public-docs.ts).
 */
export const gatewayApi = createApi({ service: "gateway", title: "preprint gateway", version: "1.0.0" });

export const signupOperation = gatewayApi.operation({
  method: "post",
  path: "/api/auth/signup",
  tag: "auth",
  summary: "Create a customer account",
  security: "none",
  body: signupBody,
  response: { status: 201, description: "Signed up; the refresh token is set as an httpOnly cookie", schema: authResponse },
  errors: [403, 409],
  codes: ["VALIDATION_FAILED", "NAME_TOO_LONG", "EMAIL_TOO_LONG", "EMAIL_TAKEN", "ORIGIN_NOT_ALLOWED"],
});

export const loginOperation = gatewayApi.operation({
  method: "post",
  path: "/api/auth/login",
  tag: "auth",
  summary: "Sign in",
  security: "none",
  body: loginBody,
  response: { status: 200, description: "Signed in; the refresh token is set as an httpOnly cookie", schema: authResponse },
  errors: [401, 403, 429],
  codes: ["VALIDATION_FAILED", "INVALID_CREDENTIALS", "LOGIN_LOCKED", "ORIGIN_NOT_ALLOWED"],
});

export const refreshOperation = gatewayApi.operation({
  method: "post",
  path: "/api/auth/refresh",
  tag: "auth",
  summary: "Exchange the refresh cookie for a new access token (the cookie rotates)",
  security: "none",
  response: { status: 200, description: "New access token; new refresh cookie", schema: authResponse },
  errors: [401, 403],
  codes: ["REFRESH_TOKEN_MISSING", "REFRESH_TOKEN_INVALID", "REFRESH_TOKEN_EXPIRED", "REFRESH_TOKEN_REUSED", "ORIGIN_NOT_ALLOWED"],
});

export const logoutOperation = gatewayApi.operation({
  method: "post",
  path: "/api/auth/logout",
  tag: "auth",
  summary: "Sign out this device (revokes the refresh token family)",
  security: "none",
  response: { status: 204, description: "Signed out; cookie cleared" },
  errors: [403],
  codes: ["ORIGIN_NOT_ALLOWED"],
});

export const meOperation = gatewayApi.operation({
  method: "get",
  path: "/api/auth/me",
  tag: "auth",
  summary: "The signed-in user",
  security: "user",
  response: { status: 200, description: "The user", schema: meResponse },
  codes: ["UNAUTHENTICATED", "TOKEN_INVALID", "TOKEN_EXPIRED"],
});

export const healthResponse = z
  .object({
    status: z.enum(["ready", "degraded"]),
    components: z.record(z.string(), z.object({ status: z.enum(["up", "down"]) })),
  })
  .meta({ id: "Health" });

export const healthOperation = gatewayApi.operation({
  method: "get",
  path: "/api/health",
  tag: "operations",
  summary: "Readiness of every service and the gateway's database",
  security: "none",
  response: { status: 200, description: "All ready", schema: healthResponse },
  otherResponses: { 503: { description: "Not all ready: the same body, status degraded", schema: healthResponse } },
});

export const docsOperation = gatewayApi.operation({
  method: "get",
  path: "/api/docs",
  tag: "operations",
  summary: "This document (OpenAPI 3.1), built from the services' own documents",
  description:
    "A service whose document could not be read is listed in `x-unavailable`; its operations are missing until it answers again.",
  security: "none",
  response: {
    status: 200,
    description: "OpenAPI 3.1",
    schema: z.looseObject({
      openapi: z.string(),
      paths: z.record(z.string(), z.unknown()),
      "x-unavailable": z.record(z.string(), z.string()).optional(),
    }),
  },
});
