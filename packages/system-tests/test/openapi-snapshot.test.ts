import { existsSync, readFileSync } from "node:fs";
import SwaggerParser from "@apidevtools/swagger-parser";
import { buildSnapshot, DOCUMENTED_SERVICES, serviceSnapshotFile, SNAPSHOT_FILE, toFileText } from "../src/openapi-snapshot";

/**
 * docs/openapi.json is what the web app's types are generated from: it must be exactly what the
 * services' declarations produce. Regenerate with `pnpm --filter @preprint/system-tests run openapi:snapshot`.
 */
const snapshot = buildSnapshot();
const STALE = "stale: run `pnpm --filter @preprint/system-tests run openapi:snapshot` and commit docs/openapi*";

describe("docs/openapi.json", () => {
  it("when the services' declarations are built, then the committed public document is the same, byte for byte", () => {
    expect(existsSync(SNAPSHOT_FILE)).toBe(true);
    expect([STALE, readFileSync(SNAPSHOT_FILE, "utf8")]).toEqual([STALE, toFileText(snapshot.public)]);
  });

  it("when the services' declarations are built, then each service's committed document is the same (and none is left for a service without one)", () => {
    for (const part of snapshot.services) {
      const file = serviceSnapshotFile(part.service);
      if (!part.document) expect([part.service, existsSync(file)]).toEqual([part.service, false]);
      else expect([STALE, part.service, readFileSync(file, "utf8")]).toEqual([STALE, part.service, toFileText(part.document)]);
    }
  });

  it("when the public document is validated, then it is valid OpenAPI 3.1", async () => {
    await expect(SwaggerParser.validate(structuredClone(snapshot.public) as never)).resolves.toBeDefined();
  });

  it("when a service has a document, then the public API v1 paths it owns are all in the public document", () => {
    // docs/conventions.md "Public API v1": extend, never rename
    const v1: Record<string, string[]> = {
      gateway: [
        "post /api/auth/signup",
        "post /api/auth/login",
        "post /api/auth/refresh",
        "post /api/auth/logout",
        "get /api/auth/me",
        "get /api/health",
        "get /api/docs",
      ],
      reservation: [
        "get /api/stores",
        "get /api/stores/{storeId}",
        "get /api/stores/{storeId}/slots",
        "get /api/refund-policy",
        "post /api/uploads",
        "get /api/uploads/{uploadId}",
        "get /api/uploads/{uploadId}/file",
        "post /api/quotes",
        "post /api/reservations",
        "get /api/reservations",
        "get /api/reservations/{reservationId}",
        "get /api/reservations/{reservationId}/cancel-preview",
        "post /api/reservations/{reservationId}/cancel",
        "get /api/staff/reservations",
        "get /api/staff/reservations/{reservationId}",
        "get /api/staff/alerts",
        "post /api/staff/alerts/{alertId}/resolve",
        "post /api/staff/reservations/{reservationId}/printing",
        "post /api/staff/reservations/{reservationId}/ready",
        "post /api/staff/reservations/{reservationId}/picked-up",
        "get /api/staff/reservations/{reservationId}/files/{uploadId}",
        "post /api/staff/reservations/{reservationId}/refund",
      ],
      payment: [
        "get /api/payments/config",
        "post /api/payments/checkout",
        "post /api/payments/{paymentId}/complete",
        "get /api/payments/{paymentId}",
        "post /api/payments/webhooks/portone",
      ],
      notification: [
        "get /api/notifications",
        "get /api/notifications/unread-count",
        "post /api/notifications/{notificationId}/read",
        "post /api/notifications/read-all",
        "get /api/notifications/preferences",
        "put /api/notifications/preferences",
        "get /api/notifications/stream",
      ],
      printing: [
        "post /api/admin/stores/{storeId}/devices",
        "get /api/admin/stores/{storeId}/devices",
        "delete /api/admin/stores/{storeId}/devices/{deviceId}",
        "post /api/kiosk/release",
        "get /api/kiosk/reservations/{id}",
        "get /api/agent/jobs",
        "get /api/agent/jobs/{jobId}/document",
        "post /api/agent/jobs/{jobId}/events",
        "post /api/agent/printer-status",
      ],
    };
    const documented = new Map<string, string>(
      Object.entries(snapshot.public.paths).flatMap(([p, ops]) =>
        Object.entries(ops).map(([m, op]) => [`${m} ${p}`, String(op["x-service"])] as const),
      ),
    );
    const available = new Set(["gateway", ...DOCUMENTED_SERVICES.filter((s) => snapshot.services.find((p) => p.service === s)?.document)]);
    for (const [service, keys] of Object.entries(v1)) {
      if (!available.has(service)) continue;
      for (const key of keys) expect([key, documented.get(key)]).toEqual([key, service]);
    }
  });
});
